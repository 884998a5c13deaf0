import { describe, expect, it } from 'vitest';
import { closedHoursText } from './closedHoursText';

// Friday 9 January 2026, 18:00 UTC.
const now = new Date('2026-01-09T18:00:00.000Z');
const sales = { departmentId: 'd1', name: 'Sales', timeZone: 'Europe/Berlin' };
const support = { departmentId: 'd2', name: 'Support', timeZone: 'America/New_York' };

describe('the workspace notice about closed business hours', () => {
  it('says nothing while open or with hours off', () => {
    const open = { ...sales, open: true, changesAt: '2026-01-09T19:00:00.000Z' };
    expect(closedHoursText({ enabled: true, departments: [open] }, now)).toBeUndefined();
    expect(closedHoursText({ enabled: false, departments: [] }, now)).toBeUndefined();
  });

  it('names the closed departments and when each opens, in its own zone', () => {
    // Monday 12 January 08:00 UTC is 09:00 in Berlin.
    const closed = { ...sales, open: false, changesAt: '2026-01-12T08:00:00.000Z' };
    expect(closedHoursText({ enabled: true, departments: [closed] }, now)).toEqual({
      title: 'Your department is closed now',
      body: 'Sales opens Monday 09:00 — no new chats arrive until then.',
    });
    const stillOpen = { ...support, open: true, changesAt: '2026-01-09T22:00:00.000Z' };
    expect(closedHoursText({ enabled: true, departments: [closed, stillOpen] }, now)?.title).toBe(
      'Some of your departments are closed now',
    );
    const later = { ...support, open: false, changesAt: '2026-01-12T14:00:00.000Z' };
    expect(closedHoursText({ enabled: true, departments: [closed, later] }, now)).toEqual({
      title: 'Your departments are closed now',
      body: 'Sales opens Monday 09:00; Support opens Monday 09:00 — no new chats arrive until then.',
    });
  });

  it('speaks of chats when the agent is in no department', () => {
    const none = { departmentId: null, name: null, timeZone: 'UTC', open: false, changesAt: null };
    expect(closedHoursText({ enabled: true, departments: [none] }, now)).toEqual({
      title: 'Business hours are closed now',
      body: 'Chats have no opening ahead — no new chats arrive.',
    });
  });
});
