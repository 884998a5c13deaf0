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
}

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

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly transport?: BusTransport,
    private readonly opts: { pollMs?: number; concurrency?: number } = {},
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
   * Runs every job due now, one claim at a time, until none is left (or `max` ran). Returns how many
   * ran. Tests call this after moving the fake clock; the loop calls it when woken.
   */
  async runDue(max = 1000): Promise<number> {
    let ran = 0;
    while (ran < max) {
      const did = await this.runOne();
      if (!did) break;
      ran++;
    }
    return ran;
  }

  private async runOne(): Promise<boolean> {
    const now = this.clock.now();
    const candidate = await this.db.kysely
      .selectFrom('jobs')
      .select(['id', 'kind'])
      .where('status', '=', 'pending')
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('run_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (!candidate) return false;
    const def = this.defs.get(candidate.kind);
    if (def?.transactional === false) return this.runLeased(candidate.id, now);
    return this.runInTransaction(now);
  }

  /** The next due job, or (for the leased path) exactly that one: a transactional job never runs leased. */
  private claimSql(now: Date, id?: number) {
    return sql<ClaimedJob>`select id, kind, payload, attempts, max_attempts from jobs
      where status = 'pending' and run_at <= ${now} and (locked_until is null or locked_until < ${now})
      ${id === undefined ? sql`` : sql`and id = ${id}`}
      order by run_at, id limit 1 for update skip locked`;
  }

  private async runInTransaction(now: Date): Promise<boolean> {
    let claimed: ClaimedJob | undefined;
    try {
      return await this.db.tx(async (trx) => {
        claimed = (await this.claimSql(now).execute(trx)).rows[0];
        if (!claimed) return false;
        const def = this.defs.get(claimed.kind);
        if (def?.transactional === false) {
          claimed = undefined;
          return true; // picked up by the leased path on the next turn
        }
        if (!def) throw new Error(`no handler for job kind ${claimed.kind}`);
        const outcome = await def.run(claimed.payload, { jobId: claimed.id, attempt: claimed.attempts + 1 });
        if (outcome?.runAgainAt) {
          await trx
            .updateTable('jobs')
            .set({ run_at: outcome.runAgainAt, attempts: 0, last_error: null })
            .where('id', '=', claimed.id)
            .execute();
          this.db.afterCommit(() => this.transport?.signal('jobs'));
        } else {
          await trx.deleteFrom('jobs').where('id', '=', claimed.id).execute();
        }
        return true;
      });
    } catch (err) {
      if (!claimed) throw err;
      await this.recordFailure(claimed, err, claimed.attempts + 1);
      return true;
    }
  }

  private async runLeased(id: number, now: Date): Promise<boolean> {
    const claimed = await this.db.tx(async (trx) => {
      const job = (await this.claimSql(now, id).execute(trx)).rows[0];
      if (!job) return undefined;
      const lease = new Date(now.getTime() + (this.defs.get(job.kind)?.leaseMs ?? 60_000));
      await trx
        .updateTable('jobs')
        .set({ locked_until: lease, attempts: job.attempts + 1 })
        .where('id', '=', job.id)
        .execute();
      return job;
    });
    if (!claimed) return false;
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
    return true;
  }

  private async recordFailure(job: ClaimedJob, err: unknown, attempt: number, leased = false): Promise<void> {
    const def = this.defs.get(job.kind);
    const message = err instanceof Error ? err.message : String(err);
    const finalFailure = attempt >= job.max_attempts;
    const delay = (def?.retryDelayMs ?? defaultDelay)(attempt);
    this.log[finalFailure ? 'error' : 'warn']({ err, job: job.kind, jobId: job.id, attempt }, 'job failed');
    let q = this.db.kysely
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

  private async msUntilNextDue(): Promise<number> {
    const poll = this.opts.pollMs ?? 1000;
    const r = await this.db.kysely
      .selectFrom('jobs')
      .select(sql<Date | null>`min(greatest(run_at, coalesce(locked_until, run_at)))`.as('next'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (!r?.next) return poll;
    const ms = new Date(r.next as unknown as string).getTime() - this.clock.now().getTime();
    return Math.max(0, Math.min(poll, ms));
  }

  /** Stops taking new jobs and waits for the ones running to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.sleeper?.();
    await this.loopPromise;
  }
}
