import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../kernel/clock.js';
import { byHand, startTestParley } from '../../test-support/harness.js';
import { kit } from '../../test-support/routing-kit.js';

/**
 * By hand, too, a closed department's chats go to nobody (issue 14): taking a queued one, or handing
 * an open one to a named colleague, is refused with `agent.outside-business-hours` until it opens.
 */

const weekdays = (opens: string, closes: string) =>
  Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, [{ opens, closes }]]));
// Monday 5 January 2026: Berlin closes at 16:00Z and opens again on Tuesday at 08:00Z.
const beforeClosing = '2026-01-05T15:00:00.000Z';
const closing = '2026-01-05T16:00:00.000Z';
const opening = '2026-01-06T08:00:00.000Z';

describe('taking and transferring follow business hours', () => {
  it('refuses a take and a transfer to an agent while the department is closed, allows them once open', async () => {
    const clock = new FakeClock(beforeClosing);
    const p = await startTestParley({
      clock,
      settings: { ...byHand, 'businessHours.enabled': true, 'queue.waitingQueue.enabled': true },
    });
    try {
      const k = kit(p);
      const admin = await p.admin();
      const berlin = { name: 'Berlin', timeZone: 'Europe/Berlin', days: weekdays('09:00', '17:00') };
      await admin.post('/api/v1/business-hours', berlin);
      const sales = (await admin.post('/api/v1/departments', { name: 'Sales' })).body.id as string;
      const alice = await p.onlineAgent({ departmentIds: [sales] });
      const bob = await p.onlineAgent({ departmentIds: [sales] });
      const held = await k.chat({ departmentId: sales });
      const waiting = await k.chat({ departmentId: sales });
      expect((await alice.api.post(`/api/v1/conversations/${held}/take`)).status).toBe(200);

      clock.set(closing);
      await p.settle();
      const take = await bob.api.post(`/api/v1/conversations/${waiting}/take`);
      expect(take.status).toBe(409);
      expect(take.body.code).toBe('agent.outside-business-hours');
      expect(await k.statusOf(waiting)).toBe('queued');
      const transfer = await alice.api.post(`/api/v1/conversations/${held}/transfer`, { agentId: bob.userId });
      expect(transfer.status).toBe(409);
      expect(transfer.body).toMatchObject({ code: 'agent.outside-business-hours', field: 'body.agentId' });
      expect(await k.agentOf(held)).toBe(alice.userId);

      clock.set(opening);
      await p.settle();
      expect((await bob.api.post(`/api/v1/conversations/${waiting}/take`)).status).toBe(200);
      expect((await alice.api.post(`/api/v1/conversations/${held}/transfer`, { agentId: bob.userId })).status).toBe(
        200,
      );
      expect(await k.agentOf(held)).toBe(bob.userId);
      await alice.ws.close();
      await bob.ws.close();
    } finally {
      await p.stop();
    }
  });

  it('takes by hand whatever the clock when business hours are off', async () => {
    const clock = new FakeClock(closing);
    const p = await startTestParley({ clock, settings: { ...byHand, 'queue.waitingQueue.enabled': true } });
    try {
      const k = kit(p);
      const admin = await p.admin();
      await admin.post('/api/v1/business-hours', {
        name: 'Berlin',
        timeZone: 'Europe/Berlin',
        days: weekdays('09:00', '17:00'),
      });
      const agent = await p.onlineAgent();
      const chat = await k.chat();
      expect((await agent.api.post(`/api/v1/conversations/${chat}/take`)).status).toBe(200);
      await agent.ws.close();
    } finally {
      await p.stop();
    }
  });
});
