import { expect, saveScreenshot, serveStaticSite, test, type StaticSite } from '../support';
import { hostPage, resetWidgetSettings, restoreDefaults, setSettings, widget } from '../widget/helpers';

const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const label = (d: string) => d[0]!.toUpperCase() + d.slice(1);

// The visitor's browser is in New York; the schedule is in UTC: the widget converts to the visitor's zone.
test.use({ timezoneId: 'America/New_York', locale: 'en-US' });

let site: StaticSite | undefined;
let scheduleId: string | undefined;
test.afterEach(async ({ api }) => {
  await setSettings(api, { 'businessHours.enabled': false });
  if (scheduleId) await api.delete(`/api/v1/business-hours/${scheduleId}`);
  scheduleId = undefined;
  await restoreDefaults(api);
  await site?.close();
  site = undefined;
});

test('an admin edits the schedule and the widget switches to the offline form with the next opening', async ({
  adminPage: page,
  parley,
  api,
}) => {
  // Chats are accepted with nobody online: only business hours can make the widget offline.
  await resetWidgetSettings(api, { 'routing.acceptWithNoOnlineAgents': true, 'businessHours.enabled': true });
  const always = Object.fromEntries(days.map((d) => [d, [{ opens: '00:00', closes: '24:00' }]]));
  const created = await api.post('/api/v1/business-hours', {
    data: { name: 'E2E hours', timeZone: 'UTC', days: always },
  });
  expect(created.status(), await created.text()).toBe(201);
  scheduleId = (await created.json()).id as string;

  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  const visitor = await page.context().newPage();
  await visitor.goto(site.url('/'));
  const before = widget(visitor);
  await before.launcher.click();
  await expect(before.frame.getByRole('button', { name: 'Start chat' })).toBeVisible();

  // Open only on the day after tomorrow (UTC), 09:00-17:00: closed now.
  const opensAt = new Date();
  opensAt.setUTCDate(opensAt.getUTCDate() + 2);
  opensAt.setUTCHours(9, 0, 0, 0);
  const target = days[(opensAt.getUTCDay() + 6) % 7]!;

  await page.goto('/admin/business-hours');
  await expect(page.getByRole('heading', { name: 'Business hours', level: 1 })).toBeVisible();
  const form = page.getByRole('form', { name: 'Schedule' });
  await expect(form.getByText('Open now, all the time')).toBeVisible();
  for (const d of days) {
    if (d !== target) await form.getByRole('button', { name: `Remove ${label(d)} 00:00–24:00` }).click();
  }
  await form.locator(`#bh-${target}-0-opens`).fill('09:00');
  await form.locator(`#bh-${target}-0-closes`).fill('17:00');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('The schedule was saved.')).toBeVisible();
  const weekdayUtc = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long' }).format(opensAt);
  await expect(form.getByText(`Closed, opens ${weekdayUtc} 09:00`)).toBeVisible();
  await saveScreenshot(page, 'business-hours-admin');

  const config = await (await api.get('/api/v1/widget/config')).json();
  expect(config).toMatchObject({ online: false, nextOpenAt: opensAt.toISOString() });

  // The visitor comes back: the offline form, and when it opens in New York time.
  const ny = { timeZone: 'America/New_York' } as const;
  const when = `${new Intl.DateTimeFormat('en', { ...ny, weekday: 'long' }).format(opensAt)} at ${new Intl.DateTimeFormat('en', { ...ny, hour: 'numeric', minute: '2-digit' }).format(opensAt)}`;
  // A new tab (an open widget would reopen itself after a reload of the same tab).
  await visitor.close();
  const again = await page.context().newPage();
  await again.goto(site.url('/'));
  const after = widget(again);
  await after.launcher.click();
  await expect(after.frame.getByText(`We're back ${when}.`)).toBeVisible();
  await expect(after.frame.getByRole('button', { name: 'Send message' })).toBeVisible();
  await expect(after.frame.getByRole('button', { name: 'Start chat' })).toBeHidden();
  await saveScreenshot(again, 'business-hours-widget-offline');
});
