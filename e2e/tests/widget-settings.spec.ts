import type { APIRequestContext, Page } from '@playwright/test';
import { expect, saveScreenshot, serveStaticSite, test, type StaticSite } from '../support';
import {
  AgentSession,
  createAgent,
  hostPage,
  resetWidgetSettings,
  restoreDefaults,
  setSettings,
  unique,
  visitorToken,
  widget,
} from '../widget/helpers';

let site: StaticSite | undefined;
let agent: AgentSession | undefined;
test.afterEach(async ({ api }) => {
  await restoreDefaults(api);
  await agent?.stop();
  await site?.close();
  agent = undefined;
  site = undefined;
});

/** Chats accepted without an agent online (the conversation waits in the queue). */
const noAgentNeeded = { 'routing.acceptWithNoOnlineAgents': true };

async function openHost(page: Page, parleyUrl: string, options: Parameters<typeof hostPage>[1] = {}) {
  site = await serveStaticSite({ pages: { '/': hostPage(parleyUrl, options) } });
  await page.goto(site.url('/'));
  const w = widget(page);
  await w.launcher.click();
  return w;
}

async function register(page: Page, first: string, name = unique('Vic Visitor')) {
  const { frame } = widget(page);
  await frame.getByLabel('Name').fill(name);
  await frame.getByLabel('Email').fill('vic@example.com');
  await frame.getByLabel('Message (optional)').fill(first);
  await frame.getByRole('button', { name: 'Start chat' }).click();
  await expect(frame.locator('.m.me').filter({ hasText: first })).toContainText('Sent');
  return name;
}

/** The widget API as the page's visitor. */
async function asVisitor(page: Page, request: APIRequestContext) {
  const token = await visitorToken(page);
  expect(token).toBeTruthy();
  const headers = { 'x-parley-visitor-token': token! };
  return {
    get: (path: string) => request.get(`/api/v1/widget/${path}`, { headers }),
    post: (path: string, data: unknown) => request.post(`/api/v1/widget/${path}`, { headers, data }),
  };
}

test('consent enforced: no chat before the box is ticked (GDPR)', async ({ page, parley, api, request }) => {
  await resetWidgetSettings(api, {
    ...noAgentNeeded,
    'gdpr.forceConsent': true,
    'gdpr.consentText': 'I agree that Acme keeps this chat for 30 days.',
  });
  const { frame } = await openHost(page, parley.url);
  const consent = frame.getByRole('checkbox', { name: 'I agree that Acme keeps this chat for 30 days.' });
  await expect(consent).not.toBeChecked();
  await frame.getByLabel('Name').fill(unique('Gina'));
  await frame.getByLabel('Email').fill('gina@example.com');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  await expect(frame.getByText('Please accept to continue.')).toBeVisible();
  await expect(consent).toBeFocused();
  expect(await visitorToken(page)).toBeNull();
  await saveScreenshot(page, 'widget-consent');
  // The server refuses too.
  const direct = await request.post(`${parley.url}/api/v1/widget/visitors`, { data: { name: 'Sneaky' } });
  expect(direct.status()).toBe(400);
  expect((await direct.json()).code).toBe('consent.required');

  await consent.check();
  await frame.getByRole('button', { name: 'Start chat' }).click();
  // exact: the pre-chat form's "Message (optional)" would match too, before registration has finished.
  await expect(frame.getByRole('textbox', { name: 'Message', exact: true })).toBeVisible();
  await expect.poll(() => visitorToken(page)).toBeTruthy();
  const me = await (await asVisitor(page, request)).get('visitor');
  expect((await me.json()).consentAt).toBeTruthy();
});

test('composer: the character counter blocks long messages (and the API refuses them); no attach button when uploads are off', async ({
  page,
  parley,
  api,
  request,
}) => {
  await resetWidgetSettings(api, {
    ...noAgentNeeded,
    'livechat.registration.enabled': false,
    'livechat.messageLimit.enabled': true,
    'livechat.messageLimit.max': 20,
    'general.fileUploads': false,
  });
  const { frame } = await openHost(page, parley.url);
  const input = frame.getByRole('textbox', { name: 'Message' });
  const counter = frame.locator('.cnt');
  await expect(counter).toHaveText('0/20');
  await expect(frame.getByRole('button', { name: 'Attach a file' })).toHaveCount(0);

  await input.fill('This message is far too long');
  await expect(counter).toHaveText('28/20');
  await expect(frame.getByText('Your message is too long: 20 characters at most.')).toBeVisible();
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(frame.getByRole('button', { name: 'Send' })).toBeDisabled();
  await input.press('Enter');
  await expect(input).toHaveValue('This message is far too long');
  await saveScreenshot(page, 'widget-limit');

  await input.fill('Short and sweet');
  await expect(counter).toHaveText('15/20');
  await input.press('Enter');
  const log = frame.getByRole('list', { name: 'Messages' });
  await expect(log.locator('.m.me')).toHaveText([/Short and sweet/]);
  await expect(log.locator('.m.me')).toContainText('Sent');

  const visitor = await asVisitor(page, request);
  const { conversation } = await (await visitor.get('conversations/active')).json();
  const refused = await visitor.post(`conversations/${conversation.id}/messages`, { text: 'x'.repeat(21) });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).code).toBe('message.too-long');
});

