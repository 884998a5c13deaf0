import type { HoursStatus } from '@parley/shared';
import { t } from '../../i18n';

/**
 * The status line of a schedule, in its own time zone: "Open now, closes at 18:00" (today) or "Closed, opens
 * Monday 09:00" (another day), in the current language. The times come from the server (status.changesAt); only
 * the words are made here. `locale` formats the times and weekdays (en-GB: 24-hour clock in English).
 */
export function statusLine(status: HoursStatus, timeZone: string, now: Date = new Date(), locale = 'en-GB'): string {
  if (!status.changesAt) return status.open ? t('Open now, all the time') : t('Closed, no opening ahead');
  const when = changeWhen(new Date(status.changesAt), timeZone, now, locale);
  return status.open ? t('Open now, closes {when}', { when }) : t('Closed, opens {when}', { when });
}

/**
 * When a schedule changes, in its zone: "at 18:00" (today), "Monday 09:00" (within six days), or a date; the
 * `{when}` of "opens {when}" sentences, so its words are translated ("um 18:00", "am Montag um 09:00").
 */
export function changeWhen(at: Date, timeZone: string, now: Date = new Date(), locale = 'en-GB'): string {
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const day = new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const sameDay = day.format(at) === day.format(now);
  const within6Days = at.getTime() - now.getTime() < 6 * 86_400_000;
  return sameDay
    ? t('at {time}', { time: time.format(at) })
    : within6Days
      ? t('{day} {time}', {
          day: new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long' }).format(at),
          time: time.format(at),
        })
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
