import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../kernel/clock.js';
import type { BusEvent } from '../../kernel/events.js';
import { onPostgres, startTestParley, TestCluster, type TestParley } from '../../test-support/harness.js';
import { kit } from '../../test-support/routing-kit.js';

/**
 * Business hours decide routing (behaviour §2-3): outside hours nobody is eligible in a department, a
 * chat open at closing stays with its agent, a queued one waits, and the opening runs the dispatcher
 * (no dispatcher tick runs in these tests: background work is off, so only the transition can do it).
 */

const weekdays = (opens: string, closes: string) =>
  Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, [{ opens, closes }]]));
const berlin = { name: 'Berlin', timeZone: 'Europe/Berlin', days: weekdays('09:00', '17:00') };
const newYork = { name: 'New York', timeZone: 'America/New_York', days: weekdays('09:00', '17:00') };
const settings = { 'businessHours.enabled': true, 'queue.waitingQueue.enabled': true, 'queue.maxChatsPerAgent': 1 };
// Monday 5 January 2026: Berlin closes at 16:00Z and opens again on Tuesday at 08:00Z.
const beforeClosing = '2026-01-05T15:00:00.000Z';
const closing = '2026-01-05T16:00:00.000Z';
const opening = '2026-01-06T08:00:00.000Z';

const config = async (p: TestParley, departmentId?: string) =>
  (await p.api.get(`/api/v1/widget/config${departmentId ? `?departmentId=${departmentId}` : ''}`)).body as {
    online: boolean;
    nextOpenAt: string | null;
  };

describe('routing follows business hours', () => {
  it('single mode: an open chat stays at closing, a queued one waits, and the opening assigns it', async () => {
    const clock = new FakeClock(beforeClosing);
    const p = await startTestParley({ clock, settings });
    try {
      const k = kit(p);
      await (await p.admin()).post('/api/v1/business-hours', berlin);
      const agent = await p.onlineAgent();
      const first = await k.chat();
      await p.dispatchOnce();
      expect(await k.agentOf(first)).toBe(agent.userId);
      const second = await k.chat(); // the agent is full: it waits
      await p.dispatchOnce();
      expect(await k.statusOf(second)).toBe('queued');

      clock.set(closing);
      await p.settle();
      expect(await k.statusOf(first)).toBe('open');
      // Room again, but outside hours: the queued chat stays queued.
      await agent.api.post(`/api/v1/conversations/${first}/close`, {});
      await p.dispatchOnce();
      expect(await k.statusOf(second)).toBe('queued');
      expect(await config(p)).toMatchObject({ online: false, nextOpenAt: opening });
      const v = await p.visitor();
      expect((await v.api.post('/api/v1/widget/conversations', { text: 'hi' })).body).toMatchObject({
        code: 'conversation.no-agent-online',
      });

      clock.set(opening);
      await p.settle();
      expect(await k.agentOf(second)).toBe(agent.userId);
      expect(await config(p)).toMatchObject({ online: true, nextOpenAt: null });
      await agent.ws.close();
    } finally {
      await p.stop();
    }
  });

  it('multiple mode: each department follows its own schedule (or the default); single mode, the default', async () => {
    // 16:30Z: 17:30 in Berlin (closed), 11:30 in New York (open).
    const clock = new FakeClock('2026-01-05T16:30:00.000Z');
    const p = await startTestParley({
      clock,
      settings: { ...settings, 'queue.waitingQueue.enabled': false, 'queue.maxChatsPerAgent': 0 },
    });
    try {
      const k = kit(p);
      const admin = await p.admin();
      await admin.post('/api/v1/business-hours', berlin); // the default
      const ny = (await admin.post('/api/v1/business-hours', newYork)).body.id as string;
      const east = (await admin.post('/api/v1/departments', { name: 'East' })).body.id as string;
      const west = (await admin.post('/api/v1/departments', { name: 'West', businessHoursId: ny })).body.id as string;
      const agent = await p.onlineAgent({ departmentIds: [east, west] });

      // Single: the default (Berlin) for everyone, whatever the department says.
      expect(await config(p, west)).toMatchObject({ online: false, nextOpenAt: opening });
      expect(await config(p, east)).toMatchObject({ online: false, nextOpenAt: opening });

      await k.set({ 'businessHours.type': 'multiple' });
      expect(await config(p, west)).toMatchObject({ online: true, nextOpenAt: null });
      expect(await config(p, east)).toMatchObject({ online: false, nextOpenAt: opening });
      const chat = await k.chat({ departmentId: west });
      await p.dispatchOnce();
      expect(await k.agentOf(chat)).toBe(agent.userId);
      await expect(k.chat({ departmentId: east })).rejects.toThrow(/no-agent-online/);

      // Off: hours limit nobody.
      await k.set({ 'businessHours.enabled': false });
      expect((await config(p, east)).online).toBe(true);
      await agent.ws.close();
    } finally {
      await p.stop();
    }
  });

  it('a restart between the close and the open: the next process opens on time and assigns the queued chat', async () => {
    const cluster = new TestCluster();
    const clock = new FakeClock(beforeClosing);
    try {
      const first = await startTestParley({ cluster, persistent: true, clock, settings });
      await (await first.admin()).post('/api/v1/business-hours', berlin);
      const chat = await kit(first).chat(); // nobody online: queued
      clock.set(closing);
      await first.settle();
      expect((await first.jobs.pending('business-hours.transition'))?.runAt.toISOString()).toBe(opening);
      await first.stop();

      const second = await startTestParley({ cluster, persistent: true, clock });
      const agent = await second.onlineAgent();
      await second.dispatchOnce();
      expect(await kit(second).statusOf(chat)).toBe('queued');
      clock.set(opening);
      await second.settle();
      expect(await kit(second).agentOf(chat)).toBe(agent.userId);
      await agent.ws.close();
      await second.stop();
    } finally {
      await cluster.destroy();
    }
  });

  it.runIf(onPostgres)('with two processes, each opening and closing happens once', async () => {
    const cluster = new TestCluster();
    const clock = new FakeClock(beforeClosing);
    const a = await startTestParley({ cluster, clock, settings });
    const b = await startTestParley({ cluster, clock });
    const seen: string[] = [];
    // Local scope: runs only in the process whose transaction emitted the event.
    const count = (who: string) => (e: BusEvent<'business-hours.changed'>) => {
      if (e.payload.reason === 'transition') seen.push(who);
    };
    a.bus.on('business-hours.changed', count('a'));
    b.bus.on('business-hours.changed', count('b'));
    try {
      await (await a.admin()).post('/api/v1/business-hours', berlin);
      await b.settle();
      for (const at of [closing, opening]) {
        clock.set(at);
        await Promise.all([a.jobs.runDue(), b.jobs.runDue(), a.jobs.runDue(), b.jobs.runDue()]);
        await Promise.all([a.settle(), b.settle()]);
      }
      expect(seen).toHaveLength(2);
      expect((await a.jobs.pending('business-hours.transition'))?.runAt.toISOString()).toBe('2026-01-06T16:00:00.000Z');
      // Both processes see the same hours.
      expect((await config(a)).nextOpenAt).toBe((await config(b)).nextOpenAt);
    } finally {
      await a.stop();
      await b.stop();
      await cluster.destroy();
    }
  });
});
