import type { APIRequestContext, Page } from '@playwright/test';
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
  undoAfterEach,
} from '../support';

// Canned responses (issue 18, item 1): kept on their page, inserted in a reply with `!`, their placeholders
// filled for the conversation. Tests share their worker's server: each one undoes what it set up.
const cleanup = undoAfterEach();

async function setSettings(api: APIRequestContext, patch: Record<string, unknown>): Promise<void> {
  const res = await api.patch('/api/v1/settings', { data: patch });
  expect(res.status(), await res.text()).toBe(200);
}

async function createCanned(api: APIRequestContext, body: Record<string, unknown>): Promise<string> {
  const res = await api.post('/api/v1/canned-responses', { data: body });
  expect(res.status(), await res.text()).toBe(201);
  const id = (await res.json()).id as string;
  cleanup.push(() => api.delete(`/api/v1/canned-responses/${id}`));
  return id;
}

const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });
const picker = (page: Page) => page.getByRole('listbox', { name: 'Canned responses' });

test('! in the composer offers canned responses as you type; Enter and Tab insert them with placeholders filled', async ({
  api,
  browser,
  parley,
  request,
}) => {
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  await setSettings(api, { 'routing.method': 'manual', 'cannedResponses.enabled': true });
  const agent = await createStaff(api, ['agent'], uniqueName('Ada'));
  const dept = await createDepartment(api, { agents: [agent.id] });
  cleanup.push(() => archiveDepartment(api, dept.id));
  const shortcut = `greet${Date.now().toString(36)}`;
  await createCanned(api, {
    scope: 'department',
    departmentId: dept.id,
    shortcut,
    text: 'Hello {{visitor.name}}, I am {{agent.name}} from {{department.name}}.',
  });
  // Markup in a text stays text, in the picker and in the reply.
  await createCanned(api, { scope: 'global', shortcut: `${shortcut}x`, text: '<b>Bye</b> {{visitor.email}}' });

  const s = await staffPage(browser, parley, agent);
  cleanup.push(() => s.context.close());
  const page = s.page;

  // The agent keeps a personal one on the management page.
  await page.getByRole('link', { name: 'Canned responses' }).click();
  await expect(page.getByRole('heading', { name: 'Canned responses', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New canned response' }).click();
  const form = page.getByRole('form', { name: 'New canned response' });
  await expect(form.getByLabel('Who may use it')).toHaveCount(0); // agents keep personal ones only
  await form.getByLabel('Shortcut').fill(`${shortcut}mine`);
  await form.getByLabel('Text').fill('Chat {{conversation.id}}');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);
  const table = page.getByRole('table', { name: 'Canned responses' });
  await expect(table.getByRole('row', { name: new RegExp(`!${shortcut}mine`) })).toContainText('You');
  await expect(table.getByRole('row', { name: new RegExp(`!${shortcut} `) })).toContainText(dept.name);
  await expect(table.getByText('<b>Bye</b> {{visitor.email}}')).toBeVisible();
  await saveScreenshot(page, 'canned-responses-page');
  const mine = (await (await page.request.get(`/api/v1/canned-responses?search=${shortcut}mine`)).json()).items[0];
  cleanup.push(() => api.delete(`/api/v1/canned-responses/${mine.id}`));

  // A chat of their department.
  await page.getByRole('link', { name: 'Conversations' }).first().click();
  await goAvailable(page);
  const visitor = uniqueName('Vera');
  const chat = await startVisitorChat(request, {
    name: visitor,
    email: 'vera@example.com',
    departmentId: dept.id,
    text: 'Hi, anyone there?',
  });
  cleanup.push(() => api.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: { comment: 'e2e' } }));
  await page
    .getByRole('navigation', { name: 'Inbox' })
    .getByRole('button', { name: `Take the conversation with ${visitor}` })
    .click();
  await expect(page.getByRole('heading', { name: visitor, level: 1 })).toBeVisible();

  // Typing filters: shortcut first, then text.
  const box = composer(page);
  await box.fill('Sure. ');
  await box.press('End');
  await box.pressSequentially(`!${shortcut}`);
  await expect(picker(page).getByRole('option')).toHaveCount(3);
  await expect(picker(page).getByRole('option').first()).toContainText(`!${shortcut}`);
  await expect(picker(page).getByRole('option').nth(2)).toContainText('<b>Bye</b> {{visitor.email}}');
  await box.pressSequentially('m');
  await expect(picker(page).getByRole('option')).toHaveCount(1);
  await box.press('Backspace');
  await saveScreenshot(page, 'canned-responses-picker');
  // Enter inserts the first, filled for this chat by the server.
  await box.press('Enter');
  await expect(picker(page)).toHaveCount(0);
  await expect(box).toHaveValue(`Sure. Hello ${visitor}, I am ${agent.name} from ${dept.name}.`);

  // Escape closes it; Tab inserts the chosen one (the arrows move, and wrap).
  await box.pressSequentially(` !${shortcut}`);
  await expect(picker(page)).toBeVisible();
  await box.press('Escape');
  await expect(picker(page)).toHaveCount(0);
  await box.pressSequentially('x');
  await expect(picker(page)).toHaveCount(0); // closed for this ! until another one
  await box.fill('');
  await box.pressSequentially(`!${shortcut}`);
  await box.press('ArrowDown');
  await expect(picker(page).getByRole('option', { selected: true })).toContainText(`!${shortcut}mine`);
  await box.press('ArrowUp');
  await box.press('ArrowUp');
  await expect(picker(page).getByRole('option', { selected: true })).toContainText('<b>Bye</b>');
  await box.press('Tab');
  await expect(box).toHaveValue('<b>Bye</b> vera@example.com');
  await expect(box).toBeFocused();
  await box.press('Enter');
  const sent = page.locator('.timeline').getByText('<b>Bye</b> vera@example.com');
  await expect(sent).toBeVisible();
  const history = await (await api.get(`/api/v1/conversations/${chat.conversationId}/messages`)).json();
  expect(history.items.map((m: { text: string }) => m.text)).toContain('<b>Bye</b> vera@example.com');

  // Turned off: no picker (once the workspace reads its settings again), and the page says why.
  await setSettings(api, { 'cannedResponses.enabled': false });
  await page.reload();
  await expect(composer(page)).toBeVisible();
  await composer(page).pressSequentially(`!${shortcut}`);
  await expect(picker(page)).toHaveCount(0);
  await expect(page.getByText('! or / inserts a canned response')).toHaveCount(0);
  await page.goto('/canned-responses');
  await expect(page.getByText('Canned responses are turned off')).toBeVisible();
});
