import type { APIRequestContext } from '@playwright/test';
import { expect, saveScreenshot, serveStaticSite, test, type StaticSite } from '../support';
import { hostPage, resetWidgetSettings, restoreDefaults, unique, widget, widgetEvents } from '../widget/helpers';

let site: StaticSite | undefined;
test.afterEach(async ({ api }) => {
  await restoreDefaults(api);
  await site?.close();
  site = undefined;
});

/** Nobody online: no agent of earlier tests still holds a connection. */
async function nobodyOnline(api: APIRequestContext) {
  await expect.poll(async () => (await (await api.get('/api/v1/widget/config')).json()).online).toBe(false);
}

test('nobody available: the offline form, with its title, color, instructions, validation and success', async ({
  page,
  parley,
  api,
}) => {
  await resetWidgetSettings(api, {
    'livechat.offline.title': 'Write to us',
    'livechat.offline.color': '#333399',
    'livechat.offline.instructions': 'We are away. Leave a note and we will answer by email.',
    'livechat.offline.successMessage': 'Got it! We will email you soon.',
  });
  await nobodyOnline(api);
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  await page.goto(site.url('/'));
  const { frame, launcher } = widget(page);
  // Offline: the launcher wears the offline color.
  await expect(launcher).toHaveCSS('background-color', 'rgb(51, 51, 153)');
  await launcher.click();

  await expect(frame.getByRole('heading', { name: 'Write to us' })).toBeVisible();
  await expect(frame.locator('.hd')).toHaveCSS('background-color', 'rgb(51, 51, 153)');
  await expect(frame.getByText('We are away. Leave a note and we will answer by email.')).toBeVisible();
  // This server has no mail server: the form says where the message goes (issue 19 item 2).
  await expect(frame.getByText(/we cannot answer by email right now/)).toBeVisible();
  const name = frame.getByLabel('Name');
  const email = frame.getByLabel('Email');
  const message = frame.getByLabel('Message');
  const send = frame.getByRole('button', { name: 'Send message' });

  // Everything is required; focus goes to the first problem.
  await send.click();
  await expect(frame.getByText('This field is required.')).toHaveCount(3);
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute('aria-invalid', 'true');

  // Email validation (livechat.offline.validateEmail).
  const who = unique('Olga Offline');
  await name.fill(who);
  await email.fill('olga-at-example');
  await message.fill('Do you ship to Norway?');
  await send.click();
  await expect(frame.getByText('Please enter a valid email address.')).toBeVisible();
  await expect(email).toBeFocused();
  await email.fill('olga@example.com');
  await saveScreenshot(page, 'widget-offline');
  await send.click();
  await expect(frame.getByRole('status').filter({ hasText: 'Got it! We will email you soon.' })).toBeVisible();
  await saveScreenshot(page, 'widget-offline-sent');

  const stored = (await (await api.get('/api/v1/offline-messages')).json()).items as Array<Record<string, string>>;
  expect(stored.find((m) => m.name === who)).toMatchObject({
    email: 'olga@example.com',
    message: 'Do you ship to Norway?',
  });
});

test('without email validation any address is accepted', async ({ page, parley, api }) => {
  await resetWidgetSettings(api, { 'livechat.offline.validateEmail': false });
  await nobodyOnline(api);
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  await page.goto(site.url('/'));
  const { frame, launcher } = widget(page);
  await launcher.click();
  await frame.getByLabel('Name').fill(unique('Nils'));
  await frame.getByLabel('Email').fill('nils-at-home');
  await frame.getByLabel('Message').fill('Call me back');
  await frame.getByRole('button', { name: 'Send message' }).click();
  await expect(frame.getByText('Thanks! We will get back to you.')).toBeVisible();
});

test('offline form switched off: only the "unavailable" message', async ({ page, parley, api }) => {
  await resetWidgetSettings(api, {
    'livechat.offline.displayForm': false,
    'livechat.offline.unavailableMessage': 'Sorry, we are closed. Call us on 555-0100.',
  });
  await nobodyOnline(api);
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  await page.goto(site.url('/'));
  const { frame, launcher } = widget(page);
  await launcher.click();
  await expect(frame.getByText('Sorry, we are closed. Call us on 555-0100.')).toBeVisible();
  await expect(frame.getByRole('textbox')).toHaveCount(0);
  await expect(frame.getByRole('button', { name: 'Send message' })).toHaveCount(0);
  await saveScreenshot(page, 'widget-unavailable');
});

test('omnichannel disabled: the widget shows nothing', async ({ page, parley, api }) => {
  await resetWidgetSettings(api, { 'omnichannel.enabled': false });
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  await page.goto(site.url('/'));
  await expect
    .poll(async () => (await widgetEvents(page)).find((e) => e.name === 'ready')?.data)
    .toEqual({
      enabled: false,
      online: false,
    });
  const { launcher, host } = widget(page);
  await expect(launcher).toBeHidden();
  await expect(host.locator('.p')).toBeHidden();
  // Even asked to open, it stays away.
  await page.evaluate(() => (window as any).Parley('open'));
  await expect(host.locator('.p')).toBeHidden();
});

test('with a mail server set, the offline form makes no such warning', async ({ page, parley, api }) => {
  // Configured is enough: nothing is sent by opening the form.
  await resetWidgetSettings(api, { 'email.smtp.host': '127.0.0.1', 'email.smtp.port': 2525 });
  await nobodyOnline(api);
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  await page.goto(site.url('/'));
  const { frame, launcher } = widget(page);
  await launcher.click();
  await expect(frame.getByRole('button', { name: 'Send message' })).toBeVisible();
  await expect(frame.getByText(/we cannot answer by email right now/)).toHaveCount(0);
});
