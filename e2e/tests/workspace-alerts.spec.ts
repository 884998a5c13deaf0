import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import {
  archiveDepartment,
  createDepartment,
  createStaff,
  expect,
  goAvailable,
  saveScreenshot,
  snapshotSettings,
  staffPage,
  startVisitorChat,
  test,
  uniqueName,
} from '../support';

// The agent workspace a team lives in (issue 18): alerts on every page, the `/` picker, keyboard shortcuts.
// Tests share their worker's server: each one undoes what it set up.
let cleanup: Array<() => Promise<unknown>> = [];
test.afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

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
