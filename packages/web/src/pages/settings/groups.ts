import type { SettingGroup, SettingView } from '@parley/shared';

/** The admin guide's sections, in its order and with its headings. */
export const groupOrder = [
  'General',
  'Livechat',
  'Business Hours',
  'CRM Integration',
  'Canned Responses',
  'GDPR',
  'Queue Management',
  'Routing',
  'Sessions',
  'Video and Audio Call',
  'Email',
] as const satisfies readonly SettingGroup[];

// Fails to compile when the catalog gains a group that this list lacks.
type Unlisted = Exclude<SettingGroup, (typeof groupOrder)[number]>;
const everyGroupListed: [Unlisted] extends [never] ? true : never = true;
void everyGroupListed;

export function groupSlug(group: string): string {
  return group.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** Settings by group, in guide order; a group the guide lacks (an older web app) comes last. */
export function groupSettings(settings: SettingView[]): Array<{ group: string; settings: SettingView[] }> {
  const byGroup = new Map<string, SettingView[]>();
  for (const g of groupOrder) byGroup.set(g, []);
  for (const s of settings) {
    if (!byGroup.has(s.group)) byGroup.set(s.group, []);
    byGroup.get(s.group)!.push(s);
  }
  return [...byGroup].filter(([, list]) => list.length > 0).map(([group, list]) => ({ group, settings: list }));
}
