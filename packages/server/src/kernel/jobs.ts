import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'kysely';
import type { BusTransport } from './bus.js';
import type { Clock } from './clock.js';
import type { Db } from './db/db.js';
import type { Logger } from './logger.js';

export interface JobContext {
  jobId: number;
  /** 1 for the first try. */
  attempt: number;
}

/** A recurring job's run answers when it wants to run again; its row stays (same id, key and payload). */
export type JobOutcome = void | { runAgainAt: Date };

export interface JobDefinition<P> {
  kind: string;
  run(payload: P, ctx: JobContext): Promise<JobOutcome>;
  /**
   * true (default): the job runs INSIDE the transaction that deletes it, so its database effects
   * happen exactly once even with several workers and crashes. Keep such jobs short and free of
   * network calls. false: for network work (webhooks, email); it runs outside any transaction under a
   * lease and is deleted afterwards (at least once; receivers must be idempotent).
   */
  transactional?: boolean;
  maxAttempts?: number;
  /** Delay before attempt n+1 after attempt n failed. Default: exponential from 1 s, capped at 10 min. */
  retryDelayMs?: (attempt: number) => number;
  /** How long a non-transactional run may take before another worker may take the job over. */
  leaseMs?: number;
  /** A family of kinds an admin watches together (`email`): `troubled` lists its failing jobs. */
  category?: string;
}

/** A job that failed at least once: waiting for its next attempt, or given up. */
export interface TroubledJob {
  id: number;
  kind: string;
  payload: unknown;
  status: 'pending' | 'failed';
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
}

export interface EnqueueOptions {
  runAt?: Date;
  delayMs?: number;
  /** At most one PENDING job per key. */
  idempotencyKey?: string;
  /** With a key: move the pending job to the new time/payload instead of keeping the first. */
  replace?: boolean;
  maxAttempts?: number;
}

const defaultDelay = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 600_000);

interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  idempotency_key: string | null;
}

/**
 * At most this many jobs per transaction: each runs under a savepoint, and PostgreSQL keeps the ids of up
 * to 64 subtransactions per backend in shared memory (beyond that, every snapshot elsewhere gets slower).
 */
const MAX_BATCH = 50;
const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

/**
 * Durable jobs and timers in the `jobs` table. Enqueue inside the transaction of the change that
 * causes it (so a rollback cancels it); the runner is woken at once after commit, and otherwise looks
 * again at the next due time (at most every `pollMs`). Survives restarts: nothing lives only in memory.
 */
