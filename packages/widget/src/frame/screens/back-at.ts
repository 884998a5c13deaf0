import { language, t } from '../i18n';

const DAY = 86_400_000;

/**
 * "We're back Monday at 9:00 AM" from the server's `nextOpenAt`, in the visitor's language and time zone
 * (the browser's, unless given): today, tomorrow, a weekday within the week, or a date further away.
 */
export function backText(iso: string, now: Date = new Date(), timeZone?: string): string {
  const at = new Date(iso);
  const zone = timeZone ? { timeZone } : {};
  const time = new Intl.DateTimeFormat(language(), { ...zone, hour: 'numeric', minute: '2-digit' }).format(at);
  const date = new Intl.DateTimeFormat('en-CA', { ...zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  if (date.format(at) === date.format(now)) return t('backToday', { time });
  if (date.format(at) === date.format(new Date(now.getTime() + DAY))) return t('backTomorrow', { time });
  const day = new Intl.DateTimeFormat(language(), {
    ...zone,
    weekday: 'long',
    ...(at.getTime() - now.getTime() < 6 * DAY ? {} : { day: 'numeric', month: 'long' }),
  }).format(at);
  return t('backOn', { day, time });
}
