import type { MyHoursView } from '@parley/shared';
import { changeWhen } from '../business-hours/hoursText';
import { t } from '../../i18n';

/**
 * The workspace's notice about closed business hours, or nothing when the agent's departments are open:
 * "Your departments are closed now" and "Sales opens Monday 09:00 — no new chats arrive until then". Times
 * are the schedule's own (as the admin console shows them); only the words are made here.
 */
export function closedHoursText(
  hours: MyHoursView,
  now: Date = new Date(),
  locale = 'en-GB',
): { title: string; body: string } | undefined {
  const closed = hours.departments.filter((d) => !d.open);
  if (!hours.enabled || closed.length === 0) return undefined;
  const all = closed.length === hours.departments.length;
  const opens = closed.map((d) => {
    if (!d.changesAt)
      return d.name ? t('{name} has no opening ahead', { name: d.name }) : t('Chats have no opening ahead');
    const when = changeWhen(new Date(d.changesAt), d.timeZone, now, locale);
    return d.name ? t('{name} opens {when}', { name: d.name, when }) : t('Chats open {when}', { when });
  });
  const title =
    closed.length === 1 && closed[0]!.name === null
      ? t('Business hours are closed now')
      : all
        ? t('{count, plural, one {Your department is closed now} other {Your departments are closed now}}', {
            count: closed.length,
          })
        : t('Some of your departments are closed now');
  const then = closed.every((d) => d.changesAt);
  const until = all
    ? then
      ? t('no new chats arrive until then')
      : t('no new chats arrive')
    : then
      ? t('no new chats of theirs arrive until then')
      : t('no new chats of theirs arrive');
  return { title, body: `${opens.join('; ')} — ${until}.` };
}
