import type { ConversationView } from '@parley/shared';
import type { Db } from '../../kernel/db/db.js';
import type { EventMap } from '../../kernel/events.js';
import type { CatalogsService } from '../catalogs/index.js';
import type { ConversationsService } from '../conversations/index.js';
import type { PendingChange, PendingRollups } from './pending.js';
import type { Delta, Dims } from './rollups.js';
import './reports.tables.js';

/** What a conversation adds when it closes (every duration measure is counted at the close, with its agent). */
export function closeDelta(c: ConversationView): Delta {
  const m = c.metrics;
  const answered = m.firstResponseSeconds !== null;
  const byVisitor = c.closedBy?.type === 'visitor';
  return {
    closed: 1,
    missed: !answered && !byVisitor ? 1 : 0,
    abandoned: !answered && byVisitor ? 1 : 0,
    firstResponse: m.firstResponseSeconds,
    averageResponse: m.averageResponseSeconds,
    resolution: m.chatDurationSeconds,
    handling: c.assignedAt ? m.serviceDurationSeconds : null,
    queue: m.waitSeconds,
  };
}

export const dimsOf = (c: ConversationView): Dims => ({
  departmentId: c.departmentId,
  agentId: c.agent?.id ?? null,
  channel: c.channel,
});

/** Whether a first response met the SLA's due time (no response never does). */
export const slaMet = (firstResponseSeconds: number | null, dueSeconds: number) =>
  firstResponseSeconds !== null && firstResponseSeconds <= dueSeconds;

/**
 * Records what each change adds to the rollups in the change's transaction (reports.listeners.ts): a
 * start, a status change, a transfer, a close (with its SLA verdict and, when missed, the breach), a
 * rating — as one pending row (pending.ts), folded into the rollups by one writer. Other changes of a
 * conversation (its messages, metrics, tags while open) cost one comparison and no statement.
 */
export class ReportsRecorder {
  /** Off only in the benchmark's "rollups off" step (bench/reports.js), to measure what they cost. */
  enabled = true;

  constructor(
    private readonly db: Db,
    private readonly catalogs: CatalogsService,
    private readonly conversations: ConversationsService,
    private readonly pending: PendingRollups,
  ) {}

  async changed(p: EventMap['conversation.changed']): Promise<void> {
    if (!this.enabled) return;
    const c = p.conversation;
    const prev = p.previousStatus;
    if (prev === c.status) return;
    const rollups: NonNullable<PendingChange['rollups']> = [];
    if (prev === null)
      rollups.push({ at: new Date(c.createdAt), dims: { ...dimsOf(c), agentId: null }, delta: { started: 1 } });
    if (c.status === 'closed' && c.closedAt) {
      const delta = closeDelta(c);
      if (c.slaId) {
        const sla = await this.catalogs.sla(c.slaId).catch(() => undefined);
        if (sla) {
          const due = sla.dueMinutes * 60;
          const met = slaMet(c.metrics.firstResponseSeconds, due);
          delta.sla = { met };
          if (!met)
            await this.db.q
              .insertInto('report_sla_breaches')
              .values({
                conversation_id: c.id,
                closed_at: new Date(c.closedAt),
                department_id: c.departmentId,
                agent_id: c.agent?.id ?? null,
                sla_id: sla.id,
                sla_name: sla.name,
                due_seconds: due,
                first_response_seconds: c.metrics.firstResponseSeconds,
              })
              .onConflict((oc) => oc.column('conversation_id').doNothing())
              .execute();
        }
      }
      rollups.push({ at: new Date(c.closedAt), dims: { ...dimsOf(c), tags: c.tags }, delta });
    }
    await this.pending.add({
      rollups,
      status: { createdAt: new Date(c.createdAt), channel: c.channel, from: prev, to: c.status },
    });
  }

  /** A transfer counts for who handed it over (agent and department), at its instant. */
  async transferred(p: EventMap['conversation.transferred'], at: string): Promise<void> {
    if (!this.enabled) return;
    const c = await this.conversations.peek(p.conversationId);
    await this.pending.add({
      rollups: [
        {
          at: new Date(at),
          dims: { departmentId: p.from.departmentId, agentId: p.from.agentId, channel: c?.channel ?? 'widget' },
          delta: { transferred: 1 },
        },
      ],
    });
  }

  /** A visitor's rating counts for the conversation's agent and department, at its instant. */
  async rated(at: Date, dims: Dims, rating: number): Promise<void> {
    if (!this.enabled) return;
    await this.pending.add({ rollups: [{ at, dims, delta: { rating } }] });
  }
}
