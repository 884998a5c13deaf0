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
        await p.jobs.runDue();
        expect(inTx).toEqual([]); // it did not take the next job in line to run it leased
        release();
        await holder;
        await p.jobs.runDue();
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
});
