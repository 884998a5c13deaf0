import type { ConversationView } from '@parley/shared';
import type { Db } from '../../kernel/db/db.js';
import type { StaffActor } from '../../kernel/http.js';
import type { CatalogsService } from '../catalogs/index.js';
import type { ConversationsService } from '../conversations/index.js';
import { lockFolds } from './pending.js';
import { closeDelta, dimsOf, slaMet } from './recorder.js';
import { addStatusCounts, hourOf, rowsOf, upsertRollups, type RollupRow } from './rollups.js';
import './reports.tables.js';

/** Who reads the history for a rebuild: a supervisor's reach (every conversation, conversations' access rule). */
const SYSTEM: StaffActor = {
  kind: 'staff',
  userId: 'reports-rebuild',
  roles: ['admin'],
  name: 'Reports rebuild',
  email: '',
  via: 'token',
};

/**
 * Rebuilds every rollup from history (`npm run reports:rebuild`, docs/reports.md): the conversations,
 * their transfers and ratings read through the conversations module, the rows summed in memory a page at a
 * time and written in one transaction with the old ones deleted, so a report never sees a half-built set.
 * Figures match what the listeners would have written, except that a conversation's starting department is
 * its department now (the history keeps no earlier one).
 */
export async function rebuildRollups(
  db: Db,
  conversations: ConversationsService,
  catalogs: CatalogsService,
  opts: { pageSize?: number; onProgress?: (done: number) => void } = {},
): Promise<{ conversations: number; rows: number }> {
  const slas = new Map((await catalogs.slas()).map((s) => [s.id, s]));
  return db.tx(async () => {
    await lockFolds(db);
    // Changes not folded yet are in the history this reads: folding them too would count them twice.
    await db.q.deleteFrom('report_pending').execute();
    await db.q.deleteFrom('report_rollups').execute();
    await db.q.deleteFrom('report_hourly').execute();
    await db.q.deleteFrom('report_status_counts').execute();
    await db.q.deleteFrom('report_sla_breaches').execute();
    const ratings = new Map(
      (await db.q.selectFrom('conversation_ratings').selectAll().execute()).map((r) => [r.conversation_id, r]),
    );
    let done = 0;
    let written = 0;
    let cursor: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const { items, nextCursor } = await conversations.list(SYSTEM, {
        limit: opts.pageSize ?? 500,
        ...(cursor ? { cursor } : {}),
      });
      const rows: RollupRow[] = [];
      const status = new Map<string, { bucket: Date; channel: string; status: string; n: number }>();
      for (const c of items) {
        rows.push(...(await contributions(c, conversations, slas, db)));
        const rating = ratings.get(c.id);
        if (rating)
          rows.push(
            ...rowsOf(
              rating.created_at,
              { departmentId: rating.department_id, agentId: rating.agent_id, channel: c.channel },
              { rating: rating.rating },
            ),
          );
        const bucket = hourOf(new Date(c.createdAt));
        const k = `${bucket.getTime()}|${c.channel}|${c.status}`;
        const s = status.get(k) ?? { bucket, channel: c.channel, status: c.status, n: 0 };
        s.n++;
        status.set(k, s);
      }
      await upsertRollups(db, rows);
      await addStatusCounts(db, [...status.values()]);
      done += items.length;
      written += rows.length;
      opts.onProgress?.(done);
      const last = items[items.length - 1];
      if (!nextCursor || !last) break;
      cursor = { createdAt: new Date(last.createdAt), id: last.id };
    }
    return { conversations: done, rows: written };
  });
}

async function contributions(
  c: ConversationView,
  conversations: ConversationsService,
  slas: Map<string, { id: string; name: string; dueMinutes: number }>,
  db: Db,
): Promise<RollupRow[]> {
  const rows = rowsOf(new Date(c.createdAt), { ...dimsOf(c), agentId: null }, { started: 1 });
  for (const t of await conversations.transfers(c.id))
    rows.push(
      ...rowsOf(
        new Date(t.at),
        { departmentId: t.from.departmentId, agentId: t.from.agentId, channel: c.channel },
        { transferred: 1 },
      ),
    );
  if (c.status === 'closed' && c.closedAt) {
    const delta = closeDelta(c);
    const sla = c.slaId ? slas.get(c.slaId) : undefined;
    if (sla) {
      const due = sla.dueMinutes * 60;
      const met = slaMet(c.metrics.firstResponseSeconds, due);
      delta.sla = { met };
      if (!met)
        await db.q
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
          .execute();
    }
    rows.push(...rowsOf(new Date(c.closedAt), { ...dimsOf(c), tags: c.tags }, delta));
  }
  return rows;
}