export class JobRunner {
  private readonly defs = new Map<string, JobDefinition<unknown>>();
  private running = false;
  private wakeRequested = false;
  private sleeper: (() => void) | undefined;
  private loopPromise: Promise<void> | undefined;
  /** The job running in this async context (its key: cancelling it from inside its own run is moot). */
  private readonly current = new AsyncLocalStorage<{ key: string | null }>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly transport?: BusTransport,
    private readonly opts: { pollMs?: number; concurrency?: number; batchSize?: number } = {},
  ) {
    transport?.onSignal('jobs', () => this.wake());
  }

  register<P>(def: JobDefinition<P>): void {
    if (this.defs.has(def.kind)) throw new Error(`job kind ${def.kind} registered twice`);
    this.defs.set(def.kind, def as JobDefinition<unknown>);
  }

  async enqueue<P>(kind: string, payload: P, o: EnqueueOptions = {}): Promise<void> {
    const def = this.defs.get(kind);
    if (!def) throw new Error(`unknown job kind ${kind}`);
    const now = this.clock.now();
    const runAt = o.runAt ?? new Date(now.getTime() + (o.delayMs ?? 0));
    const row = {
      kind,
      payload: JSON.stringify(payload ?? {}),
      run_at: runAt,
      idempotency_key: o.idempotencyKey ?? null,
      max_attempts: o.maxAttempts ?? def.maxAttempts ?? 5,
      created_at: now,
    };
    const q = this.db.q;
    if (o.idempotencyKey) {
      await sql`insert into jobs (kind, payload, run_at, idempotency_key, max_attempts, created_at)
        values (${row.kind}, ${row.payload}, ${row.run_at}, ${row.idempotency_key}, ${row.max_attempts}, ${row.created_at})
        on conflict (idempotency_key) where status = 'pending' do ${
          o.replace
            ? sql`update set run_at = excluded.run_at, payload = excluded.payload, attempts = 0, locked_until = null`
            : sql`nothing`
        }`.execute(q);
    } else {
      await q.insertInto('jobs').values(row).execute();
    }
    this.db.afterCommit(() => {
      this.wake();
      this.transport?.signal('jobs');
    });
  }

  /** Deletes the pending job with this key (inside the caller's transaction). */
  async cancel(idempotencyKey: string): Promise<boolean> {
    // The job now running under this key (e.g. a timer whose own close cancels it): the runner deletes it
    // when it succeeds, and keeps it for a retry when it fails.
    if (this.current.getStore()?.key === idempotencyKey) return true;
    const r = await this.db.q
      .deleteFrom('jobs')
      .where('idempotency_key', '=', idempotencyKey)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Deletes every pending job of a kind (a feature turned off: its timers go with it). */
  async cancelKind(kind: string): Promise<number> {
    const r = await this.db.q
      .deleteFrom('jobs')
      .where('kind', '=', kind)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /**
   * Deletes the jobs of a kind whose `payload[field]` is one of `values`, pending or failed (a failed one
   * can be retried from the console), inside the caller's transaction: what was queued for a person whose
   * data is erased must not run after it.
   */
  async cancelByPayload(kind: string, field: string, values: string[]): Promise<number> {
    if (values.length === 0) return 0;
    const r = await this.db.q
      .deleteFrom('jobs')
      .where('kind', '=', kind)
      .where(sql<string>`payload ->> ${field}`, 'in', values)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /**
   * Moves every pending job of a kind to `payload[field] + delayMs`, where `field` holds the ISO time the
   * timer counts from (a changed timeout reschedules the timers already armed). Jobs already running keep
   * their lease.
   */
  async retimeKind(kind: string, field: string, delayMs: number): Promise<number> {
    const r =
      await sql`update jobs set run_at = (payload->>${field})::timestamptz + make_interval(secs => ${delayMs / 1000})
      where kind = ${kind} and status = 'pending' and locked_until is null and payload ? ${field}`.execute(this.db.q);
    this.db.afterCommit(() => {
      this.wake();
      this.transport?.signal('jobs');
    });
    return Number(r.numAffectedRows ?? 0);
  }

  private kindsOf(category: string): string[] {
    return [...this.defs.values()].filter((d) => d.category === category).map((d) => d.kind);
  }

  /** The jobs of a category that failed at least once, newest first: retrying, or given up. */
  async troubled(category: string, limit = 50): Promise<TroubledJob[]> {
    const kinds = this.kindsOf(category);
    if (kinds.length === 0) return [];
    const rows = await this.db.q
      .selectFrom('jobs')
      .selectAll()
      .where('kind', 'in', kinds)
      .where((eb) => eb.or([eb('status', '=', 'failed'), eb('attempts', '>', 0)]))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      payload: r.payload,
      status: r.status,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
      lastError: r.last_error,
      nextAttemptAt: r.status === 'pending' ? r.run_at : null,
      createdAt: r.created_at,
    }));
  }

  /** Tries a job of the category again now, with its attempts counted afresh. False when there is none. */
  async retryNow(id: number, category: string): Promise<boolean> {
    const kinds = this.kindsOf(category);
    if (kinds.length === 0) return false;
    const r = await this.db.q
      .updateTable('jobs')
      .set({ status: 'pending', attempts: 0, run_at: this.clock.now(), locked_until: null })
      .where('id', '=', id)
      .where('kind', 'in', kinds)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    this.db.afterCommit(() => {
      this.wake();
      this.transport?.signal('jobs');
    });
    return true;
  }

  async pending(idempotencyKey: string): Promise<{ runAt: Date } | undefined> {
    const r = await this.db.q
      .selectFrom('jobs')
      .select('run_at')
      .where('idempotency_key', '=', idempotencyKey)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return r ? { runAt: r.run_at } : undefined;
  }

  /**
   * Runs every job due now, a batch at a time, until none is left (or about `max` ran). Returns how many
   * ran (failed attempts included). Tests call this after moving the fake clock; the loop calls it when woken.
   */
  async runDue(max = 1000): Promise<number> {
    let ran = 0;
    while (ran < max) {
      const did = await this.runBatch(Math.min(this.batchSize, max - ran));
      if (did === 0) break;
      ran += did;
    }
    return ran;
  }

  /** Jobs claimed per transaction: PGlite's one connection is held for a whole batch, so fewer there. */
  private get batchSize(): number {
    return Math.min(this.opts.batchSize ?? (this.db.dialect === 'pglite' ? 10 : 50), MAX_BATCH);
  }

  /**
   * One transaction: claims up to `limit` due jobs (FOR UPDATE SKIP LOCKED, so concurrent runners take
   * disjoint batches), runs each transactional one under its own savepoint (a failing job rolls back
   * alone, its events are never delivered, and its failure is recorded in the same transaction), deletes
   * (or re-times) the ones that succeeded in one statement, and commits once. A leased
   * (`transactional: false`) job in the batch only gets its lease here; it runs after the commit, outside
   * any transaction, as before. Returns how many jobs were claimed.
   */
  private async runBatch(limit: number): Promise<number> {
    let leased: ClaimedJob[] = [];
    const claimedCount = await this.db.tx(async (trx) => {
      leased = [];
      const now = this.clock.now();
      const claimed = (
        await sql<ClaimedJob>`select id, kind, payload, attempts, max_attempts, idempotency_key from jobs
          where status = 'pending' and run_at <= ${now} and (locked_until is null or locked_until < ${now})
          order by run_at, id limit ${limit} for update skip locked`.execute(trx)
      ).rows;
      if (claimed.length === 0) return 0;
      const done: number[] = [];
      for (const job of claimed) {
        const def = this.defs.get(job.kind);
        if (def?.transactional === false) {
          leased.push(job);
          continue;
        }
        const attempt = job.attempts + 1;
        try {
          const outcome = await this.runInSavepoint(job, def, attempt);
          if (outcome?.runAgainAt) {
            await trx
              .updateTable('jobs')
              .set({ run_at: outcome.runAgainAt, attempts: 0, last_error: null })
              .where('id', '=', job.id)
              .execute();
            this.db.afterCommit(() => this.transport?.signal('jobs'));
          } else done.push(job.id);
        } catch (err) {
          await this.recordFailure(job, err, attempt);
        }
      }
      if (done.length > 0) await trx.deleteFrom('jobs').where('id', 'in', done).execute();
      if (leased.length > 0) {
        for (const job of leased) {
          const lease = new Date(now.getTime() + (this.defs.get(job.kind)?.leaseMs ?? 60_000));
          await trx
            .updateTable('jobs')
            .set({ locked_until: lease, attempts: job.attempts + 1 })
            .where('id', '=', job.id)
            .execute();
        }
      }
      return claimed.length;
    });
    for (const job of leased) await this.runLeased(job);
    return claimedCount;
  }

  /**
   * A transactional job under a savepoint of the batch's transaction. A deadlock or serialization failure
   * of its own rolls back to the savepoint and tries it again (as `db.tx` retries a whole transaction),
   * without counting an attempt.
   */
  private async runInSavepoint(
    job: ClaimedJob,
    def: JobDefinition<unknown> | undefined,
    attempt: number,
  ): Promise<JobOutcome> {
    for (let tries = 1; ; tries++) {
      try {
        return await this.current.run({ key: job.idempotency_key }, () =>
          this.db.savepoint(async () => {
            if (!def) throw new Error(`no handler for job kind ${job.kind}`);
            return def.run(job.payload, { jobId: job.id, attempt });
          }),
        );
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (tries < 4 && code !== undefined && RETRYABLE.has(code)) continue;
        throw err;
      }
    }
  }

  /** A leased job, its lease taken and committed: runs outside any transaction, then goes (fenced). */
  private async runLeased(claimed: ClaimedJob): Promise<void> {
    const runDef = this.defs.get(claimed.kind);
    const attempt = claimed.attempts + 1;
    try {
      if (!runDef) throw new Error(`no handler for job kind ${claimed.kind}`);
      const outcome = await runDef.run(claimed.payload, { jobId: claimed.id, attempt });
      // Fenced on the attempt number: if our lease ran out and another worker retried, leave its row.
      if (outcome?.runAgainAt) {
        await this.db.kysely
          .updateTable('jobs')
          .set({ run_at: outcome.runAgainAt, attempts: 0, locked_until: null, last_error: null })
          .where('id', '=', claimed.id)
          .where('attempts', '=', attempt)
          .execute();
      } else {
        await this.db.kysely.deleteFrom('jobs').where('id', '=', claimed.id).where('attempts', '=', attempt).execute();
      }
    } catch (err) {
      await this.recordFailure(claimed, err, attempt, true);
    }
  }

  private async recordFailure(job: ClaimedJob, err: unknown, attempt: number, leased = false): Promise<void> {
    const def = this.defs.get(job.kind);
    const message = err instanceof Error ? err.message : String(err);
    const finalFailure = attempt >= job.max_attempts;
    const delay = (def?.retryDelayMs ?? defaultDelay)(attempt);
    this.log[finalFailure ? 'error' : 'warn']({ err, job: job.kind, jobId: job.id, attempt }, 'job failed');
    // Inside the batch's transaction (a transactional job, its row still locked), or alone (a leased one).
    let q = this.db.q
      .updateTable('jobs')
      .set({
        attempts: attempt,
        last_error: message.slice(0, 2000),
        locked_until: null,
        run_at: new Date(this.clock.now().getTime() + delay),
        ...(finalFailure ? { status: 'failed' as const } : {}),
      })
      .where('id', '=', job.id)
      .where('status', '=', 'pending');
    if (leased) q = q.where('attempts', '=', attempt);
    await q.execute();
  }

  /** Starts the background loop (the server does; most tests drive `runDue` themselves). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopPromise = this.loop();
  }

  wake(): void {
    this.wakeRequested = true;
    this.sleeper?.();
  }

  private async loop(): Promise<void> {
    const workers = this.opts.concurrency ?? 4;
    while (this.running) {
      this.wakeRequested = false;
      let ran = 0;
      try {
        // Several workers drain the due jobs in parallel (network jobs must not wait on each other).
        const counts = await Promise.all(Array.from({ length: workers }, () => this.runDue(200)));
        ran = counts.reduce((a, b) => a + b, 0);
      } catch (err) {
        this.log.error({ err }, 'job runner pass failed');
      }
      if (!this.running || this.wakeRequested) continue;
      let delay = await this.msUntilNextDue().catch(() => this.opts.pollMs ?? 1000);
      // Due but not claimable (another process holds it): look again shortly instead of spinning.
      if (delay === 0 && ran === 0) delay = 50;
      if (!this.running || this.wakeRequested || delay === 0) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.sleeper = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.sleeper = undefined;
    }
  }

  /**
   * How long until a job may be claimable: the earliest run_at of the unleased pending jobs, or the
   * earliest end of a lease (a leased job's lease always ends after its run_at). Two index-ordered reads
   * of one row each (`jobs_due`, `jobs_leased`), whatever the number of pending timers.
   */
  private async msUntilNextDue(): Promise<number> {
    const poll = this.opts.pollMs ?? 1000;
    const r = await sql<{ due: Date | null; lease: Date | null }>`select
      (select run_at from jobs where status = 'pending' and locked_until is null order by run_at limit 1) as due,
      (select locked_until from jobs where status = 'pending' and locked_until is not null
        order by locked_until limit 1) as lease`.execute(this.db.kysely);
    const row = r.rows[0];
    const times = [row?.due, row?.lease].filter((t): t is Date => t != null).map((t) => new Date(t).getTime());
    if (times.length === 0) return poll;
    const ms = Math.min(...times) - this.clock.now().getTime();
    return Math.max(0, Math.min(poll, ms));
  }

  /** Stops taking new jobs and waits for the ones running to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.sleeper?.();
    await this.loopPromise;
  }
}
