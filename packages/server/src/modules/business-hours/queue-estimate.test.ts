import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../kernel/clock.js';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { kit } from '../../test-support/routing-kit.js';

/**
 * The visitor's estimated wait counts only agents who can take their chat (issue 14): once the
 * department closes, its agents still online shorten no wait, so they are not counted.
 */

const weekdays = (opens: string, closes: string) =>
  Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, [{ opens, closes }]]));
// Monday 5 January 2026, 14:00Z: open in Berlin, which closes at 16:00Z.
const open = '2026-01-05T14:00:00.000Z';
const closing = '2026-01-05T16:00:00.000Z';

const waitOf = async (p: TestParley, visitor: { api: TestParley['api'] }, id: string) =>
  (await visitor.api.get(`/api/v1/widget/conversations/${id}`)).body.queue?.estimatedWaitSeconds as number | undefined;

describe('queue wait estimate and business hours', () => {
  it('leaves out the agents of a closed department', async () => {
    const clock = new FakeClock(open);
    const p = await startTestParley({
      clock,
      settings: { 'businessHours.enabled': true, 'queue.waitingQueue.enabled': true, 'queue.maxChatsPerAgent': 1 },
    });
    try {
      const k = kit(p);
      const admin = await p.admin();
      const berlin = { name: 'Berlin', timeZone: 'Europe/Berlin', days: weekdays('09:00', '17:00') };
      await admin.post('/api/v1/business-hours', berlin);
      const sales = (await admin.post('/api/v1/departments', { name: 'Sales' })).body.id as string;
      const a = await p.onlineAgent({ departmentIds: [sales] });
      const b = await p.onlineAgent({ departmentIds: [sales] });
      // Handling time for the estimate: one chat of 300 s.
      const past = await k.chat({ departmentId: sales });
      await p.settle();
      clock.advance(300_000);
      await (a.userId === (await k.agentOf(past)) ? a : b).api.post(`/api/v1/conversations/${past}/close`, {});
      // Both agents busy: the third chat waits, first in line, for two agents of one chat each.
      await k.chat({ departmentId: sales });
      await k.chat({ departmentId: sales });
      const v = await p.visitor({ departmentId: sales });
      const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hi' })).body.conversation.id as string;
      await p.settle();
      expect(await k.statusOf(id)).toBe('queued');
      expect(await waitOf(p, v, id)).toBe(150);

      clock.set(closing);
      await p.settle();
      expect(await k.statusOf(id)).toBe('queued');
      expect(await waitOf(p, v, id)).toBe(300);
      await a.ws.close();
      await b.ws.close();
    } finally {
      await p.stop();
    }
  });
});
