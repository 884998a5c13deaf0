import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../kernel/clock.js';
import { onPostgres, startTestParley, TestCluster, type TestParley } from '../../test-support/harness.js';
import { kit } from '../../test-support/routing-kit.js';

const waiting = { 'queue.waitingQueue.enabled': true, 'routing.acceptWithNoOnlineAgents': true };

async function jobsOf(p: TestParley, kind: string) {
  const r = await sql<{
    run_at: Date;
    n: number;
  }>`select run_at from jobs where kind = ${kind} and status = 'pending'`.execute(p.db.kysely);
  return r.rows.map((x) => new Date(x.run_at).getTime());
}

describe('queue max wait (#70) and the dispatcher tick (#64) as durable timers', () => {
  let p: TestParley;
  afterEach(async () => {
    await p?.stop();
  });

  it('moves pending max-wait timers when the limit changes, arms the chats already waiting, and drops them at -1', async () => {
    p = await startTestParley({ settings: waiting });
    const k = kit(p);
    const early = await k.chat();
    p.fakeClock!.advance(60_000);
    await k.set({ 'queue.maxWaitMinutes': 10 }); // early was waiting while unlimited: it gets a timer now
    const late = await k.chat();
    const queuedAt = (id: string) => p.db.kysely.selectFrom('conversations').select('queued_at').where('id', '=', id);
    const q1 = (await queuedAt(early).executeTakeFirstOrThrow()).queued_at!.getTime();
    const q2 = (await queuedAt(late).executeTakeFirstOrThrow()).queued_at!.getTime();
    expect((await jobsOf(p, 'queue.max-wait')).sort()).toEqual([q1 + 600_000, q2 + 600_000]);

    await k.set({ 'queue.maxWaitMinutes': 2 }); // from each chat's queued time, not from now
    expect((await jobsOf(p, 'queue.max-wait')).sort()).toEqual([q1 + 120_000, q2 + 120_000]);
    p.fakeClock!.advance(60_000);
    await p.settle();
    expect(await k.statusOf(early)).toBe('closed'); // queued 2 min ago
    expect(await k.statusOf(late)).toBe('queued');

    await k.set({ 'queue.maxWaitMinutes': -1 });
    expect(await jobsOf(p, 'queue.max-wait')).toEqual([]);
    p.fakeClock!.advance(3_600_000);
    await p.settle();
    expect(await k.statusOf(late)).toBe('queued');
  });

  it('does not close a chat an agent took in the same instant as its timer', async () => {
    p = await startTestParley({ settings: { ...waiting, 'queue.maxWaitMinutes': 1, 'routing.method': 'manual' } });
    const k = kit(p);
    const id = await k.chat();
    const agent = await p.onlineAgent();
    p.fakeClock!.advance(60_000);
    // The take and the due timer race: whichever locks the row first wins, and the other sees the change.
    const [take] = await Promise.all([agent.api.post(`/api/v1/conversations/${id}/take`, {}), p.jobs.runDue()]);
    await p.settle();
    const status = await k.statusOf(id);
    if (take.status === 200) expect(status).toBe('open');
    else expect(status).toBe('closed');
    await agent.ws.close();
  });

  it('keeps one tick for the whole cluster, booked one interval ahead, moved when the interval changes', async () => {
    p = await startTestParley({
      background: true,
      clock: new FakeClock(),
      settings: { 'queue.processingDelaySeconds': 30 },
    });
    await p.routing.start(); // a second start (another process, or a restart) books no second tick
    const [first] = await jobsOf(p, 'routing.tick');
    expect(await jobsOf(p, 'routing.tick')).toHaveLength(1);
    expect(first).toBeLessThanOrEqual(p.clock.now().getTime() + 30_000);
    await kit(p).set({ 'queue.processingDelaySeconds': 7 });
    expect(await jobsOf(p, 'routing.tick')).toEqual([p.clock.now().getTime() + 7000]);
  });

  it('the tick passes over the queue when no event announced the room an agent has', async () => {
    p = await startTestParley({ settings: { ...waiting, 'queue.maxChatsPerAgent': 1 } });
    const k = kit(p);
    await p.routing.start();
    const agent = await p.onlineAgent();
    const first = await k.chat();
    await p.settle();
    expect(await k.agentOf(first)).toBe(agent.userId);
    const second = await k.chat();
    await p.settle();
    expect(await k.statusOf(second)).toBe('queued'); // the agent is full
    // Room appears behind the dispatcher's back (no event): only the tick's pass can find it.
    await sql`update conversations set status = 'closed', closed_at = now() where id = ${first}`.execute(p.db.kysely);
    p.fakeClock!.advance(4000);
    await p.settle();
    expect(await k.statusOf(second)).toBe('queued');
    p.fakeClock!.advance(1000); // queue.processingDelaySeconds = 5 (the default)
    await p.settle();
    expect(await k.agentOf(second)).toBe(agent.userId);
    expect(await jobsOf(p, 'routing.tick')).toEqual([p.clock.now().getTime() + 5000]);
    await agent.ws.close();
  });

  it('fires a pending max-wait timer in the process started after the one that armed it stopped', async () => {
    const cluster = new TestCluster();
    const clock = new FakeClock();
    try {
      const first = await startTestParley({
        cluster,
        persistent: true,
        clock,
        settings: { ...waiting, 'queue.maxWaitMinutes': 5 },
      });
      const id = await kit(first).chat();
      await first.stop();
      p = await startTestParley({ cluster, persistent: true, clock });
      clock.advance(5 * 60_000);
      await p.settle();
      expect(await kit(p).statusOf(id)).toBe('closed');
      await p.stop();
    } finally {
      await cluster.destroy();
    }
  });

  it.runIf(onPostgres)('closes once when two processes run the due max-wait timer together', async () => {
    const cluster = new TestCluster();
    const clock = new FakeClock();
    const a = await startTestParley({ cluster, clock, settings: { ...waiting, 'queue.maxWaitMinutes': 1 } });
    const b = await startTestParley({ cluster, clock });
    p = a;
    try {
      const id = await kit(a).chat();
      clock.advance(60_000);
      const ran = await Promise.all([a.jobs.runDue(), b.jobs.runDue()]);
      expect(ran[0] + ran[1]).toBe(1);
      await a.settle();
      const finished = await a.db.kysely
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', id)
        .where('system_type', '=', 'conversation-finished')
        .execute();
      expect(finished).toHaveLength(1);
    } finally {
      await b.stop();
      await cluster.destroy().catch(() => undefined);
    }
  });
});
