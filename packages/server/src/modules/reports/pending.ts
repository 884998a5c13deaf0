import { sql } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { JobRunner } from '../../kernel/jobs.js';
import {
  addStatusCounts,
  rowsOf,
  upsertRollups,
  type Delta,
  type Dims,
  type RollupRow,
  type StatusCount,
} from './rollups.js';
import './reports.tables.js';

const KIND = 'reports.fold';
/** One folder at a time in the cluster (pg_advisory_xact_lock; PGlite has one connection anyway). */
const FOLD_LOCK = 0x5e9021;
/** Changes folded per transaction. */
const BATCH = 5000;
/** How often the recurring job folds what the reports have not already. */
const EVERY_MS = 1000;

/** Waits for a running fold and keeps others out until the caller's transaction ends (folds, the rebuild). */
export async function lockFolds(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(${FOLD_LOCK})`.execute(db.q);
}

/** One change of the reports: rollup contributions (`rowsOf`'s arguments) and a status move. */
export interface PendingChange {
  rollups?: Array<{ at: Date; dims: Dims; delta: Delta }>;
  status?: { createdAt: Date; channel: string; from: string | null; to: string | null };
}

/** As stored (migration 0028): dates as ISO text. */
interface Stored {
  r?: Array<[string, Dims, Delta]>;
  s?: [string, string, string | null, string | null];
}

/**
 * The rollups' write side (docs/reports.md "How it stays instant"): a change writes one narrow row into
 * `report_pending` in its own transaction (`add`), and a folder turns a batch of them into summed rollup
 * rows (`fold`): many closes of the same hour become one upsert of each '*' row, written by one
 * transaction at a time, instead of every close's transaction waiting for the others' locks on those rows.
 * Reports fold before they read (`foldAll`), so they count every change committed before they were asked;
 * the recurring job keeps the backlog short between reports.
 */
export class PendingRollups {
  constructor(private readonly d: { db: Db; jobs: JobRunner; clock: Clock }) {
    d.jobs.register({
      kind: KIND,
      run: async () => {
        await this.fold();
        return { runAgainAt: new Date(this.d.clock.now().getTime() + EVERY_MS) };
      },
    });
  }

  /** Books the first turn of the recurring fold, unless the cluster already has one. */
  start(): Promise<void> {
    return this.d.db.tx(() => this.d.jobs.enqueue(KIND, {}, { idempotencyKey: KIND }));
  }

  /** Records a change in the caller's transaction (a rolled-back change leaves nothing). */
  async add(change: PendingChange): Promise<void> {
    const stored: Stored = {};
    if (change.rollups?.length) stored.r = change.rollups.map(({ at, dims, delta }) => [at.toISOString(), dims, delta]);
    if (change.status && change.status.from !== change.status.to) {
      const { createdAt, channel, from, to } = change.status;
      stored.s = [createdAt.toISOString(), channel, from, to];
    }
    if (!stored.r && !stored.s) return;
    await this.d.db.q
      .insertInto('report_pending')
      .values({ change: JSON.stringify(stored) })
      .execute();
  }

  /**
   * Folds up to `max` pending changes, oldest first, in one transaction: they are deleted and their rows
   * added together, so each is counted exactly once. Folders wait for each other (the lock), so a fold
   * that starts after a change committed counts it. Returns how many it folded.
   */
  async fold(max = BATCH): Promise<number> {
    return this.d.db.tx(async () => {
      await lockFolds(this.d.db);
      const taken = await sql<{ change: Stored | string }>`delete from report_pending
        where id in (select id from report_pending order by id limit ${max}) returning change`.execute(this.d.db.q);
      if (taken.rows.length === 0) return 0;
      const rows: RollupRow[] = [];
      const moves: StatusCount[] = [];
      for (const { change } of taken.rows) {
        const c: Stored = typeof change === 'string' ? JSON.parse(change) : change;
        for (const [at, dims, delta] of c.r ?? []) rows.push(...rowsOf(new Date(at), dims, delta));
        if (c.s) {
          const [createdAt, channel, from, to] = c.s;
          if (from) moves.push({ bucket: new Date(createdAt), channel, status: from, n: -1 });
          if (to) moves.push({ bucket: new Date(createdAt), channel, status: to, n: 1 });
        }
      }
      await upsertRollups(this.d.db, rows);
      await addStatusCounts(this.d.db, moves);
      return taken.rows.length;
    });
  }

  /** Folds until nothing is pending (what a report does before it reads). */
  async foldAll(): Promise<void> {
    while ((await this.fold()) === BATCH);
  }
}
