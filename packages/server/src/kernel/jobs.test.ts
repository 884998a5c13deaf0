import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { onPostgres, startTestParley, TestCluster } from '../test-support/harness.js';
import { FakeClock } from './clock.js';
import { JobRunner } from './jobs.js';
import { createLogger } from './logger.js';

const log = createLogger('silent');

async function effectsTable(p: { db: { kysely: any } }) {
  await sql`create table if not exists job_effects (id serial primary key, tag text not null)`.execute(p.db.kysely);
}
async function effects(p: { db: { kysely: any } }): Promise<string[]> {
  const r = await sql<{ tag: string }>`select tag from job_effects order by id`.execute(p.db.kysely);
  return r.rows.map((x) => x.tag);
}

describe('durable jobs', () => {
  it('runs a due job once, inside the transaction that deletes it', async () => {
    const p = await startTestParley();
    try {
      await effectsTable(p);
      p.jobs.register<{ tag: string }>({
        kind: 'test.effect',
        run: async ({ tag }) => void (await sql`insert into job_effects (tag) values (${tag})`.execute(p.db.q)),
      });
      await p.db.tx(() => p.jobs.enqueue('test.effect', { tag: 'later' }, { delayMs: 60_000 }));
      expect(await p.jobs.runDue()).toBe(0);
      p.fakeClock!.advance(60_000);
      expect(await p.jobs.runDue()).toBe(1);
      expect(await p.jobs.runDue()).toBe(0);
      expect(await effects(p)).toEqual(['later']);
    } finally {
      await p.stop();
    }
  });

  it('runs a recurring job again at the time it answers, keeping its row and key', async () => {
    const p = await startTestParley();
    try {
      await effectsTable(p);
      let fail = false;
      p.jobs.register<{ tag: string }>({
        kind: 'test.recurring',
        run: async ({ tag }) => {
          await sql`insert into job_effects (tag) values (${tag})`.execute(p.db.q);
          if (fail) throw new Error('boom');
          return { runAgainAt: new Date(p.clock.now().getTime() + 5000) };
        },
      });
      await p.db.tx(() => p.jobs.enqueue('test.recurring', { tag: 'tick' }, { idempotencyKey: 'tick' }));
      expect(await p.jobs.runDue()).toBe(1);
      expect(await p.jobs.runDue()).toBe(0); // not due again until its answer
      expect((await p.jobs.pending('tick'))!.runAt.getTime()).toBe(p.clock.now().getTime() + 5000);
      p.fakeClock!.advance(5000);
      expect(await p.jobs.runDue()).toBe(1);
      // A failed turn rolls back its effects and retries by the backoff; the row is still the one job.
      fail = true;
      p.fakeClock!.advance(5000);
      expect(await p.jobs.runDue()).toBe(1);
      fail = false;
      p.fakeClock!.advance(1000);
      expect(await p.jobs.runDue()).toBe(1);
      const rows = await sql<{ n: number }>`select count(*)::int as n from jobs where kind = 'test.recurring'`.execute(
        p.db.kysely,
      );
      expect(rows.rows[0]!.n).toBe(1);
      expect(await effects(p)).toEqual(['tick', 'tick', 'tick']);
    } finally {
      await p.stop();
    }
  });

  it.runIf(onPostgres)(
    'never runs a transactional job on the leased path (the leased one it meant was taken)',
    async () => {
      const p = await startTestParley();
      try {
        const inTx: boolean[] = [];
        p.jobs.register({ kind: 'test.leased', transactional: false, run: async () => undefined });
        p.jobs.register({ kind: 'test.tx', run: async () => void inTx.push(p.db.inTransaction) });
        await p.db.tx(async () => {
          await p.jobs.enqueue('test.leased', {}, { runAt: new Date(p.clock.now().getTime() - 1) }); // first in line
          await p.jobs.enqueue('test.tx', {});
        });
        // Another worker is claiming the leased job right now (its row is locked, its lease not yet written).
        let release!: () => void;
        let locked!: () => void;
        const isLocked = new Promise<void>((r) => (locked = r));
        const holder = p.db.kysely.transaction().execute(async (trx) => {
          await sql`select id from jobs where kind = 'test.leased' for update`.execute(trx);
          locked();
          await new Promise<void>((r) => (release = r));
        });
        await isLocked;
        // The batch skips the locked row and runs the next one in line, in its transaction (never leased).
        expect(await p.jobs.runDue()).toBe(1);
        expect(inTx).toEqual([true]);
        release();
        await holder;
        expect(await p.jobs.runDue()).toBe(1); // the leased one, now free
        expect(inTx).toEqual([true]);
      } finally {
        await p.stop();
      }
    },
  );

  it('is cancelled with the transaction that enqueued it, and by its key', async () => {
    const p = await startTestParley();
    try {
      p.jobs.register({ kind: 'test.noop', run: async () => undefined });
      await expect(
        p.db.tx(async () => {
          await p.jobs.enqueue('test.noop', {});
          throw new Error('rollback');
        }),
      ).rejects.toThrow();
      await p.db.tx(() => p.jobs.enqueue('test.noop', {}, { idempotencyKey: 'k1', delayMs: 1000 }));
      await p.db.tx(() => p.jobs.enqueue('test.noop', {}, { idempotencyKey: 'k1', delayMs: 5000 }));
      expect((await p.jobs.pending('k1'))!.runAt.getTime()).toBe(p.clock.now().getTime() + 1000); // first kept
      await p.db.tx(() => p.jobs.enqueue('test.noop', {}, { idempotencyKey: 'k1', delayMs: 9000, replace: true }));
      expect((await p.jobs.pending('k1'))!.runAt.getTime()).toBe(p.clock.now().getTime() + 9000);
      expect(await p.db.tx(() => p.jobs.cancel('k1'))).toBe(true);
      p.fakeClock!.advance(10_000);
      expect(await p.jobs.runDue()).toBe(0);
    } finally {
      await p.stop();
    }
  });

  it('retries with backoff, rolls back a failed attempt, then marks it failed', async () => {
    const p = await startTestParley();
    try {
      await effectsTable(p);
      let calls = 0;
      p.jobs.register({
        kind: 'test.flaky',
        maxAttempts: 3,
        retryDelayMs: (n) => n * 1000,
        run: async () => {
          calls++;
          await sql`insert into job_effects (tag) values ('partial')`.execute(p.db.q);
          throw new Error(`attempt ${calls} failed`);
        },
      });
      await p.db.tx(() => p.jobs.enqueue('test.flaky', {}));
      expect(await p.jobs.runDue()).toBe(1);
      expect(await p.jobs.runDue()).toBe(0); // waiting for its backoff
      p.fakeClock!.advance(1000);
      expect(await p.jobs.runDue()).toBe(1);
      p.fakeClock!.advance(2000);
      expect(await p.jobs.runDue()).toBe(1);
      p.fakeClock!.advance(60_000);
      expect(await p.jobs.runDue()).toBe(0);
      expect(calls).toBe(3);
      expect(await effects(p)).toEqual([]); // every failed attempt rolled back
      const row = await p.db.kysely.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: 'attempt 3 failed' });
    } finally {
      await p.stop();
    }
  });

  it('runs each job exactly once with two workers competing', async () => {
    const cluster = new TestCluster();
    const p = await startTestParley({ cluster });
    // A second process on PostgreSQL; on the embedded database a second runner on the same database.
    const other = onPostgres ? await startTestParley({ cluster, clock: p.clock }) : undefined;
    try {
      await effectsTable(p);
      const workers = [p.jobs, other?.jobs ?? new JobRunner(p.db, p.clock, log)];
      workers.forEach((w, i) =>
        w.register<{ n: number }>({
          kind: 'test.count',
          run: async ({ n }) =>
            void (await sql`insert into job_effects (tag) values (${`${n}:${i}`})`.execute(
              (other && i === 1 ? other : p).db.q,
            )),
        }),
      );
      await p.db.tx(async () => {
        for (let n = 0; n < 60; n++) await p.jobs.enqueue('test.count', { n });
      });
      const [a, b] = await Promise.all([workers[0]!.runDue(), workers[1]!.runDue()]);
      expect(a + b).toBe(60);
      const done = await effects(p);
      expect(done).toHaveLength(60);
      expect(new Set(done.map((t) => t.split(':')[0])).size).toBe(60);
      if (onPostgres) expect(a).toBeGreaterThan(0);
    } finally {
      await p.close();
      await other?.close();
      await cluster.destroy();
    }
  });

  it('survives a restart', async () => {
    const cluster = new TestCluster();
    const clock = new FakeClock();
    try {
      const first = await startTestParley({ cluster, clock, persistent: true });
      await effectsTable(first);
      first.jobs.register({ kind: 'test.after-restart', run: async () => undefined });
      await first.db.tx(() => first.jobs.enqueue('test.after-restart', {}, { delayMs: 5000 }));
      await first.close();

      const second = await startTestParley({ cluster, clock, persistent: true });
      let ran = 0;
      second.jobs.register({ kind: 'test.after-restart', run: async () => void ran++ });
      clock.advance(5000);
      expect(await second.jobs.runDue()).toBe(1);
      expect(ran).toBe(1);
      await second.close();
    } finally {
      await cluster.destroy();
    }
  });

  it('is woken at once by an enqueue when the loop is running', async () => {
    const p = await startTestParley({ background: true });
    try {
      const done = new Promise<string>((resolve) =>
        p.jobs.register<{ v: string }>({ kind: 'test.wake', run: async ({ v }) => resolve(v) }),
      );
      await p.db.tx(() => p.jobs.enqueue('test.wake', { v: 'now' }));
      expect(await done).toBe('now');
    } finally {
      await p.stop();
    }
  });

  describe('batches', () => {
    /** A job that records its effect, its transaction id and an event; `fail` throws after all three. */
    function registerBatchJob(p: Awaited<ReturnType<typeof startTestParley>>, failing: Set<number>) {
      const delivered: string[] = [];
      const txids = new Map<number, string>();
      p.bus.on('custom-field.changed', (e) => void delivered.push(e.payload.id));
      // An in-transaction listener's writes belong to the job that emitted the event, and go with it.
      p.bus.inTransaction('custom-field.changed', async (e) => {
        await sql`insert into job_effects (tag) values (${`listener:${e.payload.id}`})`.execute(p.db.q);
      });
      p.jobs.register<{ n: number }>({
        kind: 'test.batch',
        run: async ({ n }) => {
          await sql`insert into job_effects (tag) values (${`job:${n}`})`.execute(p.db.q);
          const r = await sql<{ x: string }>`select txid_current()::text as x`.execute(p.db.q);
          txids.set(n, r.rows[0]!.x);
          p.bus.emit('custom-field.changed', { id: `batch-${n}` });
          if (failing.has(n)) throw new Error(`job ${n} failed`);
        },
      });
      return { delivered, txids };
    }

    it('runs a batch in one transaction; a failing job rolls back alone and its events are never delivered', async () => {
      const p = await startTestParley();
      try {
        await effectsTable(p);
        const failing = new Set([2]);
        const { delivered, txids } = registerBatchJob(p, failing);
        await p.db.tx(async () => {
          for (let n = 0; n < 5; n++) await p.jobs.enqueue('test.batch', { n });
        });
        expect(await p.jobs.runDue()).toBe(5);
        await p.settle();
        // One transaction for the batch (the failed job's attempt ran in it too, under its savepoint).
        expect(new Set(txids.values()).size).toBe(1);
        expect((await effects(p)).sort()).toEqual(
          [
            'job:0',
            'job:1',
            'job:3',
            'job:4',
            'listener:batch-0',
            'listener:batch-1',
            'listener:batch-3',
            'listener:batch-4',
          ].sort(),
        );
        expect(delivered.sort()).toEqual(['batch-0', 'batch-1', 'batch-3', 'batch-4']);
        const outbox = await sql<{
          n: number;
        }>`select count(*)::int as n from outbox where payload->>'id' = 'batch-2'`.execute(p.db.kysely);
        expect(outbox.rows[0]!.n).toBe(0);
        // Its failure is recorded; the others are gone.
        const rows = await p.db.kysely.selectFrom('jobs').selectAll().where('kind', '=', 'test.batch').execute();
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ status: 'pending', attempts: 1, last_error: 'job 2 failed' });
        expect((rows[0]!.payload as { n: number }).n).toBe(2);
        // Its retry, once it passes, commits its effects and delivers its event, once.
        failing.clear();
        p.fakeClock!.advance(1000);
        expect(await p.jobs.runDue()).toBe(1);
        await p.settle();
        expect(delivered.sort()).toEqual(['batch-0', 'batch-1', 'batch-2', 'batch-3', 'batch-4']);
        expect((await effects(p)).filter((t) => t.endsWith('2'))).toEqual(['job:2', 'listener:batch-2']);
        expect(await p.db.kysely.selectFrom('jobs').selectAll().where('kind', '=', 'test.batch').execute()).toEqual([]);
      } finally {
        await p.stop();
      }
    });

    it('a failing in-transaction listener fails only the job whose event it handled', async () => {
      const p = await startTestParley();
      try {
        await effectsTable(p);
        const { delivered } = registerBatchJob(p, new Set());
        p.bus.inTransaction('custom-field.changed', async (e) => {
          if (e.payload.id === 'batch-1') throw new Error('listener refused');
        });
        await p.db.tx(async () => {
          for (let n = 0; n < 3; n++) await p.jobs.enqueue('test.batch', { n });
        });
        expect(await p.jobs.runDue()).toBe(3);
        await p.settle();
        expect(delivered.sort()).toEqual(['batch-0', 'batch-2']);
        expect((await effects(p)).filter((t) => t.endsWith('1'))).toEqual([]);
        const row = await p.db.kysely
          .selectFrom('jobs')
          .selectAll()
          .where('kind', '=', 'test.batch')
          .executeTakeFirst();
        expect(row).toMatchObject({ attempts: 1, last_error: 'listener refused' });
      } finally {
        await p.stop();
      }
    });

    it('runs a leased job claimed among transactional ones after the commit, outside the transaction', async () => {
      const p = await startTestParley();
      try {
        await effectsTable(p);
        const seen: Array<{ kind: string; inTx: boolean; committed?: number }> = [];
        p.jobs.register<{ n: number }>({
          kind: 'test.tx',
          run: async ({ n }) => {
            seen.push({ kind: 'tx', inTx: p.db.inTransaction });
            await sql`insert into job_effects (tag) values (${`tx:${n}`})`.execute(p.db.q);
          },
        });
        let leasedFails = true;
        p.jobs.register<{ n: number }>({
          kind: 'test.leased',
          transactional: false,
          run: async () => {
            // The batch it was claimed in has committed: the transactional jobs' effects are visible.
            const r = await sql<{ n: number }>`select count(*)::int as n from job_effects`.execute(p.db.kysely);
            seen.push({ kind: 'leased', inTx: p.db.inTransaction, committed: r.rows[0]!.n });
            if (leasedFails) throw new Error('remote refused');
          },
        });
        await p.db.tx(async () => {
          await p.jobs.enqueue('test.tx', { n: 0 });
          await p.jobs.enqueue('test.leased', { n: 1 });
          await p.jobs.enqueue('test.tx', { n: 2 });
        });
        expect(await p.jobs.runDue()).toBe(3);
        expect(seen).toEqual([
          { kind: 'tx', inTx: true },
          { kind: 'tx', inTx: true },
          { kind: 'leased', inTx: false, committed: 2 },
        ]);
        // The leased one's failure is recorded on its row (attempt 1, lease released); it retries alone.
        const row = await p.db.kysely.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
        expect(row).toMatchObject({
          kind: 'test.leased',
          attempts: 1,
          locked_until: null,
          last_error: 'remote refused',
        });
        leasedFails = false;
        p.fakeClock!.advance(1000);
        expect(await p.jobs.runDue()).toBe(1);
        expect(seen.at(-1)).toEqual({ kind: 'leased', inTx: false, committed: 2 });
        expect(await p.db.kysely.selectFrom('jobs').selectAll().execute()).toEqual([]);
      } finally {
        await p.stop();
      }
    });

    it.runIf(onPostgres)(
      'two processes draining batches in parallel never run one job twice, failures and leases included',
      async () => {
        const cluster = new TestCluster();
        const p = await startTestParley({ cluster });
        const other = await startTestParley({ cluster, clock: p.clock });
        try {
          await effectsTable(p);
          const leasedRuns: string[] = [];
          const failedOnce = new Set<number>();
          [p, other].forEach((proc, i) => {
            proc.jobs.register<{ n: number }>({
              kind: 'test.count',
              run: async ({ n }) => {
                await sql`insert into job_effects (tag) values (${`${n}:${i}`})`.execute(proc.db.q);
                // Every seventh fails its first attempt (in whichever process runs it): rolled back, retried.
                if (n % 7 === 0 && !failedOnce.has(n)) {
                  failedOnce.add(n);
                  throw new Error('first attempt fails');
                }
              },
            });
            proc.jobs.register<{ n: number }>({
              kind: 'test.remote',
              transactional: false,
              run: async ({ n }) => void leasedRuns.push(`${n}:${i}`),
            });
          });
          await p.db.tx(async () => {
            for (let n = 0; n < 400; n++) await p.jobs.enqueue(n % 20 === 0 ? 'test.remote' : 'test.count', { n });
          });
          // Three workers per process, as the loop runs them.
          const drain = () => Promise.all([p, other].flatMap((proc) => [1, 2, 3].map(() => proc.jobs.runDue(10_000))));
          const first = await drain();
          p.fakeClock!.advance(2000); // the failed ones' backoff
          await drain();
          const done = await effects(p);
          const byN = new Map<string, number>();
          for (const t of done) byN.set(t.split(':')[0]!, (byN.get(t.split(':')[0]!) ?? 0) + 1);
          expect(byN.size).toBe(380);
          // Committed once each (the failed first attempts rolled back with their savepoint).
          expect([...byN.values()].every((c) => c === 1)).toBe(true);
          expect(leasedRuns).toHaveLength(20);
          expect(new Set(leasedRuns.map((t) => t.split(':')[0])).size).toBe(20);
          expect(await p.db.kysely.selectFrom('jobs').selectAll().execute()).toEqual([]);
          // Both processes took part.
          expect(new Set(done.map((t) => t.split(':')[1])).size).toBe(2);
          expect(first.reduce((a, b) => a + b, 0)).toBe(400);
        } finally {
          await p.close();
          await other.close();
          await cluster.destroy();
        }
      },
    );
  });
});
