import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../kernel/clock.js';
import { byHand, onPostgres, startTestParley, TestCluster, type TestParley } from '../../test-support/harness.js';

/**
 * The on-hold and unanswered timers across a restart and between two processes (the agent-offline,
 * max-wait and abandonment timers have their own in their files): armed by one process, acted on once.
 */
const onHold = { ...byHand, 'sessions.onHold.allowManual': true, 'sessions.onHold.autoCloseSeconds': 60 };
const unanswered = { 'sessions.autoTransferUnansweredSeconds': 30 };

async function heldChat(p: TestParley) {
  const agent = await p.onlineAgent();
  const v = await p.visitor();
  const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hello' })).body.conversation.id as string;
  await agent.api.post(`/api/v1/conversations/${id}/take`);
  await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'one moment' });
  expect((await agent.api.post(`/api/v1/conversations/${id}/hold`)).status).toBe(200);
  await agent.ws.close();
  await p.settle();
  return id;
}

async function assignedChat(p: TestParley) {
  const agent = await p.onlineAgent();
  const v = await p.visitor();
  const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hello?' })).body.conversation.id as string;
  await p.dispatchOnce();
  return { id, agent };
}

const view = async (p: TestParley, id: string) => (await (await p.admin()).get(`/api/v1/conversations/${id}`)).body;
const transfers = async (p: TestParley, id: string) =>
  (await (await p.admin()).get(`/api/v1/conversations/${id}/transfers`)).body.items as unknown[];

describe('session timers survive a restart and act once among processes', () => {
  it('on-hold auto-close: armed before a stop, fired by the next process', async () => {
    const cluster = new TestCluster();
    const clock = new FakeClock();
    try {
      const first = await startTestParley({ cluster, persistent: true, clock, settings: onHold });
      const id = await heldChat(first);
      await first.stop();
      const second = await startTestParley({ cluster, persistent: true, clock });
      clock.advance(60_000);
      await second.settle();
      expect(await view(second, id)).toMatchObject({ status: 'closed', closeComment: 'on-hold-timeout' });
      await second.stop();
    } finally {
      await cluster.destroy();
    }
  });

  it('unanswered auto-transfer: armed before a stop, fired by the next process', async () => {
    const cluster = new TestCluster();
    const clock = new FakeClock();
    try {
      const first = await startTestParley({ cluster, persistent: true, clock, settings: unanswered });
      const { id, agent } = await assignedChat(first);
      await agent.ws.close();
      await first.stop();
      const second = await startTestParley({ cluster, persistent: true, clock });
      clock.advance(30_000);
      await second.settle();
      expect(await transfers(second, id)).toMatchObject([{ reason: 'unanswered', by: { type: 'system' } }]);
      await second.stop();
    } finally {
      await cluster.destroy();
    }
  });

  it.runIf(onPostgres)('each fires once when two processes run the due timers together', async () => {
    const cluster = new TestCluster();
    const clock = new FakeClock();
    const a = await startTestParley({ cluster, clock, settings: { ...onHold, ...unanswered } });
    const b = await startTestParley({ cluster, clock });
    try {
      const held = await heldChat(a);
      await a.settings.update({ 'routing.method': 'auto' }, { kind: 'anonymous' });
      await a.settle();
      const { id: waiting, agent } = await assignedChat(a);
      clock.advance(60_000);
      const ran = await Promise.all([a.jobs.runDue(), b.jobs.runDue()]);
      expect(ran[0] + ran[1]).toBe(2);
      await a.settle();
      await b.settle();
      const finished = await a.db.kysely
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', held)
        .where('system_type', '=', 'conversation-finished')
        .execute();
      expect(finished).toHaveLength(1);
      expect(await transfers(a, waiting)).toHaveLength(1);
      await agent.ws.close();
    } finally {
      await b.stop();
      await a.stop();
      await cluster.destroy();
    }
  });
});
