import type { APIRequestContext, Page } from '@playwright/test';
import {
  archiveDepartment,
  createDepartment,
  createStaff,
  expect,
  goAvailable,
  snapshotSettings,
  staffPage,
  startVisitorChat,
  test,
  uniqueName,
  saveScreenshot,
  undoAfterEach,
} from '../support';

// The session timers as agents see them: what will happen to a chat and when, and why the system acted.
// Tests share their worker's server: each one undoes what it set up.
const cleanup = undoAfterEach();

/** Manual routing, on hold allowed, the given timer settings, and an agent of a department of their own. */
async function setUp(api: APIRequestContext, settings: Record<string, unknown>) {
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  const res = await api.patch('/api/v1/settings', {
    data: { 'routing.method': 'manual', 'sessions.onHold.allowManual': true, ...settings },
  });
  expect(res.status(), await res.text()).toBe(200);
  const agent = await createStaff(api, ['agent'], uniqueName('Agent'));
  const dept = await createDepartment(api, { agents: [agent.id] });
  cleanup.push(() => archiveDepartment(api, dept.id));
  return { agent, dept };
}

/** A due time as the page writes it: the browser's locale and time zone, the date only if not today. */
function shownTime(page: Page, iso: string): Promise<string> {
  return page.evaluate((at) => {
    const d = new Date(at);
    const today = d.toDateString() === new Date().toDateString();
    return new Intl.DateTimeFormat(
      undefined,
      today ? { timeStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' },
    ).format(d);
  }, iso);
}

async function pendingTimers(api: APIRequestContext, id: string) {
  const res = await api.get(`/api/v1/conversations/${id}/timers`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).items as Array<{ kind: string; dueAt: string; action: string }>;
}

test('an agent sees when an unanswered chat moves on and when an on-hold chat closes, and the notices follow the chat', async ({
  api,
  browser,
  parley,
  request,
}) => {
  const { agent, dept } = await setUp(api, {
    'sessions.autoTransferUnansweredSeconds': 3600,
    'sessions.onHold.autoCloseSeconds': 7200,
  });
  const { context, page } = await staffPage(browser, parley, agent);
  cleanup.push(() => context.close());
  await goAvailable(page);
  const name = uniqueName('Olga');
  const chat = await startVisitorChat(request, { name, departmentId: dept.id, text: 'Is anyone there?' });
  cleanup.push(() => api.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: {} }));
  expect((await page.request.post(`/api/v1/conversations/${chat.conversationId}/take`)).status()).toBe(200);

  await page.goto(`/workspace/${chat.conversationId}`);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const notices = page.getByRole('list', { name: 'Automatic actions' });
  const [unanswered] = await pendingTimers(api, chat.conversationId);
  expect(unanswered).toMatchObject({ kind: 'unanswered', action: 'transfer' });
  const taken = await (await api.get(`/api/v1/conversations/${chat.conversationId}`)).json();
  expect(Date.parse(unanswered!.dueAt) - Date.parse(taken.assignedAt)).toBe(3600_000);
  await expect(notices).toHaveText(
    `Moves to another agent at ${await shownTime(page, unanswered!.dueAt)} if unanswered`,
  );

  // The reply cancels it: the notice goes with the message, without reloading.
  await page.getByRole('textbox', { name: 'Message' }).fill('Yes, how can I help?');
  await page.keyboard.press('Enter');
  await expect(notices).toHaveCount(0);

  await page.getByRole('button', { name: 'Place on hold' }).click();
  await expect(page.locator('.conversation-title')).toContainText('On hold');
  const [onHold] = await pendingTimers(api, chat.conversationId);
  expect(onHold).toMatchObject({ kind: 'on-hold-timeout', action: 'close' });
  const held = await (await api.get(`/api/v1/conversations/${chat.conversationId}`)).json();
  expect(Date.parse(onHold!.dueAt) - Date.parse(held.onHoldAt)).toBe(7200_000);
  await expect(notices).toHaveText(`Closes at ${await shownTime(page, onHold!.dueAt)} if it stays on hold`);
  await saveScreenshot(page, 'conversation-timer-notice');

  // The visitor writes: the chat resumes and the on-hold timer is gone (a realtime update, no reload).
  await chat.say('I am back');
  await expect(page.locator('.conversation-title')).toContainText('Open');
  await expect(notices).toHaveCount(0);
});

test('a chat closed by a timer says why, in the conversation and from the history', async ({
  adminPage,
  api,
  browser,
  parley,
  request,
}) => {
  // Held chats close after one second: the notice is short-lived, the reason stays.
  const { agent, dept } = await setUp(api, { 'sessions.onHold.autoCloseSeconds': 1 });
  const { context, page } = await staffPage(browser, parley, agent);
  cleanup.push(() => context.close());
  await goAvailable(page);
  const name = uniqueName('Pavel');
  const chat = await startVisitorChat(request, { name, departmentId: dept.id, text: 'One question' });
  const id = chat.conversationId;
  for (const [path, data] of [
    [`/api/v1/conversations/${id}/take`, undefined],
    [`/api/v1/conversations/${id}/messages`, { text: 'Let me check.' }],
  ] as const)
    expect((await page.request.post(path, data ? { data } : {})).ok()).toBe(true);
  await page.goto(`/workspace/${id}`);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Place on hold' }).click();

  const reason = 'Closed automatically: it stayed on hold too long';
  await expect(page.locator('.conversation-title')).toContainText('Closed');
  await expect(page.getByRole('log').getByText(reason)).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Conversation details' })).toContainText(reason);
  const stored = await (await api.get(`/api/v1/conversations/${id}`)).json();
  expect(stored).toMatchObject({ status: 'closed', closedBy: { type: 'system' }, closeComment: 'on-hold-timeout' });
  // The raw code is not what people read.
  await expect(page.getByText('on-hold-timeout')).toHaveCount(0);

  // A supervisor opening it from the history reads the same.
  await adminPage.goto(`/conversations/${id}`);
  await expect(adminPage.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(adminPage.getByRole('log').getByText(reason)).toBeVisible();
  await saveScreenshot(adminPage, 'conversation-closed-by-timer');
});
