import { weeklyHoursSchema, type OpenInterval, type WeeklyHours } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { stateAt, type Schedule } from './calendar.js';

/** The math alone: which instants a schedule opens and closes at, in UTC, across DST changes and zones. */

const every = (...intervals: Array<Partial<OpenInterval> & { opens: string; closes: string }>): WeeklyHours =>
  weeklyHoursSchema.parse(
    Object.fromEntries(
      ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [d, intervals]),
    ),
  );

function schedule(timeZone: string, days: WeeklyHours, special: Record<string, OpenInterval[]> = {}): Schedule {
  return { id: 'test', timeZone, days, specialDays: new Map(Object.entries(special)) };
}

/** The next `n` changes from `from`, each as "open@ISO" (it opens then) or "closed@ISO". */
function changes(s: Schedule, from: string, n: number): string[] {
  const out: string[] = [];
  let t = Date.parse(from);
  for (let i = 0; i < n; i++) {
    const at = stateAt(s, t).changesAt;
    if (at === null) break;
    out.push(`${stateAt(s, at).open ? 'open' : 'closed'}@${new Date(at).toISOString()}`);
    t = at;
  }
  return out;
}

describe('business hours calendar', () => {
  it('Europe/Berlin, spring forward (Sunday 29 March 2026): 09:00 is 08:00Z the day before, 07:00Z that day', () => {
    const s = schedule('Europe/Berlin', every({ opens: '09:00', closes: '17:00' }));
    expect(changes(s, '2026-03-28T00:00:00Z', 6)).toEqual([
      'open@2026-03-28T08:00:00.000Z',
      'closed@2026-03-28T16:00:00.000Z',
      'open@2026-03-29T07:00:00.000Z',
      'closed@2026-03-29T15:00:00.000Z',
      'open@2026-03-30T07:00:00.000Z',
      'closed@2026-03-30T15:00:00.000Z',
    ]);
    expect(stateAt(s, Date.parse('2026-03-29T06:59:59.999Z'))).toEqual({
      open: false,
      changesAt: Date.parse('2026-03-29T07:00:00Z'),
    });
    expect(stateAt(s, Date.parse('2026-03-29T07:00:00Z')).open).toBe(true);
  });

  it('Europe/Berlin, fall back (Sunday 25 October 2026): 09:00 is 07:00Z the day before, 08:00Z that day', () => {
    const s = schedule('Europe/Berlin', every({ opens: '09:00', closes: '17:00' }));
    expect(changes(s, '2026-10-24T00:00:00Z', 4)).toEqual([
      'open@2026-10-24T07:00:00.000Z',
      'closed@2026-10-24T15:00:00.000Z',
      'open@2026-10-25T08:00:00.000Z',
      'closed@2026-10-25T16:00:00.000Z',
    ]);
  });

  it('an overnight interval lasts 7 hours on the spring-forward night and 9 on the fall-back night', () => {
    const s = schedule('Europe/Berlin', every({ opens: '22:00', closes: '06:00', overnight: true }));
    expect(changes(s, '2026-03-28T12:00:00Z', 2)).toEqual([
      'open@2026-03-28T21:00:00.000Z',
      'closed@2026-03-29T04:00:00.000Z',
    ]);
    expect(changes(s, '2026-10-24T12:00:00Z', 2)).toEqual([
      'open@2026-10-24T20:00:00.000Z',
      'closed@2026-10-25T05:00:00.000Z',
    ]);
  });

  it('a time the clocks skip opens at the end of the gap; an interval wholly inside the gap is empty', () => {
    const skipped = schedule('Europe/Berlin', every({ opens: '02:30', closes: '04:00' }));
    expect(changes(skipped, '2026-03-29T00:00:00Z', 2)).toEqual([
      'open@2026-03-29T01:30:00.000Z', // 03:30 CEST
      'closed@2026-03-29T02:00:00.000Z', // 04:00 CEST
    ]);
    const gap = schedule('Europe/Berlin', every({ opens: '02:00', closes: '03:00' }));
    // 28 March 02:00 CET, then nothing on the 29th, then 30 March 02:00 CEST.
    expect(changes(gap, '2026-03-28T02:00:00Z', 2)).toEqual([
      'open@2026-03-30T00:00:00.000Z',
      'closed@2026-03-30T01:00:00.000Z',
    ]);
  });

  it('America/New_York on both transition days (8 March and 1 November 2026)', () => {
    const s = schedule('America/New_York', every({ opens: '09:00', closes: '17:00' }));
    expect(changes(s, '2026-03-07T00:00:00Z', 4)).toEqual([
      'open@2026-03-07T14:00:00.000Z',
      'closed@2026-03-07T22:00:00.000Z',
      'open@2026-03-08T13:00:00.000Z',
      'closed@2026-03-08T21:00:00.000Z',
    ]);
    expect(changes(s, '2026-10-31T00:00:00Z', 4)).toEqual([
      'open@2026-10-31T13:00:00.000Z',
      'closed@2026-10-31T21:00:00.000Z',
      'open@2026-11-01T14:00:00.000Z',
      'closed@2026-11-01T22:00:00.000Z',
    ]);
  });

  it('Asia/Kolkata (UTC+05:30), weekdays only: Friday closes, Monday opens', () => {
    const days = weeklyHoursSchema.parse({
      monday: [{ opens: '09:00', closes: '18:00' }],
      friday: [{ opens: '09:00', closes: '18:00' }],
    });
    const s = schedule('Asia/Kolkata', days);
    expect(changes(s, '2026-01-09T00:00:00Z', 3)).toEqual([
      'open@2026-01-09T03:30:00.000Z',
      'closed@2026-01-09T12:30:00.000Z',
      'open@2026-01-12T03:30:00.000Z',
    ]);
  });

  it('holidays: a closed date skips its hours, a special day has its own', () => {
    const s = schedule('Europe/Berlin', every({ opens: '09:00', closes: '17:00' }), {
      '2026-12-25': [],
      '2026-12-24': [{ opens: '09:00', closes: '12:00', overnight: false }],
    });
    expect(changes(s, '2026-12-24T00:00:00Z', 3)).toEqual([
      'open@2026-12-24T08:00:00.000Z',
      'closed@2026-12-24T11:00:00.000Z',
      'open@2026-12-26T08:00:00.000Z',
    ]);
  });

  it('touching intervals are one opening; always open and never open have no change', () => {
    const split = schedule(
      'UTC',
      weeklyHoursSchema.parse({
        monday: [{ opens: '08:00', closes: '24:00' }],
        tuesday: [
          { opens: '00:00', closes: '12:00' },
          { opens: '12:00', closes: '13:00' },
        ],
      }),
    );
    expect(changes(split, '2026-01-05T00:00:00Z', 2)).toEqual([
      'open@2026-01-05T08:00:00.000Z',
      'closed@2026-01-06T13:00:00.000Z',
    ]);
    const always = schedule('Asia/Tokyo', every({ opens: '00:00', closes: '24:00' }));
    expect(stateAt(always, Date.parse('2026-06-01T00:00:00Z'))).toEqual({ open: true, changesAt: null });
    const never = schedule('Asia/Tokyo', weeklyHoursSchema.parse({}));
    expect(stateAt(never, Date.parse('2026-06-01T00:00:00Z'))).toEqual({ open: false, changesAt: null });
  });

  it('finds an opening weeks away (a long holiday) and an overnight Sunday interval into Monday', () => {
    const special = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`2026-08-${String(i + 1).padStart(2, '0')}`, [] as OpenInterval[]]),
    );
    const s = schedule('Europe/Berlin', every({ opens: '09:00', closes: '17:00' }), special);
    expect(stateAt(s, Date.parse('2026-08-01T10:00:00Z'))).toEqual({
      open: false,
      changesAt: Date.parse('2026-08-21T07:00:00Z'),
    });
    const sunday = schedule(
      'UTC',
      weeklyHoursSchema.parse({ sunday: [{ opens: '20:00', closes: '02:00', overnight: true }] }),
    );
    expect(changes(sunday, '2026-01-04T00:00:00Z', 2)).toEqual([
      'open@2026-01-04T20:00:00.000Z',
      'closed@2026-01-05T02:00:00.000Z',
    ]);
  });
});