test('hidden system messages are not shown; the others are', async ({ page, parley, api, browser }) => {
  await resetWidgetSettings(api, { 'livechat.hideSystemMessages': ['conversation-started', 'user-join'] });
  agent = await AgentSession.start(browser, parley, await createAgent(api));
  await openHost(page, parley.url);
  const visitor = await register(page, 'Hello?');
  const id = await agent.claim(visitor);
  await agent.say(id, 'Hello from support');
  const { frame } = widget(page);
  const log = frame.getByRole('list', { name: 'Messages' });
  await expect(log.locator('.m.them')).toHaveText([/Hello from support/]);
  await expect(log.locator('.m.sys')).toHaveCount(0);
  // Agents still have them.
  const types = (await agent.messages(id)).map((m) => m.systemType);
  expect(types).toEqual(expect.arrayContaining(['conversation-started', 'user-join']));
  await agent.close(id);
  await expect(log.locator('.m.sys')).toHaveText([/Conversation finished/]);
});

test('agent information hidden: no name, avatar or email anywhere', async ({ page, parley, api, browser }) => {
  await resetWidgetSettings(api, { 'livechat.showAgentInfo': false });
  agent = await AgentSession.start(browser, parley, await createAgent(api));
  await openHost(page, parley.url);
  const visitor = await register(page, 'Who am I talking to?');
  const id = await agent.claim(visitor);
  const { frame } = widget(page);
  const log = frame.getByRole('list', { name: 'Messages' });
  await expect(log.getByText('An agent joined the conversation')).toBeVisible();
  await agent.typing(id, true);
  await expect(frame.getByText('The agent is typing…')).toBeVisible();
  await agent.say(id, 'A secret identity');
  await expect(log.locator('.m.them .who')).toHaveText(['Agent']);
  await expect(frame.locator('.agent')).toHaveCount(0);
  await expect(frame.locator('body')).not.toContainText(agent.agent.name);
  await expect(frame.locator('body')).not.toContainText(agent.agent.email);
});

test('agent email hidden: the name shows, the email does not', async ({ page, parley, api, browser }) => {
  await resetWidgetSettings(api, { 'livechat.showAgentEmail': false });
  agent = await AgentSession.start(browser, parley, await createAgent(api));
  await openHost(page, parley.url);
  const visitor = await register(page, 'Hi');
  await agent.claim(visitor);
  const { frame } = widget(page);
  await expect(frame.locator('.agent')).toContainText(agent.agent.name);
  await expect(frame.locator('body')).not.toContainText(agent.agent.email);
});

test('title, colors, additional CSS and scripts apply inside the frame', async ({ page, parley, api }) => {
  await page.context().route('https://cdn.parley-test.example/**', (route) => {
    const css = route.request().url().endsWith('.css');
    return route.fulfill({
      status: 200,
      contentType: css ? 'text/css' : 'text/javascript',
      body: css
        ? '.hd { border-bottom: 6px solid rgb(0, 128, 0) !important; }'
        : "document.documentElement.setAttribute('data-extra', 'loaded');",
    });
  });
  await resetWidgetSettings(api, {
    ...noAgentNeeded,
    'livechat.title': 'Sunny Help Desk',
    'livechat.titleColor': '#FFEB3B',
    'livechat.additionalCss': ['https://cdn.parley-test.example/brand.css'],
    'livechat.additionalScripts': ['https://cdn.parley-test.example/extra.js'],
  });
  const { frame, launcher } = await openHost(page, parley.url);
  await expect(frame.getByRole('heading', { name: 'Sunny Help Desk' })).toBeVisible();
  await expect(launcher).toHaveCSS('background-color', 'rgb(255, 235, 59)');
  // A light title color gets dark text.
  await expect(frame.locator('.hd')).toHaveCSS('color', 'rgb(17, 17, 17)');
  await expect(frame.locator('.hd')).toHaveCSS('border-bottom-color', 'rgb(0, 128, 0)');
  await expect(frame.locator('html')).toHaveAttribute('data-extra', 'loaded');
  await saveScreenshot(page, 'widget-branded');
});

