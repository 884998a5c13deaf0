import { describe, expect, it } from 'vitest';
import { statusLine } from './hoursText';

describe('the business hours status line', () => {
  const now = new Date('2026-01-09T10:00:00Z'); // Friday 11:00 in Berlin
  it('says when it closes today, in the schedule zone', () => {
    expect(statusLine({ open: true, changesAt: '2026-01-09T17:00:00Z' }, 'Europe/Berlin', now)).toBe(
      'Open now, closes at 18:00',
    );
  });
  it('names the day it opens on another day', () => {
    expect(statusLine({ open: false, changesAt: '2026-01-12T08:00:00Z' }, 'Europe/Berlin', now)).toBe(
      'Closed, opens Monday 09:00',
    );
    // The same instant, read in New York.
    expect(statusLine({ open: false, changesAt: '2026-01-12T08:00:00Z' }, 'America/New_York', now)).toBe(
      'Closed, opens Monday 03:00',
    );
  });
  it('says so when nothing changes', () => {
    expect(statusLine({ open: true, changesAt: null }, 'UTC', now)).toBe('Open now, all the time');
    expect(statusLine({ open: false, changesAt: null }, 'UTC', now)).toBe('Closed, no opening ahead');
  });
});
