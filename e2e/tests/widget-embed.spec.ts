import { expect, saveScreenshot, serveStaticSite, test, type StaticSite } from '../support';
import {
  AgentSession,
  createAgent,
  hostPage,
  resetWidgetSettings,
  restoreDefaults,
  unique,
  widget,
  widgetEvents,
} from '../widget/helpers';
import { widgetSnippet } from '../../packages/widget/src/snippet';

let site: StaticSite | undefined;
let agent: AgentSession | undefined;
test.afterEach(async ({ api }) => {
  await restoreDefaults(api);
  await agent?.stop();
  await site?.close();
  agent = undefined;
  site = undefined;
});

const noAgentNeeded = { 'routing.acceptWithNoOnlineAgents': true };

test('the host page drives the widget: open, close, toggle, visitor data, language, events', async ({
  page,
  parley,
  api,
}) => {
  await resetWidgetSettings(api, noAgentNeeded);
  site = await serveStaticSite({
    pages: {
      '/': hostPage(parley.url, {
        calls: [`Parley('setVisitor', { name: 'Jo Host', email: 'jo@host.example' });`],
      }),
    },
  });
  await page.goto(site.url('/'));
  await expect.poll(async () => (await widgetEvents(page)).map((e) => e.name)).toContain('ready');
  const { frame, launcher, host } = widget(page);
  const panel = host.locator('.p');
  const call = (...args: unknown[]) => page.evaluate((a) => (window as any).Parley(...a), args);

  await call('open');
  await expect(panel).toBeVisible();
  await expect(launcher).toHaveAttribute('aria-expanded', 'true');
  await expect(frame.getByLabel('Name')).toHaveValue('Jo Host');
  await expect(frame.getByLabel('Email')).toHaveValue('jo@host.example');
  await call('close');
  await expect(panel).toBeHidden();
  await page.evaluate(() => (window as any).Parley.toggle());
  await expect(panel).toBeVisible();

  await call('setLanguage', 'fr');
  await expect(frame.getByRole('button', { name: 'Démarrer le chat' })).toBeVisible();
  await expect(frame.getByLabel('Nom')).toHaveValue('Jo Host');
  await expect(launcher).toHaveAccessibleName('Fermer le chat');
  await saveScreenshot(page, 'widget-prechat-fr');
  await call('setLanguage', 'en');
  await expect(frame.getByRole('button', { name: 'Start chat' })).toBeVisible();

  // Data set later fills what is still empty.
  await frame.getByLabel('Name').fill('');
  await call('setVisitor', { name: 'Joanna Host' });
  await expect(frame.getByLabel('Name')).toHaveValue('Joanna Host');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  const input = frame.getByRole('textbox', { name: 'Message' });
  await input.fill('Hello from the API test');
  await input.press('Enter');
  await expect(frame.locator('.m.me')).toContainText('Sent');

  await expect
    .poll(async () => (await widgetEvents(page)).map((e) => e.name))
    .toEqual(['ready', 'open', 'close', 'open', 'chat-started']);
  const started = (await widgetEvents(page)).find((e) => e.name === 'chat-started')!;
  expect(started.data.conversationId).toMatch(/^[0-9a-f-]{36}$/);
});

