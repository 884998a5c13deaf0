import type { SystemMessageType } from '@parley/shared';
import { fail } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import { capacityOf, hasRoom } from '../agents/index.js';
import { enqueue, type ConversationDeps } from './deps.js';
import type { ConversationRow } from './presenters.js';

/**
 * The steps state changes share: system messages, reserving an agent (row lock + capacity), putting a
 * conversation back in the queue, and recording transfers. Always called inside the caller's transaction.
 */
export class ConversationSteps {
  constructor(private readonly d: ConversationDeps) {}

  system(c: ConversationRow, type: SystemMessageType, data: Record<string, unknown> = {}) {
    return this.d.timeline.append([
      {
        conversationId: c.id,
        author: { type: 'system', id: null, name: null },
        kind: 'system',
        systemType: type,
        text: '',
        data,
      },
    ]);
  }

  /** Locks the agent row and checks the agent may take one more chat now. */
  async reserveAgent(agentId: string, departmentId: string | null): Promise<void> {
    const who = await this.d.directory.serving(agentId);
    if (!who?.canServe) fail('agent.not-found', undefined, 'agentId');
    const state = await this.d.agents.lockForAssignment(agentId);
    const department = departmentId ? await this.d.departments.find(departmentId) : undefined;
    const capacity = capacityOf({
      agentMax: state.maxChats,
      department,
      globalMax: this.d.settings.get('queue.maxChatsPerAgent'),
      isBot: who.isBot,
    });
    if (capacity === 0) return;
    const open = (await this.d.repo.openCounts([agentId])).get(agentId) ?? 0;
    if (!hasRoom(capacity, open)) fail('agent.capacity-reached');
  }

  async roomFor(agentId: string, departmentId: string | null): Promise<boolean> {
    try {
      await this.reserveAgent(agentId, departmentId);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Back to the queue (optionally of another department): the agent is released. `excludeAgentId`: the
   * dispatcher will not give it to that agent while it waits (a timer took it from them).
   */
  async requeue(c: ConversationRow, departmentId: string | null, excludeAgentId?: string): Promise<ConversationRow> {
    const now = this.d.clock.now();
    const row = await this.d.repo.update(c.id, {
      status: 'queued',
      agent_id: null,
      department_id: departmentId,
      queued_at: now,
      assigned_at: null,
      on_hold_at: null,
    });
    await enqueue(this.d, row, departmentId, now, excludeAgentId ?? null);
    if (c.agent_id) {
      const agent = await this.d.directory.one(c.agent_id);
      await this.system(row, 'user-leave', { agentId: c.agent_id, agentName: agent?.name ?? null });
    }
    this.d.bus.emit('conversation.queued', { conversationId: c.id, departmentId });
    return row;
  }

  async recordTransfer(
    c: ConversationRow,
    to: { toAgentId: string | null; toDepartmentId: string | null },
    comment: string,
    actor: Actor,
    forced: boolean,
  ): Promise<void> {
    await this.d.repo.addTransfer({
      id: uuidv7(),
      conversation_id: c.id,
      from_agent_id: c.agent_id,
      to_agent_id: to.toAgentId,
      from_department_id: c.department_id,
      to_department_id: to.toDepartmentId,
      comment,
      by_type: actor.kind,
      by_id: actor.kind === 'staff' ? actor.userId : actor.kind === 'visitor' ? actor.visitorId : null,
      forced,
      at: this.d.clock.now(),
    });
  }

  /** Behaviour §2 eligibility for a transfer target. */
  async assertEligibleTarget(agentId: string, departmentId: string | null): Promise<void> {
    const state = await this.d.agents.state(agentId);
    const presenceOk =
      state.presence === 'online' || (state.presence === 'away' && this.d.settings.get('general.acceptWhenIdle'));
    if (state.availability !== 'available' || !presenceOk)
      fail('transfer.agent-not-eligible', 'The agent is not available', 'body.agentId');
    if (departmentId) {
      const dept = await this.d.departments.find(departmentId);
      if (dept && !dept.agents.some((a) => a.userId === agentId)) {
        fail('transfer.agent-not-eligible', 'The agent is not in this department', 'body.agentId');
      }
    }
    try {
      await this.reserveAgent(agentId, departmentId);
    } catch {
      fail('transfer.agent-not-eligible', 'The agent has no room for another chat', 'body.agentId');
    }
  }

  async reserveAgentForce(agentId: string): Promise<void> {
    const user = await this.d.users.byId(agentId);
    if (!user || !user.active || !(user.roles.includes('agent') || user.roles.includes('bot')))
      fail('agent.not-found', undefined, 'body.agentId');
    await this.d.agents.lockForAssignment(agentId);
  }
}
