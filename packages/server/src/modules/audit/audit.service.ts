import type { AuditRecord } from '@parley/shared';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { Actor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import './audit.tables.js';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  /** `{ field: { from, to } }` or any JSON describing the change; secrets must already be redacted. */
  changes?: Record<string, unknown>;
}

export type { AuditRecord };

export const REDACTED = '[redacted]';

/** Who did what, when. Written inside the caller's transaction, so the log never misses a change. */
export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async record(actor: Actor | 'system', entry: AuditEntry, ip?: string): Promise<void> {
    const a = actorOf(actor);
    await this.db.q
      .insertInto('audit_log')
      .values({
        id: uuidv7(),
        at: this.clock.now(),
        actor_id: a.id,
        actor_label: a.label,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId ?? null,
        changes: JSON.stringify(entry.changes ?? {}),
        ip: ip ?? null,
      })
      .execute();
  }

  /**
   * An erasure (GDPR): the entries about these targets keep who did what and when, not the values.
   * Runs in the caller's transaction.
   */
  async redactTargets(targetIds: string[]): Promise<void> {
    if (targetIds.length === 0) return;
    await this.db.q
      .updateTable('audit_log')
      .set({ changes: JSON.stringify({ redacted: 'personal data erased' }) })
      .where('target_id', 'in', targetIds)
      .execute();
  }

  /** Every action recorded so far (for filters). */
  async actions(): Promise<string[]> {
    const rows = await this.db.q.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
    return rows.map((r) => r.action);
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async list(opts: { limit: number; before?: string; action?: string; targetId?: string }): Promise<AuditRecord[]> {
    let q = this.db.q.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(opts.limit);
    if (opts.before) q = q.where('id', '<', opts.before);
    if (opts.action) q = q.where('action', '=', opts.action);
    if (opts.targetId) q = q.where('target_id', '=', opts.targetId);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: { id: r.actor_id, label: r.actor_label },
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      changes: r.changes,
      ip: r.ip,
    }));
  }
}

function actorOf(actor: Actor | 'system'): { id: string | null; label: string } {
  if (actor === 'system') return { id: null, label: 'system' };
  if (actor.kind === 'staff') return { id: actor.userId, label: actor.email };
  if (actor.kind === 'visitor') return { id: actor.visitorId, label: `visitor ${actor.visitorId}` };
  return { id: null, label: 'anonymous' };
}