test('two Parley servers on one page do not collide', async ({ page, parley, api }) => {
  await resetWidgetSettings(api, { ...noAgentNeeded, 'livechat.registration.enabled': false });
  // The same Parley reached under two origins is, for the browser, two servers: two frames, two
  // storages, two loaders.
  const other = parley.url.replace('127.0.0.1', 'localhost');
  const html = hostPage(parley.url).replace(
    '</head>',
    `${widgetSnippet(other, { name: 'Support', side: 'left' })}
<script>
  ['ready', 'open', 'close', 'chat-started'].forEach(function (n) {
    Support('on', n, function (d) { window.widgetEvents.push({ instance: 'Support', name: n, data: d }); });
  });
</script>
</head>`,
  );
  site = await serveStaticSite({ pages: { '/': html } });
  await page.goto(site.url('/'));
  const a = widget(page, 'Parley');
  const b = widget(page, 'Support');
  await expect(a.launcher).toBeVisible();
  await expect(b.launcher).toBeVisible();
  expect((await b.launcher.boundingBox())!.x).toBeLessThan((await a.launcher.boundingBox())!.x);

  await b.launcher.click();
  await expect(b.host.locator('.p')).toBeVisible();
  await expect(a.host.locator('.p')).toBeHidden();
  await b.frame.getByRole('textbox', { name: 'Message' }).fill('To the support server');
  await b.frame.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(b.frame.locator('.m.me')).toContainText('Sent');
  await saveScreenshot(page, 'widget-two-servers');

  await page.evaluate(() => (window as any).Parley('open'));
  await expect(a.host.locator('.p')).toBeVisible();
  // The first instance has its own (empty) conversation.
  await expect(a.frame.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expect(a.frame.locator('.m')).toHaveCount(0);
  const events = await widgetEvents(page);
  expect(events.filter((e) => e.name === 'chat-started').map((e) => e.instance)).toEqual(['Support']);
  expect(
    events
      .filter((e) => e.name === 'ready')
      .map((e) => e.instance)
      .sort(),
  ).toEqual(['Parley', 'Support']);
});

test('navigation history: SPA route changes by URL, then by title, reach the agent', async ({
  page,
  parley,
  api,
  browser,
}) => {
  await resetWidgetSettings(api, { 'livechat.navigation.asMessage': true });
  agent = await AgentSession.start(browser, parley, await createAgent(api));
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url, { title: 'Acme Home' }) } });
  await page.goto(site.url('/'));
  const { frame, launcher } = widget(page);
  await launcher.click();
  const name = unique('Nina Nav');
  await frame.getByLabel('Name').fill(name);
  await frame.getByLabel('Email').fill('nina@example.com');
  await frame.getByLabel('Message (optional)').fill('Browsing around');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  const id = await agent.claim(name);
  const visits = async () =>
    (await agent!.messages(id))
      .filter((m) => m.systemType === 'navigation')
      .map((m) => `${new URL(m.data.url).pathname} ${m.data.title}`);

  await page.evaluate(() => history.pushState({}, '', '/pricing'));
  await expect.poll(visits).toContain('/pricing Acme Home');
  await page.evaluate(() => (location.hash = '#plans'));
  await expect.poll(visits).toContain('/pricing Acme Home');
  await expect.poll(async () => (await visits()).length).toBeGreaterThanOrEqual(3);

  // By title: URL changes alone are not reported, title changes are.
  await api.patch('/api/v1/settings', { data: { 'livechat.navigation.monitor': 'title' } });
  await page.goto(site.url('/'));
  await expect(frame.locator('.m.me')).toContainText('Sent');
  const before = (await visits()).length;
  await page.evaluate(() => {
    history.pushState({}, '', '/cart');
    document.title = 'Your cart';
  });
  await expect.poll(visits).toContain('/cart Your cart');
  await page.evaluate(() => history.pushState({}, '', '/cart/step-2'));
  await page.evaluate(() => (document.title = 'Checkout'));
  await expect.poll(visits).toContain('/cart/step-2 Checkout');
  const after = await visits();
  expect(after.filter((v) => v.startsWith('/cart/step-2'))).toEqual(['/cart/step-2 Checkout']);
  expect(after.length).toBeGreaterThan(before);
  // Visitors never see navigation reports.
  await expect(frame.getByText('/cart')).toHaveCount(0);
});

test('a 360 px phone: full-screen chat, keyboard only, Escape to leave', async ({ page, parley, api }) => {
  await resetWidgetSettings(api, { ...noAgentNeeded, 'livechat.registration.enabled': false });
  await page.setViewportSize({ width: 360, height: 740 });
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  await page.goto(site.url('/'));
  const { frame, launcher, host } = widget(page);
  await expect(launcher).toBeVisible();

  // Keyboard: from the host's own button, Tab reaches the launcher.
  await page.locator('#host-button').focus();
  await page.keyboard.press('Tab');
  await expect(launcher).toBeFocused();
  await page.keyboard.press('Enter');
  const panel = host.locator('.p');
  await expect(panel).toBeVisible();
  const box = (await panel.boundingBox())!;
  expect(box.width).toBe(360);
  expect(box.height).toBe(740);
  const input = frame.getByRole('textbox', { name: 'Message' });
  await expect(input).toBeFocused();
  await page.keyboard.type('Typed with the keyboard');
  await page.keyboard.press('Enter');
  await expect(frame.locator('.m.me')).toContainText('Sent');
  await expect(frame.locator('.composer')).toBeInViewport();
  await saveScreenshot(page, 'widget-mobile');

  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(launcher).toBeFocused();
  await expect(launcher).toHaveAttribute('aria-expanded', 'false');
});
