import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import {
  archiveDepartment,
  conversationOfVisitor,
  createDepartment,
  createStaff,
  expect,
  goAvailable,
  saveScreenshot,
  serveStaticSite,
  snapshotSettings,
  staffPage,
  startVisitorChat,
  test,
  uniqueName,
  undoAfterEach,
} from '../support';
import { hostPage, openWidget, resetWidgetSettings, widget } from '../widget/helpers';

// The agent workspace a team lives in (issue 18): alerts on every page, the `/` picker, keyboard shortcuts.
// Tests share their worker's server: each one undoes what it set up.
const cleanup = undoAfterEach();

async function setSettings(api: APIRequestContext, patch: Record<string, unknown>): Promise<void> {
  const res = await api.patch('/api/v1/settings', { data: patch });
  expect(res.status(), await res.text()).toBe(200);
}

/**
 * Counts the page's calls of HTMLMediaElement.play (the chime is an <audio> element) and the plays the
 * browser let start, without changing what play does.
 */
async function countPlays(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { plays: number; played: number };
    w.plays = 0;
    w.played = 0;
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      w.plays++;
      const p = play.call(this);
      void p.then(() => w.played++).catch(() => undefined);
      return p;
    };
  });
}
const plays = (page: Page) => page.evaluate(() => (window as unknown as { plays: number }).plays);
const played = (page: Page) => page.evaluate(() => (window as unknown as { played: number }).played);

/** An agent of a fresh department, signed in in their own browser, at `path`. */
async function agentAt(
  api: APIRequestContext,
  browser: Parameters<typeof staffPage>[0],
  parley: Parameters<typeof staffPage>[1],
  path: string,
) {
  const agent = await createStaff(api, ['agent'], uniqueName('Ada'));
  const dept = await createDepartment(api, { agents: [agent.id] });
  cleanup.push(() => archiveDepartment(api, dept.id));
  const s = await staffPage(browser, parley, agent, path);
  cleanup.push(() => s.context.close());
  return { agent, dept, ...s };
}

test('a chat arriving while the agent is on My account chimes, counts in the title and the navigation; the agent can turn the sound off', async ({
  api,
  browser,
  parley,
  request,
}) => {
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  await setSettings(api, { 'routing.method': 'manual', 'general.continuousSound': false });
  const { dept, context, page } = await agentAt(api, browser, parley, '/account');
  await countPlays(context);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeVisible();
  await goAvailable(page); // a click: the browser now lets the page play sound
  await expect(page).toHaveTitle('My account · Parley');
  expect(await plays(page)).toBe(0);

  const first = await startVisitorChat(request, { name: uniqueName('Vera'), departmentId: dept.id, text: 'Hello?' });
  cleanup.push(() => api.post(`/api/v1/conversations/${first.conversationId}/close`, { data: { comment: 'e2e' } }));
  await expect.poll(() => plays(page)).toBe(1);
  await expect.poll(() => played(page)).toBe(1);
  await expect(page).toHaveTitle('(1) My account · Parley');
  await expect(page.getByTestId('conversations-count')).toHaveText('1 waiting');
  await saveScreenshot(page, 'workspace-alerts-account-page');

  // Sound off on the account page (kept on the server): the next chat counts, silently.
  const alerts = page.getByRole('region', { name: 'Alerts' });
  await alerts.getByRole('checkbox', { name: /Play a sound/ }).uncheck();
  await expect
    .poll(async () => (await (await page.request.get('/api/v1/users/me/alert-preferences')).json()).sound)
    .toBe(false);
  cleanup.push(() => page.request.patch('/api/v1/users/me/alert-preferences', { data: { sound: true } }));
  const second = await startVisitorChat(request, { name: uniqueName('Walt'), departmentId: dept.id, text: 'Hi' });
  cleanup.push(() => api.post(`/api/v1/conversations/${second.conversationId}/close`, { data: { comment: 'e2e' } }));
  await expect(page).toHaveTitle('(2) My account · Parley');
  expect(await plays(page)).toBe(1);
  // Another page keeps the count; the choice survives a reload.
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page).toHaveTitle(/^\(2\) /);
  await page.goto('/account');
  await expect(
    page.getByRole('region', { name: 'Alerts' }).getByRole('checkbox', { name: /Play a sound/ }),
  ).not.toBeChecked();
});

