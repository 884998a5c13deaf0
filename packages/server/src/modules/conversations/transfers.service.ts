import { uuidv7 } from '../../kernel/ids.js';
import { ConversationSteps } from './steps.js';
import { fail } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/http.js';
import { assertStaffMay } from './access.js';
import { accessFacts, emitChanged, type ConversationDeps } from './deps.js';
import type { ConversationRow } from './presenters.js';

/** Transfers (behaviour §2): to an agent or a department, and the visitor's own department switch. */
export class TransferService {
  private readonly steps: ConversationSteps;

  constructor(private readonly d: ConversationDeps) {
    this.steps = new ConversationSteps(d);
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
      if (actor.kind === 'staff') await assertStaffMay(actor, c, 'act', accessFacts(this.d));
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
        // The chat stays in its department: a closed one's agents are handed nothing (an admin's force may).
        if (!forced && !(await this.d.routing.insideHours(c.department_id))) {
          fail('agent.outside-business-hours', undefined, 'body.agentId');
        }
        if (!forced) await this.steps.assertEligibleTarget(target.agentId, c.department_id);
        else await this.steps.reserveAgentForce(target.agentId);
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
        await this.steps.recordTransfer(
          c,
          { toAgentId: target.agentId, toDepartmentId: c.department_id },
          comment,
          actor,
          forced,
        );
        await this.steps.system(row, 'conversation-transferred', data);
        await this.steps.system(row, 'user-join', { agentId: target.agentId, agentName: toAgent?.name ?? null });
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
        const landingId = await this.d.routing.landingDepartment(dept.id);
        const landing = landingId === dept.id ? dept : await this.d.departments.get(landingId, 'body.departmentId');
        data = {
          fromDepartmentId: c.department_id,
          toDepartmentId: landing.id,
          toDepartmentName: landing.name,
          comment,
        };
        await this.steps.recordTransfer(c, { toAgentId: null, toDepartmentId: landing.id }, comment, actor, false);
        await this.steps.system(c, 'conversation-transferred', data);
        row = await this.steps.requeue(c, landing.id);
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

  /**
   * The agent can no longer serve (deactivated, or the agent role removed): like "agent offline →
   * forward", each of their open and on-hold conversations goes back to its department's queue (down its
   * fallback chain), where the dispatcher gives it to another eligible agent or it waits. On-hold ones
   * too: nobody could resume them. The agent's row is locked first, so an assignment to them that is
   * under way finishes before the list is read, and one that starts later is refused
   * (`lockForAssignment` reads the account again). Returns the conversations moved.
   */
  async releaseAgent(agentId: string): Promise<string[]> {
    return this.d.db.tx(async () => {
      await this.d.agents.lock(agentId);
      const held = await this.d.db.q
        .selectFrom('conversations')
        .select('id')
        .where('agent_id', '=', agentId)
        .where('status', 'in', ['open', 'on-hold'])
        .orderBy('id')
        .execute();
      for (const { id } of held) {
        const c = await this.d.repo.lock(id);
        const landing = c.department_id ? await this.d.routing.landingDepartment(c.department_id) : c.department_id;
        const row = await this.steps.requeue(c, landing);
        this.d.bus.emit('conversation.transferred', {
          conversationId: c.id,
          from: { agentId, departmentId: c.department_id },
          to: { agentId: null, departmentId: landing },
          comment: '',
          byId: null,
        });
        await emitChanged(this.d, row, c);
      }
      return held.map((h) => h.id);
    });
  }

  /**
   * A timer takes the conversation from its agent (`reason`: 'unanswered', 'agent-offline'): back to its
   * department's queue (down its fallback chain) with that agent excluded, so the dispatcher gives it to
   * another eligible agent, or it waits. Recorded as a transfer by the system, with the reason, and the
   * same system messages and events as a transfer to a department. The caller holds the row lock and
   * has checked the state the timer was armed for.
   */
  async reroute(id: string, reason: string): Promise<ConversationRow> {
    return this.d.db.tx(async () => {
      const c = await this.d.repo.lock(id);
      if (c.status === 'closed' || !c.agent_id) fail('conversation.not-open');
      const fromAgentId = c.agent_id;
      const landing = c.department_id ? await this.d.routing.landingDepartment(c.department_id) : null;
      const dept = landing ? await this.d.departments.find(landing) : undefined;
      const fromAgent = await this.d.directory.one(fromAgentId);
      await this.d.repo.addTransfer({
        id: uuidv7(),
        conversation_id: c.id,
        from_agent_id: fromAgentId,
        to_agent_id: null,
        from_department_id: c.department_id,
        to_department_id: landing,
        comment: '',
        by_type: 'system',
        by_id: null,
        forced: false,
        at: this.d.clock.now(),
        reason,
      });
      await this.steps.system(c, 'conversation-transferred', {
        fromAgentId,
        fromAgentName: fromAgent?.name ?? null,
        ...(dept ? { toDepartmentId: dept.id, toDepartmentName: dept.name } : {}),
        reason,
      });
      const row = await this.steps.requeue(c, landing, fromAgentId);
      this.d.bus.emit('conversation.transferred', {
        conversationId: c.id,
        from: { agentId: fromAgentId, departmentId: c.department_id },
        to: { agentId: null, departmentId: landing },
        comment: '',
        byId: null,
      });
      await emitChanged(this.d, row, c);
      return row;
    });
  }

  /** Whether a timer already moved this conversation for `reason`. */
  movedFor(id: string, reason: string): Promise<boolean> {
    return this.d.repo.movedFor(id, reason);
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
      await this.steps.recordTransfer(
        c,
        { toAgentId: null, toDepartmentId: dept.id },
        '',
        { kind: 'visitor', visitorId, contactId: c.contact_id },
        false,
      );
      await this.steps.system(c, 'department-changed', {
        fromDepartmentId: c.department_id,
        toDepartmentId: dept.id,
        toDepartmentName: dept.name,
      });
      const row = await this.steps.requeue(c, dept.id);
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
}
