import type { HoursStatus } from '@parley/shared';

/**
 * The status line of a schedule, in its own time zone: "Open now, closes at 18:00" (today) or "Closed, opens
 * Monday 09:00" (another day). The times come from the server (status.changesAt); only the words are made here.
 */
export function statusLine(status: HoursStatus, timeZone: string, now: Date = new Date(), locale = 'en-GB'): string {
  if (!status.changesAt) return status.open ? 'Open now, all the time' : 'Closed, no opening ahead';
  const when = changeWhen(new Date(status.changesAt), timeZone, now, locale);
  return status.open ? `Open now, closes ${when}` : `Closed, opens ${when}`;
}

/** When a schedule changes, in its zone: "at 18:00" (today), "Monday 09:00" (within six days), or a date. */
export function changeWhen(at: Date, timeZone: string, now: Date = new Date(), locale = 'en-GB'): string {
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const day = new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const sameDay = day.format(at) === day.format(now);
  const within6Days = at.getTime() - now.getTime() < 6 * 86_400_000;
  return sameDay
    ? `at ${time.format(at)}`
    : within6Days
      ? `${new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long' }).format(at)} ${time.format(at)}`
      : new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(
          at,
        );
}

/** The zones to pick from: the platform's list, with the current one kept even when the list names it otherwise. */
export function timeZoneChoices(current: string): string[] {
  const listed = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const all = new Set(['UTC', ...listed]);
  if (current) all.add(current);
  return [...all].sort();
}
