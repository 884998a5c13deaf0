import { minutesOf, weekdays, type OpenInterval, type WeeklyHours } from '@parley/shared';
import { DateTime } from 'luxon';

/**
 * The time-zone math of business hours, and all of it: local dates and times of a schedule become
 * instants through luxon, which reads the platform's IANA data (Intl), so DST changes and half-hour
 * zones come from the data, never from offsets computed here.
 */

export interface Schedule {
  id: string;
  timeZone: string;
  days: WeeklyHours;
  /** Holidays and special days by local date (YYYY-MM-DD): closed ones have no intervals. */
  specialDays: ReadonlyMap<string, readonly OpenInterval[]>;
}

/** Open at an instant or not, and the next instant that changes it (null: none within about a year). */
export interface HoursState {
  open: boolean;
  changesAt: number | null;
}

/** Days looked at from the day before the instant; widened when no change shows up in a window. */
const WINDOWS = [9, 40, 400];

/**
 * The instant a local time of day falls on. A time a DST change skips moves forward by the gap (02:30 on
 * the spring-forward night in Berlin is 03:30); one it repeats is its first occurrence (luxon's rules).
 */
function instant(day: DateTime, hhmm: string): number {
  if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day').toMillis();
  const m = minutesOf(hhmm);
  return day.set({ hour: Math.floor(m / 60), minute: m % 60, second: 0, millisecond: 0 }).toMillis();
}

/** The open spans a local date contributes (an overnight one ends on the next date). */
function daySpans(s: Schedule, day: DateTime): Array<[number, number]> {
  const list = s.specialDays.get(day.toISODate()!) ?? s.days[weekdays[day.weekday - 1]!];
  const next = day.plus({ days: 1 }).startOf('day');
  const out: Array<[number, number]> = [];
  for (const iv of list) {
    const span: [number, number] = [instant(day, iv.opens), instant(iv.overnight ? next : day, iv.closes)];
    // An interval that lies wholly in a skipped hour is empty that night.
    if (span[1] > span[0]) out.push(span);
  }
  return out;
}

/** Sorted, with overlapping or touching spans joined (Monday 22:00–24:00 and Tuesday 00:00–06:00 are one). */
function merge(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

/** Whether the schedule is open at `now` (ms), and until when it stays so. Intervals include their start. */
export function stateAt(s: Schedule, now: number): HoursState {
  const first = DateTime.fromMillis(now, { zone: s.timeZone }).startOf('day').minus({ days: 1 });
  let open = false;
  for (const days of WINDOWS) {
    const spans: Array<[number, number]> = [];
    let day = first;
    for (let i = 0; i < days; i++) {
      spans.push(...daySpans(s, day));
      day = day.plus({ days: 1 }).startOf('day');
    }
    // Spans of later dates start at or after the horizon, so they cannot come before what is found here.
    const horizon = day.toMillis();
    const merged = merge(spans);
    const current = merged.find(([a, b]) => a <= now && now < b);
    open = current !== undefined;
    if (current) {
      // Ending at the horizon, it may go on into the next date: look further.
      if (current[1] < horizon) return { open, changesAt: current[1] };
      continue;
    }
    const next = merged.find(([a]) => a > now);
    if (next) return { open, changesAt: next[0] };
  }
  return { open, changesAt: null };
}
