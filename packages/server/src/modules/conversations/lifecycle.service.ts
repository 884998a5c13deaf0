import type { SystemMessageType } from '@parley/shared';
import { fail } from '../../kernel/errors.js';
import type { Actor, StaffActor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import { assertCanAct } from './access.js';
import { capacityOf, hasRoom } from './capacity.js';
import { emitChanged, enqueue, type ConversationDeps } from './deps.js';
import type { ConversationRow } from './presenters.js';

const secondsBetween = (a: Date, b: Date | null) => (b ? Math.max(0, (a.getTime() - b.getTime()) / 1000) : null);

export type Closer =
  { type: 'agent'; actor: StaffActor } | { type: 'visitor'; visitorId: string } | { type: 'system'; reason: string };

/**
 * State changes of a conversation: assignment, close, hold/resume, transfer. Each runs in one
 * transaction that locks the conversation row (and, when assigning, the agent's row), writes the system
 * message and emits events — so two processes can never both assign or both close one conversation.
 */
export class LifecycleService {
  /** Set by routing: where a conversation sent to this department really goes (its fallback chain). */
  departmentFallback: ((departmentId: string) => Promise<string>) | undefined;

  constructor(private readonly d: ConversationDeps) {}

  private system(c: ConversationRow, type: SystemMessageType, data: Record<string, unknown> = {}) {
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

  /**
   * Gives a queued conversation to an agent: capacity check, assignment and queue removal in one
   * transaction with the agent's row locked. `conversation.already-taken` when someone was faster.
   */
  async assign(conversationId: string, agentId: string): Promise<ConversationRow> {
    return this.d.db.tx(async () => {
      const c = await this.d.repo.lock(conversationId);
      if (c.status === 'closed') fail('conversation.closed');
      if (c.status !== 'queued') fail('conversation.already-taken');
      await this.reserveAgent(agentId, c.department_id);
      const now = this.d.clock.now();
      await this.d.repo.dequeue(c.id);
      const row = await this.d.repo.update(c.id, {
        status: 'open',
        agent_id: agentId,
        assigned_at: now,
        wait_seconds: c.wait_seconds ?? secondsBetween(now, c.queued_at),
      });
      await this.d.agents.markAssigned(agentId, now);
      const agent = await this.d.directory.one(agentId);
      await this.system(row, 'user-join', { agentId, agentName: agent?.name ?? null });
      this.d.bus.emit('conversation.taken', { conversationId: c.id, agentId, previousAgentId: c.agent_id });
      await emitChanged(this.d, row, c);
      return row;
    });
  }

  /** Locks the agent row and checks the agent may take one more chat now. */
  private async reserveAgent(agentId: string, departmentId: string | null): Promise<void> {
    const user = await this.d.users.repo.byId(agentId);
    if (!user || !user.active || !(user.roles.includes('agent') || user.roles.includes('bot')))
      fail('agent.not-found', undefined, 'agentId');
    const state = await this.d.agents.lockForAssignment(agentId);
    const department = departmentId ? await this.d.departments.find(departmentId) : undefined;
    const capacity = capacityOf({
      agentMax: state.maxChats,
      department,
      globalMax: this.d.settings.get('queue.maxChatsPerAgent'),
      isBot: user.roles.includes('bot') && !user.roles.includes('agent'),
    });
    if (capacity === 0) return;
    const open = (await this.d.repo.openCounts([agentId])).get(agentId) ?? 0;
    if (!hasRoom(capacity, open)) fail('agent.capacity-reached');
  }

  async close(id: string, closer: Closer, opts: { comment?: string; tags?: string[] } = {}): Promise<ConversationRow> {
    return this.d.db.tx(async () => {
      const c = await this.d.repo.lock(id);
      if (c.status === 'closed') fail('conversation.closed');
      const comment = opts.comment?.trim() || null;
      const tags = [...new Set([...c.tags, ...(opts.tags ?? [])])];
      if (closer.type === 'agent') {
        assertCanAct(closer.actor, c);
        if (this.d.settings.get('general.requireCloseComment') && !comment)
          fail('conversation.comment-required', undefined, 'body.comment');
        const dept = c.department_id ? await this.d.departments.find(c.department_id) : undefined;
        if (dept?.requestTagBeforeClosing) {
          const allowed = dept.closingTags;
          const ok = allowed.length === 0 ? tags.length > 0 : tags.some((t) => allowed.includes(t));
          if (!ok)
            fail(
              'conversation.tags-required',
              `Add one of the closing tags: ${allowed.join(', ') || 'any tag'}`,
              'body.tags',
            );
        }
      }
      const now = this.d.clock.now();
      await this.d.repo.dequeue(c.id);
      const byId = closer.type === 'agent' ? closer.actor.userId : closer.type === 'visitor' ? closer.visitorId : null;
      const row = await this.d.repo.update(c.id, {
        status: 'closed',
        closed_at: now,
        closed_by_type: closer.type,
        closed_by_id: byId,
        close_comment: comment ?? (closer.type === 'system' ? closer.reason : null),
        tags,
        chat_duration_seconds: secondsBetween(now, c.created_at),
        service_duration_seconds: secondsBetween(now, c.assigned_at),
        unanswered_since: null,
      });
      await this.system(row, 'conversation-finished', {
        message: this.d.settings.get('livechat.finished.message'),
        closedBy: closer.type,
        ...(comment && closer.type !== 'visitor' ? { comment } : {}),
      });
      await this.d.visitors.touchContactChat(c.contact_id, now);
      if (c.agent_id) await this.d.visitors.setLastAgent(c.visitor_id, c.agent_id);
      this.d.bus.emit('conversation.closed', {
        conversationId: c.id,
        by: closer.type,
        byId,
        agentId: c.agent_id,
        comment: row.close_comment,
      });
      await emitChanged(this.d, row, c);
      return row;
    });
  }

  async hold(actor: StaffActor, id: string): Promise<ConversationRow> {
    if (!this.d.settings.get('sessions.onHold.allowManual')) fail('conversation.on-hold-not-allowed');
    return this.placeOnHold(id, actor);
  }

  /** Also used by the visitor-abandonment timer (with no actor). */
  async placeOnHold(id: string, actor: StaffActor | null): Promise<ConversationRow> {
    return this.d.db.tx(async () => {
      const c = await this.d.repo.lock(id);
      if (actor) assertCanAct(actor, c);
      if (c.status !== 'open') fail('conversation.not-open');
      if (this.d.settings.get('sessions.onHold.onlyAfterAgentEngagement') && !(await this.lastIsAgents(c.id))) {
        fail('conversation.on-hold-needs-agent-message');
      }
      const row = await this.d.repo.update(c.id, { status: 'on-hold', on_hold_at: this.d.clock.now() });
      await this.system(row, 'on-hold', {});
      this.d.bus.emit('conversation.on-hold', { conversationId: c.id, agentId: c.agent_id });
      await emitChanged(this.d, row, c);
      return row;
    });
  }

  private async lastIsAgents(conversationId: string): Promise<boolean> {
    const last = await this.d.db.q
      .selectFrom('messages')
      .select('author_type')
      .where('conversation_id', '=', conversationId)
      .where('kind', '!=', 'system')
      .where('deleted_at', 'is', null)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return last?.author_type === 'agent' || last?.author_type === 'bot';
  }

  /**
   * Back from hold (the agent resumes, or the visitor writes). If the agent has no room any more, the
   * conversation goes back to the queue instead.
   */
  async resume(id: string, by: { actor?: StaffActor; visitorId?: string }): Promise<ConversationRow> {
    return this.d.db.tx(async () => {
      const c = await this.d.repo.lock(id);
      if (by.actor) assertCanAct(by.actor, c);
      if (c.status !== 'on-hold') fail('conversation.not-open');
      let row: ConversationRow;
      const agentHasRoom = c.agent_id ? await this.roomFor(c.agent_id, c.department_id) : false;
      if (agentHasRoom) {
        row = await this.d.repo.update(c.id, { status: 'open', on_hold_at: null });
        await this.system(row, 'resumed', {});
      } else {
        row = await this.requeue(c, c.department_id);
      }
      this.d.bus.emit('conversation.resumed', { conversationId: c.id, agentId: row.agent_id });
      await emitChanged(this.d, row, c);
      return row;
    });
  }

  private async roomFor(agentId: string, departmentId: string | null): Promise<boolean> {
    try {
      await this.reserveAgent(agentId, departmentId);
      return true;
    } catch {
      return false;
    }
  }

  /** Back to the queue (optionally of another department): the agent is released. */
  private async requeue(c: ConversationRow, departmentId: string | null): Promise<ConversationRow> {
    const now = this.d.clock.now();
    const row = await this.d.repo.update(c.id, {
      status: 'queued',
      agent_id: null,
      department_id: departmentId,
      queued_at: now,
      assigned_at: null,
      on_hold_at: null,
    });
    await enqueue(this.d, row, departmentId, now);
    if (c.agent_id) {
      const agent = await this.d.directory.one(c.agent_id);
      await this.system(row, 'user-leave', { agentId: c.agent_id, agentName: agent?.name ?? null });
    }
    this.d.bus.emit('conversation.queued', { conversationId: c.id, departmentId });
    return row;
  }

  /**
   * Transfer to an agent (who must be able to take it now, unless an admin forces it — logged) or to a
   * department (back to the queue there; `allowedForwardIds` of the current department limits it).
   */
  async transfer(
    actor: Actor,
    id: string,
    target: { agentId?: string; departmentId?: string; comment?: string; force?: boolean },
  ): Promise<ConversationRow> {
    return this.d.db.tx(async () => {
      let c = await this.d.repo.lock(id);
      if (actor.kind === 'staff') assertCanAct(actor, c);
      if (c.status === 'closed') fail('conversation.closed');
      const comment = target.comment?.trim() ?? '';
      const now = this.d.clock.now();
      const from = { agentId: c.agent_id, departmentId: c.department_id };
      const statusBefore = c.status;
      if (c.status === 'on-hold') c = await this.d.repo.update(c.id, { status: 'open', on_hold_at: null });
      let row: ConversationRow;
      let data: Record<string, unknown>;
      if (target.agentId) {
        if (target.agentId === c.agent_id) fail('transfer.same-target', undefined, 'body.agentId');
        const forced = Boolean(target.force) && actor.kind === 'staff' && actor.roles.includes('admin');
        if (!forced) await this.assertEligibleTarget(target.agentId, c.department_id);
        else await this.reserveAgentForce(target.agentId);
        row = await this.d.repo.update(c.id, {
          status: 'open',
          agent_id: target.agentId,
          assigned_at: now,
          on_hold_at: null,
        });
        await this.d.repo.dequeue(c.id);
        await this.d.agents.markAssigned(target.agentId, now);
        const [fromAgent, toAgent] = [
          await this.d.directory.one(c.agent_id),
          await this.d.directory.one(target.agentId),
        ];
        data = {
          fromAgentId: c.agent_id,
          fromAgentName: fromAgent?.name ?? null,
          toAgentId: target.agentId,
          toAgentName: toAgent?.name ?? null,
          comment,
        };
        await this.recordTransfer(
          c,
          { toAgentId: target.agentId, toDepartmentId: c.department_id },
          comment,
          actor,
          forced,
        );
        await this.system(row, 'conversation-transferred', data);
        await this.system(row, 'user-join', { agentId: target.agentId, agentName: toAgent?.name ?? null });
        if (forced) {
          await this.d.audit.record(actor, {
            action: 'conversation.forced-transfer',
            targetType: 'conversation',
            targetId: c.id,
            changes: { fromAgentId: c.agent_id, toAgentId: target.agentId, comment },
          });
        }
        this.d.bus.emit('conversation.taken', {
          conversationId: c.id,
          agentId: target.agentId,
          previousAgentId: c.agent_id,
        });
      } else if (target.departmentId) {
        if (target.departmentId === c.department_id) fail('transfer.same-target', undefined, 'body.departmentId');
        const dept = await this.d.departments.usable(target.departmentId, 'body.departmentId');
        const current = c.department_id ? await this.d.departments.find(c.department_id) : undefined;
        if (current && current.allowedForwardIds.length > 0 && !current.allowedForwardIds.includes(dept.id)) {
          fail('transfer.not-allowed', undefined, 'body.departmentId');
        }
        const landingId = this.departmentFallback ? await this.departmentFallback(dept.id) : dept.id;
        const landing = landingId === dept.id ? dept : await this.d.departments.get(landingId, 'body.departmentId');
        data = {
          fromDepartmentId: c.department_id,
          toDepartmentId: landing.id,
          toDepartmentName: landing.name,
          comment,
        };
        await this.recordTransfer(c, { toAgentId: null, toDepartmentId: landing.id }, comment, actor, false);
        await this.system(c, 'conversation-transferred', data);
        row = await this.requeue(c, landing.id);
      } else {
        fail('request.invalid', 'Name an agentId or a departmentId', 'body');
      }
      this.d.bus.emit('conversation.transferred', {
        conversationId: c.id,
        from,
        to: { agentId: row.agent_id, departmentId: row.department_id },
        comment,
        byId: actor.kind === 'staff' ? actor.userId : null,
      });
      await emitChanged(this.d, row, { agent_id: from.agentId, status: statusBefore });
      return row;
    });
  }

  /** The visitor moves their conversation to another department (`livechat.allowSwitchDepartments`). */
  async switchDepartment(visitorId: string, id: string, departmentId: string): Promise<ConversationRow> {
    if (!this.d.settings.get('livechat.allowSwitchDepartments')) fail('conversation.department-switch-disabled');
    return this.d.db.tx(async () => {
      const c = await this.d.repo.lock(id);
      if (c.visitor_id !== visitorId) fail('conversation.not-found', undefined, 'params.id');
      if (c.status === 'closed') fail('conversation.closed');
      if (c.department_id === departmentId) fail('transfer.same-target', undefined, 'body.departmentId');
      const dept = await this.d.departments.usable(departmentId, 'body.departmentId');
      await this.recordTransfer(
        c,
        { toAgentId: null, toDepartmentId: dept.id },
        '',
        { kind: 'visitor', visitorId, contactId: c.contact_id },
        false,
      );
      await this.system(c, 'department-changed', {
        fromDepartmentId: c.department_id,
        toDepartmentId: dept.id,
        toDepartmentName: dept.name,
      });
      const row = await this.requeue(c, dept.id);
      this.d.bus.emit('conversation.transferred', {
        conversationId: c.id,
        from: { agentId: c.agent_id, departmentId: c.department_id },
        to: { agentId: null, departmentId: dept.id },
        comment: '',
        byId: null,
      });
      await emitChanged(this.d, row, c);
      return row;
    });
  }

  private async recordTransfer(
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
  private async assertEligibleTarget(agentId: string, departmentId: string | null): Promise<void> {
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

  private async reserveAgentForce(agentId: string): Promise<void> {
    const user = await this.d.users.repo.byId(agentId);
    if (!user || !user.active || !(user.roles.includes('agent') || user.roles.includes('bot')))
      fail('agent.not-found', undefined, 'body.agentId');
    await this.d.agents.lockForAssignment(agentId);
  }
}
