import type { APIRequestContext, Page } from '@playwright/test';
import {
  archiveDepartment,
  createDepartment,
  createStaff,
  expect,
  goAvailable,
  saveScreenshot,
  signIn,
  snapshotSettings,
  staffPage,
  startVisitorChat,
  test,
  uniqueName,
  undoAfterEach,
} from '../support';
import { bluePng } from '../widget/helpers';

// The agent workspace following the server's workspace settings, transcripts, the visitor panel and the
// live queue. Tests share their worker's server: each one undoes what it set up.
const cleanup = undoAfterEach();

function inbox(page: Page) {
  return page.getByRole('navigation', { name: 'Inbox' });
}

async function setSettings(api: APIRequestContext, patch: Record<string, unknown>): Promise<void> {
  const res = await api.patch('/api/v1/settings', { data: patch });
  expect(res.status(), await res.text()).toBe(200);
}

/** Manual routing and an agent of a department of their own, for one test. */
async function manualAgent(api: APIRequestContext, settings: Record<string, unknown> = {}) {
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  await setSettings(api, { 'routing.method': 'manual', ...settings });
  const agent = await createStaff(api, ['agent'], uniqueName('Agent'));
  const dept = await createDepartment(api, { agents: [agent.id] });
  cleanup.push(() => archiveDepartment(api, dept.id));
  return { agent, dept };
}

/** A visitor's chat that the test closes afterwards (whoever holds it then). */
async function chatFor(
  api: APIRequestContext,
  request: APIRequestContext,
  o: Parameters<typeof startVisitorChat>[1],
): ReturnType<typeof startVisitorChat> {
  const chat = await startVisitorChat(request, o);
  cleanup.push(() => api.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: { comment: 'e2e' } }));
  return chat;
}

async function takeFromQueue(page: Page, visitor: string): Promise<void> {
  await inbox(page)
    .getByRole('button', { name: `Take the conversation with ${visitor}` })
    .click();
  await expect(page.getByRole('heading', { name: visitor, level: 1 })).toBeVisible();
}

// The new-chat chime, once or continuous (general.continuousSound), is tested in workspace-alerts.spec.ts,
// where it is counted as it is played now (an <audio> element).

