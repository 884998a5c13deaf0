import { capacityOf, hasRoom } from '../agents/index.js';
import { ConversationSteps } from './steps.js';
import { DomainError, fail } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import { assertStaffMay, mayWatchQueued } from './access.js';
import { accessFacts, emitChanged, type ConversationDeps } from './deps.js';
import type { ConversationRow } from './presenters.js';

const secondsBetween = (a: Date, b: Date | null) => (b ? Math.max(0, (a.getTime() - b.getTime()) / 1000) : null);

export interface AssignManyResult {
  assigned: ConversationRow[];
  refused: Array<{ conversationId: string; agentId: string; reason: 'taken' | 'full' | 'not-found' }>;
}

export type Closer =
  { type: 'agent'; actor: StaffActor } | { type: 'visitor'; visitorId: string } | { type: 'system'; reason: string };

/**
 * State changes of a conversation: assignment, close, hold/resume, transfer. Each runs in one
 * transaction that locks the conversation row (and, when assigning, the agent's row), writes the system
 * message and emits events — so two processes can never both assign or both close one conversation.
 */
export class LifecycleService {
  private readonly steps: ConversationSteps;

  constructor(private readonly d: ConversationDeps) {
    this.steps = new ConversationSteps(d);
  }

  /**
   * Gives a queued conversation to an agent: capacity check, assignment and queue removal in one
   * transaction with the agent's row locked. `conversation.already-taken` when someone was faster.
   */
  async assign(conversationId: string, agentId: string, taker?: StaffActor): Promise<ConversationRow> {
    return this.d.db.tx(async () => {
      const c = await this.d.repo.lock(conversationId);
      // An agent taking it by hand must be allowed to (their department's queue); routing checked eligibility.
      // Who lost the race for a chat they could see in their queue learns it was taken; others, nothing.
      if (taker && c.status === 'queued') await assertStaffMay(taker, c, 'take', accessFacts(this.d));
      else if (taker && !(await mayWatchQueued(taker, c.department_id, accessFacts(this.d))))
        await assertStaffMay(taker, c, 'read', accessFacts(this.d));
      if (c.status === 'closed') fail('conversation.closed');
      if (c.status !== 'queued') fail('conversation.already-taken');
      // Routing gives nobody a chat of a closed department; a person taking one by hand may not either.
      if (taker && !(await this.d.routing.insideHours(c.department_id))) fail('agent.outside-business-hours');
      await this.steps.reserveAgent(agentId, c.department_id);
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
      await this.steps.system(row, 'user-join', { agentId, agentName: agent?.name ?? null });
      this.d.bus.emit('conversation.taken', { conversationId: c.id, agentId, previousAgentId: c.agent_id });
      await emitChanged(this.d, row, c);
      return row;
    });
  }

  /**
   * The dispatcher's batch (issue 20): gives several queued conversations to agents in one transaction,
   * with the same guarantees as `assign` — each conversation locked and still queued, each agent's row
   * locked and their capacity checked in the database, counting the batch's own assignments — but a few
   * statements for the whole batch instead of ~15 per conversation. Pairs are taken in the order given
   * (queue order). Answers what was assigned and, for the others, why not: `taken` (no longer queued, or
   * gone), `full` (the agent has no room), `not-found` (the agent may no longer serve).
   */
  async assignMany(pairs: Array<{ conversationId: string; agentId: string }>): Promise<AssignManyResult> {
    const refused: AssignManyResult['refused'] = [];
    if (pairs.length === 0) return { assigned: [], refused };
    const assigned = await this.d.db.tx(async () => {
      const rows = new Map((await this.d.repo.lockMany(pairs.map((p) => p.conversationId))).map((r) => [r.id, r]));
      const live = pairs.filter((p) => {
        const c = rows.get(p.conversationId);
        if (c?.status === 'queued') return true;
        refused.push({ ...p, reason: 'taken' });
        return false;
      });
      const agents = await this.d.agents.lockManyForAssignment(live.map((p) => p.agentId));
      const open = await this.d.repo.openCounts([...agents.keys()]);
      const globalMax = this.d.settings.get('queue.maxChatsPerAgent');
      const now = this.d.clock.now();
      const accepted: Array<{ id: string; agentId: string; waitSeconds: number | null }> = [];
      for (const p of live) {
        const state = agents.get(p.agentId);
        if (!state) {
          refused.push({ ...p, reason: 'not-found' });
          continue;
        }
        const c = rows.get(p.conversationId)!;
        const department = c.department_id ? await this.d.departments.find(c.department_id) : undefined;
        const capacity = capacityOf({ agentMax: state.maxChats, department, globalMax, isBot: state.isBot });
        const load = open.get(p.agentId) ?? 0;
        if (capacity !== 0 && !hasRoom(capacity, load)) {
          refused.push({ ...p, reason: 'full' });
          continue;
        }
        open.set(p.agentId, load + 1);
        accepted.push({
          id: c.id,
          agentId: p.agentId,
          waitSeconds: c.wait_seconds ?? secondsBetween(now, c.queued_at),
        });
      }
      if (accepted.length === 0) return [];
      const ids = accepted.map((a) => a.id);
      await this.d.repo.dequeueMany(ids);
      const updated = new Map((await this.d.repo.assignMany(accepted, now)).map((r) => [r.id, r]));
      await this.d.agents.markManyAssigned(
        accepted.map((a) => a.agentId),
        now,
      );
      const names = await this.d.directory.info(accepted.map((a) => a.agentId));
      await this.d.timeline.append(
        accepted.map((a) => ({
          conversationId: a.id,
          author: { type: 'system' as const, id: null, name: null },
          kind: 'system' as const,
          systemType: 'user-join' as const,
          text: '',
          data: { agentId: a.agentId, agentName: names.get(a.agentId)?.name ?? null },
        })),
      );
      const out: ConversationRow[] = [];
      for (const a of accepted) {
        const c = rows.get(a.id)!;
        const row = updated.get(a.id)!;
        this.d.bus.emit('conversation.taken', {
          conversationId: c.id,
          agentId: a.agentId,
          previousAgentId: c.agent_id,
        });
        await emitChanged(this.d, row, c);
        out.push(row);
      }
      return out;
    });
    return { assigned, refused };
  }

