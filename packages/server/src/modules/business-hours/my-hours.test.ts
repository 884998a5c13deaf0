import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../kernel/clock.js';
import { startTestParley } from '../../test-support/harness.js';
import { kit } from '../../test-support/routing-kit.js';

/**
 * What the agent workspace shows (issue 14, item 5): whether the agent's own departments are open now
 * and when that changes, by the schedule routing follows; and a push to staff sockets at each transition,
 * edit or settings change, so the workspace asks again at the right moment.
 */

const weekdays = (opens: string, closes: string) =>
  Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, [{ opens, closes }]]));
const berlin = { name: 'Berlin', timeZone: 'Europe/Berlin', days: weekdays('09:00', '17:00') };
const newYork = { name: 'New York', timeZone: 'America/New_York', days: weekdays('09:00', '17:00') };
// Monday 5 January 2026, 16:30Z: 17:30 in Berlin (closed until Tuesday 08:00Z), 11:30 in New York
// (open until 22:00Z).
const now = '2026-01-05T16:30:00.000Z';
const berlinOpens = '2026-01-06T08:00:00.000Z';
const newYorkCloses = '2026-01-05T22:00:00.000Z';

describe("the agent's departments' business hours", () => {
  it('answers each of the own departments with its schedule, open or not and until when; nothing with hours off', async () => {
    const clock = new FakeClock(now);
    const p = await startTestParley({ clock, settings: { 'businessHours.type': 'multiple' } });
    try {
      const k = kit(p);
      const admin = await p.admin();
      await admin.post('/api/v1/business-hours', berlin); // the default
      const ny = (await admin.post('/api/v1/business-hours', newYork)).body.id as string;
      const east = (await admin.post('/api/v1/departments', { name: 'East' })).body.id as string;
      const west = (await admin.post('/api/v1/departments', { name: 'West', businessHoursId: ny })).body.id as string;
      await admin.post('/api/v1/departments', { name: 'Elsewhere', businessHoursId: ny });
      const agent = await p.onlineAgent({ departmentIds: [east, west] });
      const loner = await p.onlineAgent();

      expect((await agent.api.get('/api/v1/business-hours/mine')).body).toEqual({ enabled: false, departments: [] });

      await k.set({ 'businessHours.enabled': true });
      const mine = (await agent.api.get('/api/v1/business-hours/mine')).body;
      expect(mine.enabled).toBe(true);
      // Only the agent's own departments (not Elsewhere).
      expect([...mine.departments].sort((a: any, b: any) => a.name.localeCompare(b.name))).toEqual([
        { departmentId: east, name: 'East', timeZone: 'Europe/Berlin', open: false, changesAt: berlinOpens },
        { departmentId: west, name: 'West', timeZone: 'America/New_York', open: true, changesAt: newYorkCloses },
      ]);
      // In no department: the chats without one, by the default schedule.
      expect((await loner.api.get('/api/v1/business-hours/mine')).body.departments).toEqual([
        { departmentId: null, name: null, timeZone: 'Europe/Berlin', open: false, changesAt: berlinOpens },
      ]);
      // Single mode: the default for all.
      await k.set({ 'businessHours.type': 'single' });
      const single = (await agent.api.get('/api/v1/business-hours/mine')).body.departments as Array<{ open: boolean }>;
      expect(single.map((d) => d.open)).toEqual([false, false]);
      await agent.ws.close();
      await loner.ws.close();
    } finally {
      await p.stop();
    }
  });

  it('pushes business-hours.changed to staff sockets at a transition and after an edit', async () => {
    const clock = new FakeClock(now);
    const p = await startTestParley({ clock, settings: { 'businessHours.enabled': true } });
    try {
      const admin = await p.admin();
      const id = (await admin.post('/api/v1/business-hours', newYork)).body.id as string;
      const agent = await p.onlineAgent();
      const open = async () => (await agent.api.get('/api/v1/business-hours/mine')).body.departments[0].open;
      expect(await open()).toBe(true);

      let from = agent.ws.frames.length;
      clock.set(newYorkCloses);
      await p.settle();
      await agent.ws.next((f) => f.type === 'business-hours.changed', from);
      expect(await open()).toBe(false);

      // Open all day Monday now: the edit is pushed, and the answer after it is the new schedule's.
      from = agent.ws.frames.length;
      await admin.put(`/api/v1/business-hours/${id}`, {
        ...newYork,
        days: { ...newYork.days, monday: [{ opens: '00:00', closes: '24:00' }] },
      });
      await agent.ws.next((f) => f.type === 'business-hours.changed', from);
      expect(await open()).toBe(true);
      await agent.ws.close();
    } finally {
      await p.stop();
    }
  });
});
