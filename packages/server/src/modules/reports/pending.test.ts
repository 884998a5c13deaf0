import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';

/**
 * The rollups' write side (pending.ts): a change writes one pending row in its transaction; the recurring
 * fold or a report turns them into rollup rows, each change counted exactly once.
 */
describe('reports: pending changes folded into the rollups', () => {
  let p: TestParley;
  let admin: Awaited<ReturnType<TestParley['admin']>>;
  let agent: Awaited<ReturnType<TestParley['onlineAgent']>>;
  let departmentId: string;
  const day = '2026-03-02';

  const pendingRows = async () =>
    Number(
      (
        await p.db.kysely
          .selectFrom('report_pending')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const rolledUpStarts = async () =>
    Number(
      (
        await p.db.kysely
          .selectFrom('report_rollups')
          .select((eb) => eb.fn.sum<string>('started').as('n'))
          .where('grain', '=', 0)
          .where('tag', '=', '')
          .where('department_id', '=', '*')
          .where('agent_id', '=', '*')
          .where('channel', '=', '*')
          .executeTakeFirstOrThrow()
      ).n ?? 0,
    );
  const totals = async () => {
    const r = await admin.get(`/api/v1/reports?from=${day}&to=${day}&tz=UTC`);
    expect(r.status).toBe(200);
    return r.body.conversations as { started: number; closed: number };
  };
  async function chat(close: boolean): Promise<string> {
    const v = await p.visitor({ departmentId });
    const r = await v.api.post('/api/v1/widget/conversations', { text: 'Hello' });
    expect(r.status).toBe(201);
    const id = r.body.conversation.id as string;
    if (close) {
      expect((await agent.api.post(`/api/v1/conversations/${id}/take`)).status).toBe(200);
      expect((await agent.api.post(`/api/v1/conversations/${id}/close`, {})).status).toBe(200);
    }
    return id;
  }

  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
    p.fakeClock!.set(`${day}T09:00:00.000Z`);
    admin = await p.admin();
    departmentId = (await admin.post('/api/v1/departments', { name: 'Support' })).body.id;
    agent = await p.onlineAgent({ departmentIds: [departmentId] });
  }, 60_000);
  afterAll(() => p.stop());

  it('a change leaves one pending row; the recurring fold adds it to the rollups and deletes it', async () => {
    await chat(true);
    await p.settle();
    // Start, take (a status move) and close: pending rows, nothing in the rollups yet.
    expect(await pendingRows()).toBeGreaterThan(0);
    expect(await rolledUpStarts()).toBe(0);

    await p.reports.start(); // books the recurring fold (the server does at start)
    await p.settle();
    expect(await pendingRows()).toBe(0);
    expect(await rolledUpStarts()).toBe(1);
    // It runs again a second later, not in a loop.
    expect(await p.jobs.runDue()).toBe(0);
    expect(await totals()).toMatchObject({ started: 1, closed: 1 });
  });

  it('a report folds what is pending before it reads: every change committed before it counts', async () => {
    await chat(false);
    await p.settle();
    expect(await pendingRows()).toBe(1);
    expect(await totals()).toMatchObject({ started: 2, closed: 1 });
    expect(await pendingRows()).toBe(0);
  });

  it('counts each change once while changes and folds run at the same time', async () => {
    const before = await totals();
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 12; i++) {
      work.push(chat(i % 2 === 0));
      work.push(p.reports.fold());
    }
    await Promise.all(work);
    await p.settle();
    expect(await totals()).toEqual(
      expect.objectContaining({ started: before.started + 12, closed: before.closed + 6 }),
    );
    expect(await pendingRows()).toBe(0);
  });
});