test('clear session on end: the next chat is a new visitor session', async ({ page, parley, api, browser }) => {
  await resetWidgetSettings(api, { 'livechat.clearSessionOnEnd': true });
  agent = await AgentSession.start(browser, parley, await createAgent(api));
  const { frame } = await openHost(page, parley.url);
  const visitor = await register(page, 'Quick question');
  const id = await agent.claim(visitor);
  expect(await visitorToken(page)).toBeTruthy();
  await agent.close(id);
  await expect(frame.getByRole('heading', { name: 'Conversation finished' })).toBeVisible();
  await expect.poll(() => visitorToken(page)).toBeNull();
  await frame.getByRole('button', { name: 'Start a new chat' }).click();
  await expect(frame.getByLabel('Name')).toHaveValue('');
  await page.reload();
  await expect(frame.getByLabel('Name')).toBeVisible();
});

test('registration off: straight to the chat, with what the host page said about the visitor', async ({
  page,
  parley,
  api,
  browser,
}) => {
  await resetWidgetSettings(api, { 'livechat.registration.enabled': false });
  agent = await AgentSession.start(browser, parley, await createAgent(api));
  const name = unique('Rita Host');
  const { frame } = await openHost(page, parley.url, {
    calls: [`Parley('setVisitor', { name: ${JSON.stringify(name)}, email: 'rita@example.com' });`],
  });
  await expect(frame.getByLabel('Name')).toHaveCount(0);
  const input = frame.getByRole('textbox', { name: 'Message' });
  await input.fill('Hi, no forms please');
  await input.press('Enter');
  const id = await agent.claim(name);
  const conv = await (await agent.api.get(`/api/v1/conversations/${id}`)).json();
  expect(conv.visitor.email).toBe('rita@example.com');
});

test('pre-chat form without the name field (#28), then without the email field (#29)', async ({
  page,
  parley,
  api,
  browser,
  request,
}) => {
  await resetWidgetSettings(api, { ...noAgentNeeded, 'livechat.registration.nameField': false });
  const { frame } = await openHost(page, parley.url);
  await expect(frame.getByLabel('Name')).toHaveCount(0);
  await frame.getByLabel('Email').fill('nameless@example.com');
  await frame.getByLabel('Message (optional)').fill('No name here');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  await expect(frame.locator('.m.me').filter({ hasText: 'No name here' })).toContainText('Sent');
  const me = await asVisitor(page, request);
  const visitor = await (await me.get('visitor')).json();
  expect(visitor.email).toBe('nameless@example.com');
  await saveScreenshot(page, 'widget-prechat-no-name');
  const { conversation } = await (await me.get('conversations/active')).json();
  if (conversation) await me.post(`conversations/${conversation.id}/close`, {});

  // Email off, name back on: a second visitor (a fresh page) sees the name and no email.
  await setSettings(api, { 'livechat.registration.nameField': true, 'livechat.registration.emailField': false });
  const second = await browser.newPage();
  try {
    await second.goto(site!.url('/'));
    const w = widget(second);
    await w.launcher.click();
    await expect(w.frame.getByLabel('Name')).toBeVisible();
    await expect(w.frame.getByLabel('Email')).toHaveCount(0);
  } finally {
    await second.close();
  }
});