test('with continuous sound on, the chime repeats on another page until the chat is taken and answered', async ({
  api,
  browser,
  parley,
  request,
}) => {
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  await setSettings(api, { 'routing.method': 'manual', 'general.continuousSound': true });
  const { dept, context, page } = await agentAt(api, browser, parley, '/account');
  await countPlays(context);
  await page.reload();
  await goAvailable(page);
  const chat = await startVisitorChat(request, { name: uniqueName('Vera'), departmentId: dept.id, text: 'Hello?' });
  cleanup.push(() => api.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: { comment: 'e2e' } }));
  // The arrival, then a repeat every 4 s.
  await expect.poll(() => plays(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  const take = await page.request.post(`/api/v1/conversations/${chat.conversationId}/take`);
  expect(take.status(), await take.text()).toBe(200);
  // Taken, then given to me but unanswered: it goes on until I answer.
  await page.request.post(`/api/v1/conversations/${chat.conversationId}/messages`, { data: { text: 'Here!' } });
  await page.waitForTimeout(500);
  const after = await plays(page);
  await page.waitForTimeout(5_000);
  expect(await plays(page)).toBe(after);
});

test('/ opens the canned picker in the composer, its placeholders filled; ? lists the shortcuts; j/k, t, x and / work', async ({
  api,
  browser,
  parley,
  request,
}) => {
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  await setSettings(api, { 'routing.method': 'manual', 'cannedResponses.enabled': true });
  const { agent, dept, page } = await agentAt(api, browser, parley, '/workspace');
  const shortcut = `hey${Date.now().toString(36)}`;
  const made = await api.post('/api/v1/canned-responses', {
    data: { scope: 'global', shortcut, text: 'Hello {{visitor.name}}, {{agent.name}} here.' },
  });
  expect(made.status(), await made.text()).toBe(201);
  const cannedId = (await made.json()).id as string;
  cleanup.push(() => api.delete(`/api/v1/canned-responses/${cannedId}`));
  await goAvailable(page);

  const names = [uniqueName('Vera'), uniqueName('Walt')];
  const chats = [];
  for (const name of names) {
    const c = await startVisitorChat(request, { name, departmentId: dept.id, text: 'Hi' });
    cleanup.push(() => api.post(`/api/v1/conversations/${c.conversationId}/close`, { data: { comment: 'e2e' } }));
    const take = await page.request.post(`/api/v1/conversations/${c.conversationId}/take`);
    expect(take.status(), await take.text()).toBe(200);
    chats.push(c);
  }
  const inbox = page.getByRole('navigation', { name: 'Inbox' });
  await expect(inbox.getByRole('link', { name: new RegExp(names[1]!) })).toBeVisible();

  // ? lists the shortcuts.
  await page.locator('body').press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: /Next conversation/ })).toContainText('Alt+↓');
  await saveScreenshot(page, 'workspace-shortcuts');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // j and k move through my conversations (newest activity first), wrapping.
  await page.locator('body').press('j');
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(names[1]!);
  await page.locator('body').press('j');
  await expect(heading).toHaveText(names[0]!);
  await page.locator('body').press('k');
  await expect(heading).toHaveText(names[1]!);

  // Typed in the composer, j is a letter; Alt+↓ still moves.
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.click();
  await box.pressSequentially('jk');
  await expect(box).toHaveValue('jk');
  await expect(heading).toHaveText(names[1]!);
  await box.fill('');
  await box.press('Alt+ArrowDown');
  await expect(heading).toHaveText(names[0]!);

  // `/` in the composer, at the start or after a space: the picker, its placeholders filled by the server.
  await box.click();
  await box.pressSequentially(`Ok /${shortcut.slice(0, 5)}`);
  const picker = page.getByRole('listbox', { name: 'Canned responses' });
  await expect(picker.getByRole('option')).toHaveCount(1);
  await expect(picker.getByRole('option')).toContainText(`/${shortcut}`);
  await saveScreenshot(page, 'workspace-slash-picker');
  await box.press('Enter');
  await expect(box).toHaveValue(`Ok Hello ${names[0]}, ${agent.name} here.`);
  await box.fill('and/or');
  await expect(picker).toHaveCount(0);
  await box.fill('');

  // Esc leaves the composer; `/` from outside opens the picker in it; r goes back into it.
  await box.press('Escape');
  await expect(box).not.toBeFocused();
  await page.locator('body').press('/');
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('/');
  await expect(picker).toBeVisible();
  await box.press('Escape');
  await box.fill('');
  await box.press('Escape');
  await page.locator('body').press('r');
  await expect(box).toBeFocused();
  await box.press('Escape');

  // t transfers, x closes (their dialogs).
  await page.locator('body').press('t');
  await expect(page.getByRole('dialog', { name: 'Transfer conversation' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.locator('body').press('x');
  await expect(page.getByRole('dialog', { name: 'Close conversation' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('an agent message that failed while Parley was unreachable is sent again on reconnect, once', async ({
  api,
  browser,
  parley,
  request,
}) => {
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  await setSettings(api, { 'routing.method': 'manual' });
  const { dept, context, page } = await agentAt(api, browser, parley, '/workspace');
  await goAvailable(page);
  const name = uniqueName('Vera');
  const chat = await startVisitorChat(request, { name, departmentId: dept.id, text: 'Hi' });
  cleanup.push(() => api.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: { comment: 'e2e' } }));
  await page
    .getByRole('navigation', { name: 'Inbox' })
    .getByRole('button', { name: `Take the conversation with ${name}` })
    .click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();

  await context.setOffline(true);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Sent while the network was down');
  await box.press('Enter');
  const failed = page.locator('.msg-failed');
  await expect(failed).toContainText('It is sent again when the connection returns.');
  await saveScreenshot(page, 'workspace-message-offline');

  await context.setOffline(false);
  await expect(failed).toHaveCount(0);
  await expect(page.locator('.timeline').getByText('Sent while the network was down')).toBeVisible();
  await expect
    .poll(async () => {
      const items = (await (await api.get(`/api/v1/conversations/${chat.conversationId}/messages`)).json()).items;
      return items.filter((m: { text: string }) => m.text === 'Sent while the network was down').length;
    })
    .toBe(1);
});

test('typing preview: off, no draft leaves the widget nor reaches the agent; on, the agent sees it as it is written', async ({
  page,
  api,
  browser,
  parley,
}) => {
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  await resetWidgetSettings(api);
  await setSettings(api, { 'routing.method': 'manual', 'livechat.typingPreview': false });
  const { dept, page: agentPage } = await agentAt(api, browser, parley, '/workspace');
  await goAvailable(agentPage);
  // Every frame the visitor's page sends on a WebSocket (the widget's frame included).
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));

  const site = await serveStaticSite({ pages: { '/': hostPage(parley.url, { departmentId: dept.id }) } });
  cleanup.push(() => site.close());
  await page.goto(site.url('/'));
  const { frame } = await openWidget(page);
  const visitor = uniqueName('Vera');
  await frame.getByLabel('Name').fill(visitor);
  await frame.getByLabel('Email').fill('vera@example.com');
  await frame.getByLabel('Message (optional)').fill('Hello');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  const id = await conversationOfVisitor(api, visitor);
  cleanup.push(() => api.post(`/api/v1/conversations/${id}/close`, { data: { comment: 'e2e' } }));
  await agentPage
    .getByRole('navigation', { name: 'Inbox' })
    .getByRole('button', { name: `Take the conversation with ${visitor}` })
    .click();
  await expect(agentPage.getByRole('heading', { name: visitor, level: 1 })).toBeVisible();

  // Off (the default): the agent sees "typing…", never the words, and no draft left the page.
  const box = frame.getByRole('textbox', { name: 'Message', exact: true });
  await box.pressSequentially('my card number is 4111');
  await expect(agentPage.locator('.typing')).toContainText('typing');
  await expect(agentPage.getByTestId('typing-preview')).toHaveCount(0);
  expect(sent.some((f) => f.includes('"typing"'))).toBe(true);
  expect(sent.filter((f) => f.includes('typing.preview'))).toEqual([]);
  await box.fill('');

  // On (the widget reads it when it loads): the agent reads the draft as it grows; sending clears it.
  await setSettings(api, { 'livechat.typingPreview': true });
  await page.reload();
  const reopened = widget(page);
  // The chat's widget may reopen by itself after the reload.
  await expect(reopened.launcher).toBeVisible();
  await expect
    .poll(async () => {
      if (!(await reopened.host.locator('.p').isVisible())) await reopened.launcher.click();
      return reopened.host.locator('.p').isVisible();
    })
    .toBe(true);
  const again = reopened.frame.getByRole('textbox', { name: 'Message', exact: true });
  await again.pressSequentially('Where is my order');
  const preview = agentPage.getByTestId('typing-preview');
  await expect(preview).toContainText('Where is my order');
  expect(sent.some((f) => f.includes('typing.preview'))).toBe(true);
  await saveScreenshot(agentPage, 'workspace-typing-preview');
  await again.press('Enter');
  await expect(agentPage.locator('.timeline').getByText('Where is my order')).toBeVisible();
  await expect(preview).toHaveCount(0);
});

test('dark mode follows the system, and the top bar’s toggle overrides it in this browser', async ({
  api,
  browser,
  parley,
}) => {
  const { page } = await agentAt(api, browser, parley, '/account');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeVisible();
  expect(await background()).toBe('rgb(244, 246, 249)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(background).toBe('rgb(15, 20, 27)');
  const text = await page.evaluate(() => getComputedStyle(document.body).color);
  expect(text).toBe('rgb(230, 234, 240)');
  await saveScreenshot(page, 'workspace-dark-account');
  await page.goto('/workspace');
  await expect(page.getByRole('navigation', { name: 'Inbox' })).toBeVisible();
  await saveScreenshot(page, 'workspace-dark-conversations');

  // The toggle: System → Dark → Light, kept across a reload; Light wins over the dark system.
  const toggle = page.getByRole('button', { name: /^Theme: / });
  await expect(toggle).toHaveAccessibleName('Theme: System (change)');
  await toggle.click();
  await expect(toggle).toHaveAccessibleName('Theme: Dark (change)');
  await toggle.click();
  await expect(toggle).toHaveAccessibleName('Theme: Light (change)');
  await expect.poll(background).toBe('rgb(244, 246, 249)');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Theme: Light (change)' })).toBeVisible();
  expect(await background()).toBe('rgb(244, 246, 249)');
  // Dark chosen on a light system.
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: /^Theme: / }).click(); // → System
  await page.getByRole('button', { name: /^Theme: / }).click(); // → Dark
  await expect.poll(background).toBe('rgb(15, 20, 27)');
  await page.getByRole('button', { name: /^Theme: / }).click(); // → Light
  await page.getByRole('button', { name: /^Theme: / }).click(); // → System, as it was
});

test('at 375 px: no sideways scroll on Conversations, History and My account; the menu folds; Sign out is reachable', async ({
  api,
  browser,
  parley,
}) => {
  const { page } = await agentAt(api, browser, parley, '/workspace');
  await page.setViewportSize({ width: 375, height: 740 });
  const width = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
  for (const [path, heading] of [
    ['/workspace', undefined],
    ['/conversations', 'Conversation history'],
    ['/account', 'My account'],
  ] as const) {
    await page.goto(path);
    if (heading) await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    else await expect(page.getByRole('navigation', { name: 'Inbox' })).toBeVisible();
    // Polled: the page's width once its parts have loaded (CI once measured 399 px at the first frame).
    await expect.poll(width, { message: `${path} scrolls sideways` }).toBeLessThanOrEqual(375);
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await expect(signOut).toBeInViewport({ ratio: 1 });
    await saveScreenshot(page, `workspace-375${path.replace(/\//g, '-')}`);
  }
  // The navigation is folded behind Menu; it opens, leads to a page and folds again.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeHidden();
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await menu.click();
  await expect(nav).toBeVisible();
  await saveScreenshot(page, 'workspace-375-menu');
  await nav.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { name: 'Conversation history', level: 1 })).toBeVisible();
  await expect(nav).toBeHidden();
  expect(await width()).toBeLessThanOrEqual(375);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});
