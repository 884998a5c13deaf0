import type { MyHoursView } from '@parley/shared';
import { changeWhen } from '../business-hours/hoursText';

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
    const who = d.name ?? 'Chats';
    return d.changesAt
      ? `${who} ${d.name ? 'opens' : 'open'} ${changeWhen(new Date(d.changesAt), d.timeZone, now, locale)}`
      : `${who} ${d.name ? 'has' : 'have'} no opening ahead`;
  });
  const title =
    closed.length === 1 && closed[0]!.name === null
      ? 'Business hours are closed now'
      : all
        ? `Your ${closed.length === 1 ? 'department is' : 'departments are'} closed now`
        : `Some of your departments are closed now`;
  const then = closed.every((d) => d.changesAt) ? ' until then' : '';
  const until = `no new chats${all ? '' : ' of theirs'} arrive${then}`;
  return { title, body: `${opens.join('; ')} — ${until}.` };
}