test('departments and custom fields on the pre-chat form; the visitor switches department', async ({
  page,
  parley,
  api,
  request,
}) => {
  const sales = await (await api.post('/api/v1/departments', { data: { name: unique('Sales') } })).json();
  const billing = await (await api.post('/api/v1/departments', { data: { name: unique('Billing') } })).json();
  const fieldId = `order${Date.now().toString(36)}`;
  const created = await api.post('/api/v1/custom-fields', {
    data: { id: fieldId, label: 'Order number', scope: 'visitor', required: true, regex: '^[0-9]{4,}$' },
  });
  expect(created.status(), await created.text()).toBe(201);
  try {
    await resetWidgetSettings(api, noAgentNeeded);
    const { frame } = await openHost(page, parley.url);
    const department = frame.getByLabel('Department');
    await expect(department.locator('option', { hasText: sales.name })).toHaveCount(1);
    await expect(department.locator('option', { hasText: billing.name })).toHaveCount(1);
    await frame.getByLabel('Name').fill(unique('Dora'));
    await frame.getByLabel('Email').fill('dora@example.com');
    await frame.getByLabel('Order number').fill('abc');
    await frame.getByRole('button', { name: 'Start chat' }).click();
    await expect(frame.getByText('This field is required.')).toBeVisible(); // the department
    await expect(frame.getByText('Please check the format of this field.')).toBeVisible();
    await department.selectOption({ label: sales.name });
    await frame.getByLabel('Order number').fill('12345');
    await frame.getByLabel('Message (optional)').fill('About my order');
    await saveScreenshot(page, 'widget-prechat-departments');
    await frame.getByRole('button', { name: 'Start chat' }).click();

    const log = frame.getByRole('list', { name: 'Messages' });
    await expect(log.locator('.m.me')).toContainText('Sent');
    const visitor = await asVisitor(page, request);
    const me = await (await visitor.get('visitor')).json();
    expect(me.customFields[fieldId]).toBe('12345');
    expect(me.departmentId).toBe(sales.id);

    const switcher = frame.getByRole('combobox', { name: 'Department' });
    await expect(switcher).toHaveValue(sales.id);
    await switcher.selectOption({ label: billing.name });
    await expect(log.getByText(`Department changed to ${billing.name}`)).toBeVisible();
    const { conversation } = await (await visitor.get('conversations/active')).json();
    expect(conversation.departmentId).toBe(billing.id);

    // Switching off: no switcher.
    await setSettings(api, { 'livechat.allowSwitchDepartments': false });
    await page.reload();
    await expect(log.locator('.m.me')).toContainText('Sent');
    await expect(frame.getByRole('combobox', { name: 'Department' })).toHaveCount(0);

    // The host page can preset the department: then the form does not ask.
    await page.evaluate(() => localStorage.clear());
    const preset = await serveStaticSite({
      pages: { '/': hostPage(parley.url, { calls: [`Parley('setDepartment', ${JSON.stringify(billing.id)});`] }) },
    });
    try {
      const other = await page.context().newPage();
      await other.goto(preset.url('/'));
      const w = widget(other);
      await w.launcher.click();
      await expect(w.frame.getByLabel('Name')).toBeVisible();
      await expect(w.frame.getByLabel('Department')).toHaveCount(0);
      await other.close();
    } finally {
      await preset.close();
    }
  } finally {
    await api.delete(`/api/v1/custom-fields/${fieldId}`);
    for (const d of [sales, billing]) await api.post(`/api/v1/departments/${d.id}/archive`, { data: {} });
  }
});

test('a site outside the allowed domains gets nothing: the frame is refused (CSP) and so is the API', async ({
  page,
  parley,
  api,
  request,
}) => {
  await resetWidgetSettings(api, { ...noAgentNeeded, 'livechat.allowedDomains': ['shop.example.com'] });
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  // Before any click the loader only asks for the config (to draw the launcher): refused, no launcher.
  // (A 403 without CORS headers: Chromium may report it as a failed request rather than a response.)
  const isConfig = (u: string) => u.includes('/api/v1/widget/config');
  const configRefused = new Promise<number | string>((resolve) => {
    page.on('response', (r) => isConfig(r.url()) && resolve(r.status()));
    page.on('requestfailed', (r) => isConfig(r.url()) && resolve('failed'));
  });
  await page.goto(site.url('/'));
  expect([403, 'failed']).toContain(await configRefused);
  // Opened by the page's script anyway, the chat app's frame is refused by its CSP.
  const refused = page.waitForEvent('console', (m) => m.text().includes('frame-ancestors'));
  await page.evaluate(() => (window as any).Parley('open'));
  await refused;
  const { launcher, host } = widget(page);
  await expect(launcher).toBeHidden();
  await expect(host.locator('.p')).toBeHidden();
  await page.evaluate(() => (window as any).Parley('close')); // the reload below starts closed
  expect(await page.evaluate(() => (window as any).widgetEvents.length)).toBe(0);
  const api403 = await request.get(`${parley.url}/api/v1/widget/config`, {
    headers: { 'x-parley-host-origin': site.origin },
  });
  expect(api403.status()).toBe(403);
  expect((await api403.json()).code).toBe('origin.not-allowed');
  const direct = await request.post(`${parley.url}/api/v1/widget/visitors`, {
    headers: { origin: site.origin },
    data: { name: 'x' },
  });
  expect(direct.status()).toBe(403);

  // Allowed: the same page works. (With its port: the frame's CSP `frame-ancestors http://localhost`
  // would only match port 80; the API check ignores ports.)
  await setSettings(api, { 'livechat.allowedDomains': [`localhost:${site.port}`] });
  await page.reload();
  await launcher.click();
  await expect(widget(page).frame.getByRole('button', { name: 'Start chat' })).toBeVisible();
});