  /**
   * `message`: what the visitor reads in the finished system message instead of
   * `livechat.finished.message` (a timer's own text, such as `sessions.onHold.autoCloseMessage`).
   */
  async close(
    id: string,
    closer: Closer,
    opts: { comment?: string; tags?: string[]; message?: string } = {},
  ): Promise<ConversationRow> {
    return this.d.db.tx(async () => this.closeLocked(await this.d.repo.lock(id), closer, opts));
  }

  /**
   * For timers: locks the conversation once and closes it only if `stillDue` holds for the locked row (the
   * state the timer was armed for); otherwise, or when it no longer exists, does nothing and answers
   * undefined. One row lock where checking first and then closing would take two.
   */
  async closeIf(
    id: string,
    stillDue: (c: ConversationRow) => boolean,
    closer: Closer,
    opts: { comment?: string; tags?: string[]; message?: string } = {},
  ): Promise<ConversationRow | undefined> {
    return this.d.db.tx(async () => {
      const c = await this.d.repo.lockIfExists(id);
      return c && stillDue(c) ? this.closeLocked(c, closer, opts) : undefined;
    });
  }

  private async closeLocked(
    c: ConversationRow,
    closer: Closer,
    opts: { comment?: string; tags?: string[]; message?: string },
  ): Promise<ConversationRow> {
    if (c.status === 'closed') fail('conversation.closed');
    const comment = opts.comment?.trim() || null;
    const tags = [...new Set([...c.tags, ...(opts.tags ?? [])])];
    if (closer.type === 'agent') {
      await assertStaffMay(closer.actor, c, 'act', accessFacts(this.d));
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
    await this.steps.system(row, 'conversation-finished', {
      message: opts.message?.trim() || this.d.settings.get('livechat.finished.message'),
      closedBy: closer.type,
      ...(closer.type === 'system' ? { reason: closer.reason } : {}),
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
      transcriptEmail: row.transcript_email,
    });
    await emitChanged(this.d, row, c);
    return row;
  }

  async hold(actor: StaffActor, id: string): Promise<ConversationRow> {
    if (!this.d.settings.get('sessions.onHold.allowManual')) fail('conversation.on-hold-not-allowed');
    return this.placeOnHold(id, actor);
  }

  /** Also used by the visitor-abandonment timer (no actor; its reason goes in the system message staff read). */
  async placeOnHold(id: string, actor: StaffActor | null, reason?: string): Promise<ConversationRow> {
    return this.d.db.tx(async () => {
      const c = await this.d.repo.lock(id);
      if (actor) await assertStaffMay(actor, c, 'act', accessFacts(this.d));
      if (c.status !== 'open') fail('conversation.not-open');
      if (this.d.settings.get('sessions.onHold.onlyAfterAgentEngagement') && !(await this.lastIsAgents(c.id))) {
        fail('conversation.on-hold-needs-agent-message');
      }
      const row = await this.d.repo.update(c.id, { status: 'on-hold', on_hold_at: this.d.clock.now() });
      await this.steps.system(row, 'on-hold', reason ? { reason } : {});
      this.d.bus.emit('conversation.on-hold', { conversationId: c.id, agentId: c.agent_id });
      await emitChanged(this.d, row, c);
      return row;
    });
  }

  private async lastIsAgents(conversationId: string): Promise<boolean> {
    const last = await this.d.messages.lastAuthorType(conversationId);
    return last === 'agent' || last === 'bot';
  }

  /** A visitor writing into a conversation on hold brings it back (behaviour §3), in the message's transaction. */
  async resumeOnVisitorMessage(conversationId: string, visitorId: string): Promise<void> {
    try {
      await this.resume(conversationId, { visitorId });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err; // no longer on hold: nothing to do
    }
  }

  /**
   * Back from hold (the agent resumes, or the visitor writes). If the agent has no room any more, the
   * conversation goes back to the queue instead.
   */
  async resume(id: string, by: { actor?: StaffActor; visitorId?: string }): Promise<ConversationRow> {
    return this.d.db.tx(async () => {
      const c = await this.d.repo.lock(id);
      if (by.actor) await assertStaffMay(by.actor, c, 'act', accessFacts(this.d));
      if (c.status !== 'on-hold') fail('conversation.not-open');
      let row: ConversationRow;
      const agentHasRoom = c.agent_id ? await this.steps.roomFor(c.agent_id, c.department_id) : false;
      if (agentHasRoom) {
        row = await this.d.repo.update(c.id, { status: 'open', on_hold_at: null });
        await this.steps.system(row, 'resumed', {});
      } else {
        row = await this.steps.requeue(c, c.department_id);
      }
      this.d.bus.emit('conversation.resumed', { conversationId: c.id, agentId: row.agent_id });
      await emitChanged(this.d, row, c);
      return row;
    });
  }
}