test('the workspace follows the settings: no hold or upload while they are off, a required closing comment; re-read when the workspace opens', async ({
  api,
  browser,
  parley,
  request,
}) => {
  const { agent, dept } = await manualAgent(api, {
    'sessions.onHold.allowManual': false,
    'sessions.onHold.onlyAfterAgentEngagement': false,
    'general.fileUploads': false,
    'general.requireCloseComment': true,
  });
  const s = await staffPage(browser, parley, agent);
  cleanup.push(() => s.context.close());
  const page = s.page;
  await goAvailable(page);
  const visitor = uniqueName('Hugo');
  const chat = await chatFor(api, request, { name: visitor, departmentId: dept.id, text: 'Can you wait?' });
  await takeFromQueue(page, visitor);

  const actions = page.getByRole('toolbar', { name: 'Conversation actions' });
  await expect(actions.getByRole('button', { name: 'Transfer' })).toBeVisible();
  await expect(actions.getByRole('button', { name: 'Place on hold' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Attach file' })).toHaveCount(0);
  // The server agrees: no manual hold.
  const refused = await page.request.post(`/api/v1/conversations/${chat.conversationId}/hold`);
  expect((await refused.json()).code).toBe('conversation.on-hold-not-allowed');

  // An administrator allows both while the agent works; opening the workspace again reads the change.
  await setSettings(api, { 'sessions.onHold.allowManual': true, 'general.fileUploads': true });
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { name: 'Conversation history', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Conversations' }).first().click();
  await inbox(page)
    .getByRole('link', { name: new RegExp(visitor) })
    .click();
  await expect(page).toHaveURL(`/workspace/${chat.conversationId}`);
  await expect(actions.getByRole('button', { name: 'Place on hold' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Attach file' })).toBeVisible();

  // Closing asks for a comment first; the server is the authority.
  await actions.getByRole('button', { name: 'Close', exact: true }).click();
  const close = page.getByRole('dialog', { name: 'Close conversation' });
  await expect(close.getByText('(required)')).toBeVisible();
  await close.getByRole('button', { name: 'Close conversation' }).click();
  await expect(close.getByText('Write a comment before closing.')).toBeVisible();
  await expect(close.getByLabel('Comment')).toBeFocused();
  const noComment = await page.request.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: {} });
  expect(noComment.status()).toBe(400);
  expect((await noComment.json()).code).toBe('conversation.comment-required');
  await close.getByLabel('Comment').fill('Answered');
  await close.getByRole('button', { name: 'Close conversation' }).click();
  await expect(page.getByText('The conversation was closed.')).toBeVisible();
  const stored = await (await api.get(`/api/v1/conversations/${chat.conversationId}`)).json();
  expect(stored.closeComment).toBe('Answered');
});

test('an agent asks for the transcript to be emailed to the visitor; the server’s refusal is shown', async ({
  api,
  browser,
  parley,
  request,
}) => {
  const { agent, dept } = await manualAgent(api);
  const s = await staffPage(browser, parley, agent);
  cleanup.push(() => s.context.close());
  const page = s.page;
  await goAvailable(page);
  const visitor = uniqueName('Tess');
  const chat = await chatFor(api, request, {
    name: visitor,
    email: 'tess@example.com',
    departmentId: dept.id,
    text: 'Please send me a copy',
  });
  await takeFromQueue(page, visitor);

  await page
    .getByRole('toolbar', { name: 'Conversation actions' })
    .getByRole('button', { name: 'Send transcript' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Send transcript' });
  const email = dialog.getByLabel('Email');
  await expect(email).toHaveValue('tess@example.com');
  await expect(dialog).toContainText('emailed when the conversation is closed');

  // The server checks the address.
  await email.fill('not an address');
  await dialog.getByRole('button', { name: 'Send transcript' }).click();
  await expect(dialog.locator('#transcript-email-error')).toBeVisible();
  await expect(email).toHaveAttribute('aria-invalid', 'true');

  // Without a mail server nothing is promised: the server's refusal is shown.
  await email.fill('tess.copy@example.com');
  await dialog.getByRole('button', { name: 'Send transcript' }).click();
  await expect(dialog).toContainText('Email is not configured');
  // With one set (nothing is sent before the close), the request is taken.
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  const set = await api.patch('/api/v1/settings', {
    data: { 'email.smtp.host': '127.0.0.1', 'email.smtp.port': 2525, 'email.smtp.security': 'none' },
  });
  expect(set.status()).toBe(200);
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/conversations/${chat.conversationId}/transcript`)),
    dialog.getByRole('button', { name: 'Send transcript' }).click(),
  ]);
  expect(answer.status()).toBe(202);
  await expect(dialog).toBeHidden();
  await expect(
    page.getByText('The transcript will be emailed to tess.copy@example.com when the conversation is closed.'),
  ).toBeVisible();
});

test('the details panel shows the visitor: their custom fields, contact and the pages they visited, newest first', async ({
  api,
  browser,
  parley,
  request,
}) => {
  const { agent, dept } = await manualAgent(api, { 'livechat.navigation.asMessage': false });
  const fieldId = `plan${Date.now().toString(36)}`;
  const field = await api.post('/api/v1/custom-fields', {
    data: { id: fieldId, label: 'Subscription plan', scope: 'visitor', type: 'text' },
  });
  expect(field.status(), await field.text()).toBe(201);
  cleanup.push(() => api.delete(`/api/v1/custom-fields/${fieldId}`));
  const s = await staffPage(browser, parley, agent);
  cleanup.push(() => s.context.close());
  const page = s.page;
  await goAvailable(page);

  const visitor = uniqueName('Nadia');
  const chat = await chatFor(api, request, {
    name: visitor,
    email: 'nadia@example.com',
    departmentId: dept.id,
    text: 'Question about my plan',
    customFields: { [fieldId]: 'Gold' },
  });
  const headers = { 'x-parley-visitor-token': chat.token };
  const view = async (url: string, title: string) => {
    const r = await request.post('/api/v1/widget/page-views', { headers, data: { url, title } });
    expect(r.status(), await r.text()).toBe(202);
  };
  await view('https://shop.example/pricing', 'Pricing');
  await view('https://shop.example/plans/gold', 'Gold plan');
  await takeFromQueue(page, visitor);
  const details = page.getByRole('complementary', { name: 'Conversation details' });
  const visitorSection = details.getByRole('region', { name: 'Visitor' });
  await expect(visitorSection.getByText('Subscription plan')).toBeVisible();
  await expect(visitorSection).toContainText('Gold');
  await expect(visitorSection).toContainText('nadia@example.com');
  await expect(visitorSection).toContainText('Last seen');
  const pages = details.getByRole('list', { name: 'Pages visited, newest first' }).getByRole('listitem');
  await expect(pages).toHaveText([/Gold plan/, /Pricing/]);
  await expect(pages.first().getByRole('link', { name: 'Gold plan' })).toHaveAttribute(
    'href',
    'https://shop.example/plans/gold',
  );
  await saveScreenshot(page, 'conversation-visitor-details');

  // With page visits posted in the conversation, the panel follows live, each page once.
  await setSettings(api, { 'livechat.navigation.asMessage': true });
  await view('https://shop.example/checkout', 'Checkout');
  await expect(page.getByRole('list', { name: 'Messages' }).getByText(/Visited Checkout/)).toBeVisible();
  await expect(pages).toHaveText([/Checkout/, /Gold plan/, /Pricing/]);
});

test('the queue shows the waiting visitor’s latest message live', async ({ api, browser, parley, request }) => {
  const { agent, dept } = await manualAgent(api);
  const s = await staffPage(browser, parley, agent);
  cleanup.push(() => s.context.close());
  const page = s.page;
  await goAvailable(page);

  const visitor = uniqueName('Quinn');
  const chat = await chatFor(api, request, { name: visitor, departmentId: dept.id, text: 'First words' });
  const queued = inbox(page).getByRole('listitem').filter({ hasText: visitor });
  await expect(queued).toContainText('First words');
  await chat.say('Are you there?');
  await expect(queued).toContainText('Are you there?');
  await expect(queued).not.toContainText('First words');
  await chat.say('Hello again');
  await expect(queued).toContainText('Hello again');
  await expect(inbox(page).getByRole('listitem').filter({ hasText: visitor })).toHaveCount(1);
});

test('an upload retried after a network error is stored once', async ({ api, browser, parley, request }) => {
  const { agent, dept } = await manualAgent(api, { 'general.fileUploads': true });
  const context = await browser.newContext({ baseURL: parley.url, viewport: { width: 1280, height: 800 } });
  cleanup.push(() => context.close());
  // Realtime frames about file messages are dropped: only the answers to the uploads tell the page what
  // the server stored.
  await context.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => {
      if (!String(m).includes('"kind":"file"')) ws.send(m);
    });
  });
  const page = await context.newPage();
  await signIn(page.request, parley.url, { email: agent.email, password: agent.password });
  await page.goto('/workspace');
  await goAvailable(page);
  const visitor = uniqueName('Uma');
  const chat = await chatFor(api, request, { name: visitor, departmentId: dept.id, text: 'Send me the label' });
  await takeFromQueue(page, visitor);

  // The first upload reaches the server, but its answer is lost on the way back.
  const answers: number[] = [];
  await page.route(`**/api/v1/conversations/${chat.conversationId}/files`, async (route) => {
    if (answers.length === 0) {
      answers.push((await route.fetch()).status());
      await route.abort('connectionreset');
    } else {
      const res = await route.fetch();
      answers.push(res.status());
      await route.fulfill({ response: res });
    }
  });
  await page.locator('.composer input[type=file]').setInputFiles({
    name: 'label.png',
    mimeType: 'image/png',
    buffer: bluePng,
  });
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const log = page.getByRole('list', { name: 'Messages' });
  await expect(log.getByText(/Not sent/)).toBeVisible();

  // Retried with the same client id: the server answers with the message it stored the first time.
  await log.getByRole('button', { name: 'Retry' }).click();
  await expect(log.locator('img[alt="label.png"]')).toHaveCount(1);
  await expect(log.getByText(/Not sent/)).toHaveCount(0);
  expect(answers).toEqual([201, 200]);
  const stored = await (await api.get(`/api/v1/conversations/${chat.conversationId}/messages`)).json();
  expect(stored.items.filter((m: any) => m.kind === 'file')).toHaveLength(1);
});
