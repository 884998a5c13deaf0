import type { Page, WebSocketRoute } from '@playwright/test';
import {
  archiveDepartment,
  createDepartment,
  createStaff,
  expect,
  goAvailable,
  saveScreenshot,
  serveStaticSite,
  signInThroughPage,
  snapshotSettings,
  staffPage,
  signIn,
  startVisitorChat,
  test,
  uniqueName,
  undoAfterEach,
} from '../support';
import { AgentSession, bluePng, hostPage, widget } from '../widget/helpers';

// Tests share their worker's server: each one undoes what it set up (settings, departments, browsers).
const cleanup = undoAfterEach();

function inbox(page: Page) {
  return page.getByRole('navigation', { name: 'Inbox' });
}

function conversationId(page: Page): string {
  const m = /\/workspace\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname);
  expect(m, page.url()).toBeTruthy();
  return m![1]!;
}

test('an agent goes available, answers a chat from the widget, transfers it; another agent closes it with a required tag', async ({
  page,
  api,
  browser,
  parley,
}) => {
  test.setTimeout(120_000);
  const settings = await snapshotSettings(api);
  cleanup.push(() => settings.restore());
  await api.patch('/api/v1/settings', { data: { 'routing.method': 'auto', 'livechat.registration.enabled': true } });
  const alice = await createStaff(api, ['agent'], uniqueName('Alice'));
  const bob = await createStaff(api, ['agent'], uniqueName('Bob'));
  const dept = await createDepartment(api, {
    requestTagBeforeClosing: true,
    closingTags: ['resolved', 'refund'],
    agents: [alice.id, bob.id],
  });
  cleanup.push(() => archiveDepartment(api, dept.id));

  // Alice signs in and becomes available. Her browser keeps ONE realtime connection throughout.
  const aliceContext = await browser.newContext({ baseURL: parley.url, viewport: { width: 1280, height: 800 } });
  cleanup.push(() => aliceContext.close());
  const a = await aliceContext.newPage();
  const sockets: string[] = [];
  a.on('websocket', (ws) => sockets.push(ws.url()));
  await signInThroughPage(a, alice);
  await expect(a).toHaveURL('/workspace');
  await expect(a.getByRole('heading', { name: 'Conversations', level: 1 })).toBeVisible();
  await goAvailable(a);

  // A visitor on a customer's site starts a chat in the widget.
  const site = await serveStaticSite({ pages: { '/': hostPage(parley.url, { departmentId: dept.id }) } });
  cleanup.push(() => site.close());
  await page.goto(site.url('/'));
  const { frame, launcher } = widget(page);
  await launcher.click();
  const visitor = uniqueName('Vera');
  await frame.getByLabel('Name').fill(visitor);
  await frame.getByLabel('Email').fill('vera@example.com');
  await frame.getByLabel('Message (optional)').fill('Hello, my parcel is late');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  const visitorLog = frame.getByRole('list', { name: 'Messages' });

  // Routing gives it to Alice: it arrives in her list, unread, with its last message.
  const item = inbox(a).getByRole('link', { name: new RegExp(visitor) });
  await expect(item).toContainText('Hello, my parcel is late');
  await expect(item.getByTestId('unread')).toHaveText(/^1/);
  await saveScreenshot(a, 'workspace');
  await item.click();
  const id = conversationId(a);
  await expect(a.getByRole('heading', { name: visitor, level: 1 })).toBeVisible();
  const log = a.getByRole('list', { name: 'Messages' });
  await expect(log.getByText('Hello, my parcel is late')).toBeVisible();
  await expect(log.getByText(`${alice.name} joined the conversation`)).toBeVisible();
  await expect(item.getByTestId('unread')).toHaveCount(0);
  const details = a.getByRole('complementary', { name: 'Conversation details' });
  await expect(details).toContainText('vera@example.com');
  await expect(details).toContainText(dept.name);

  // She replies: Shift+Enter makes a new line, Enter sends; the visitor sees it.
  const composer = a.getByRole('textbox', { name: 'Message' });
  await composer.pressSequentially('Hi! Let me check.');
  await expect(frame.getByText(`${alice.name} is typing…`)).toBeVisible();
  await composer.press('Shift+Enter');
  await composer.pressSequentially('One moment please.');
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  const mine = log.locator('.msg-mine');
  await expect(mine.last()).toContainText('Hi! Let me check.\nOne moment please.');
  await expect(mine.last()).toContainText('Sent');
  await expect(visitorLog.getByText('One moment please.')).toBeVisible();
  await expect(frame.getByText(`${alice.name} is typing…`)).toBeHidden();

  // The visitor types and answers; Alice sees both.
  const visitorInput = frame.getByRole('textbox', { name: 'Message' });
  await visitorInput.pressSequentially('Order 12');
  await expect(a.getByText(`${visitor} is typing…`)).toBeVisible();
  await visitorInput.fill('Order 1234, sent last week');
  await visitorInput.press('Enter');
  await expect(log.getByText('Order 1234, sent last week')).toBeVisible();
  await expect(a.getByText(`${visitor} is typing…`)).toBeHidden();

  // A picture, previewed on both sides.
  await a.locator('.composer input[type=file]').setInputFiles({
    name: 'label.png',
    mimeType: 'image/png',
    buffer: bluePng,
  });
  await expect(a.locator('.composer-file')).toContainText('label.png');
  await a.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(log.locator('img[alt="label.png"]')).toBeVisible();
  await expect
    .poll(() => log.locator('img[alt="label.png"]').evaluate((i: HTMLImageElement) => i.naturalWidth))
    .toBe(24);
  await expect(visitorLog.locator('img[alt="label.png"]')).toBeVisible();

  // Room information.
  await details.getByRole('button', { name: 'Edit room information' }).click();
  await details.getByLabel('Topic').fill('Late parcel');
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByText('The room information was saved.')).toBeVisible();
  await expect(details).toContainText('Late parcel');
  await saveScreenshot(a, 'conversation');

  // Bob comes to work; Alice transfers the chat to him with a comment.
  const b = await staffPage(browser, parley, bob);
  cleanup.push(() => b.context.close());
  await goAvailable(b.page);
  await a.getByRole('button', { name: 'Transfer' }).click();
  const transfer = a.getByRole('dialog', { name: 'Transfer conversation' });
  await expect(transfer.getByRole('option', { name: new RegExp(`${bob.name} — online, available`) })).toBeAttached();
  await transfer.getByLabel('Agent', { exact: true }).selectOption(bob.id);
  await transfer.getByLabel('Comment').fill('Bob handles refunds');
  await saveScreenshot(a, 'conversation-transfer');
  await transfer.getByRole('button', { name: 'Transfer' }).click();
  await expect(a).toHaveURL('/workspace');
  await expect(a.getByText(`the conversation was transferred to ${bob.name}`)).toBeVisible();
  await expect(inbox(a).getByRole('link', { name: new RegExp(visitor) })).toHaveCount(0);

  // It arrives in Bob's workspace, live.
  const bobItem = inbox(b.page).getByRole('link', { name: new RegExp(visitor) });
  await bobItem.click();
  const bobLog = b.page.getByRole('list', { name: 'Messages' });
  await expect(
    bobLog.getByText(`Conversation transferred to ${bob.name} by ${alice.name}: “Bob handles refunds”`),
  ).toBeVisible();
  await expect(bobLog.getByText('Order 1234, sent last week')).toBeVisible();

  // Closing needs one of the department's closing tags: asked for before anything is sent…
  await b.page.getByRole('button', { name: 'Close', exact: true }).click();
  const close = b.page.getByRole('dialog', { name: 'Close conversation' });
  await close.getByRole('button', { name: 'Close conversation' }).click();
  await expect(close.getByText('Choose at least one closing tag.')).toBeVisible();
  // …and the server is the authority.
  const refused = await b.page.request.post(`/api/v1/conversations/${id}/close`, { data: {} });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).code).toBe('conversation.tags-required');
  await close.getByRole('checkbox', { name: 'resolved' }).check();
  await close.getByLabel('Comment').fill('Refund issued');
  await saveScreenshot(b.page, 'conversation-close');
  await close.getByRole('button', { name: 'Close conversation' }).click();
  await expect(b.page.getByText('The conversation was closed.')).toBeVisible();
  await expect(b.page.locator('.conversation-title')).toContainText('Closed');
  await expect(b.page.getByText('This conversation is closed.')).toBeVisible();
  await expect(inbox(b.page).getByRole('link', { name: new RegExp(visitor) })).toHaveCount(0);
  await expect(frame.getByRole('heading', { name: 'Conversation finished' })).toBeVisible();

  const stored = await (await api.get(`/api/v1/conversations/${id}`)).json();
  expect(stored.status).toBe('closed');
  expect(stored.tags).toContain('resolved');
  expect(stored.topic).toBe('Late parcel');
  expect(stored.closeComment).toBe('Refund issued');
  expect(sockets.filter((u) => u.endsWith('/ws'))).toHaveLength(1);
});

test('manual routing: the chat waits in the queue with its waiting time, an agent takes it, holds and resumes it', async ({
  api,
  browser,
  parley,
  request,
}) => {
  test.setTimeout(120_000);
  const settings = await snapshotSettings(api);
  cleanup.push(() => settings.restore());
  await api.patch('/api/v1/settings', {
    data: {
      'routing.method': 'manual',
      'sessions.onHold.allowManual': true,
      'sessions.onHold.onlyAfterAgentEngagement': true,
    },
  });
  const carol = await createStaff(api, ['agent'], uniqueName('Carol'));
  const dave = await createStaff(api, ['agent'], uniqueName('Dave'));
  const dept = await createDepartment(api, { agents: [carol.id, dave.id] });
  cleanup.push(() => archiveDepartment(api, dept.id));
  const c = await staffPage(browser, parley, carol);
  cleanup.push(() => c.context.close());
  const d = await staffPage(browser, parley, dave);
  cleanup.push(() => d.context.close());
  await goAvailable(c.page);
  await goAvailable(d.page);

  const name = uniqueName('Walter');
  const chat = await startVisitorChat(request, { name, departmentId: dept.id, text: 'Anyone there?' });
  cleanup.push(() => api.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: { tags: ['e2e'] } }));

  // Both agents see it waiting, with a ticking clock and a Take button.
  for (const p of [c.page, d.page]) {
    const queued = inbox(p).getByRole('listitem').filter({ hasText: name });
    await expect(queued).toContainText(dept.name);
    await expect(queued.locator('time')).toHaveText(/^\d+:\d\d$/);
    await expect(queued.getByRole('button', { name: `Take the conversation with ${name}` })).toBeVisible();
  }
  await saveScreenshot(c.page, 'workspace-queue');

  // Carol takes it; it leaves Dave's queue at once.
  await inbox(c.page)
    .getByRole('button', { name: `Take the conversation with ${name}` })
    .click();
  await expect(c.page).toHaveURL(`/workspace/${chat.conversationId}`);
  await expect(c.page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(inbox(d.page).getByRole('listitem').filter({ hasText: name })).toHaveCount(0);
  await expect(inbox(d.page).getByText('Nobody is waiting.')).toBeVisible();
  await expect(inbox(c.page).getByRole('region', { name: /My conversations/ })).toContainText(name);

  // On hold only after answering (the server's rule, said plainly).
  await c.page.getByRole('button', { name: 'Place on hold' }).click();
  await expect(
    c.page.getByText('You can place a conversation on hold only after answering the visitor.'),
  ).toBeVisible();
  const composer = c.page.getByRole('textbox', { name: 'Message' });
  await composer.fill('Let me ask a colleague, please hold on.');
  await composer.press('Enter');
  const own = c.page.locator('.msg-mine');
  await expect(own).toContainText('Sent');
  // Her own message can be corrected.
  await own.getByRole('button', { name: 'Edit' }).click();
  await own.getByLabel('Edit message').fill('Let me ask a colleague, please hold on a minute.');
  await own.getByRole('button', { name: 'Save' }).click();
  await expect(own).toContainText('please hold on a minute.');
  await expect(own).toContainText('Edited');
  await c.page.getByRole('button', { name: 'Place on hold' }).click();
  await expect(c.page.locator('.conversation-title')).toContainText('On hold');
  await expect(c.page.getByText('The conversation is on hold. Resume it to reply.')).toBeVisible();
  await expect(inbox(c.page).getByRole('region', { name: /On hold/ })).toContainText(name);
  await c.page.getByRole('button', { name: 'Resume' }).click();
  await expect(c.page.locator('.conversation-title')).toContainText('Open');
  await expect(composer).toBeVisible();

  // While Carol looks at the list, the visitor writes: an unread count.
  await c.page.getByRole('link', { name: 'Conversations' }).first().click();
  await expect(c.page).toHaveURL('/workspace');
  await chat.say('Thanks, I will wait');
  const item = inbox(c.page).getByRole('link', { name: new RegExp(name) });
  await expect(item).toContainText('Thanks, I will wait');
  await expect(item.getByTestId('unread')).toHaveText(/^1/);
  // The count survives a reload (what was read is remembered), and opening the chat clears it.
  await c.page.reload();
  await expect(item.getByTestId('unread')).toHaveText(/^1/);
  await item.click();
  await expect(c.page.getByRole('list', { name: 'Messages' }).getByText('Thanks, I will wait')).toBeVisible();
  await expect(item.getByTestId('unread')).toHaveCount(0);

  // A tablet: the details panel opens on demand.
  await c.page.setViewportSize({ width: 820, height: 1180 });
  const toggle = c.page.getByRole('button', { name: 'Details', exact: true });
  await expect(c.page.getByRole('complementary', { name: 'Conversation details' })).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(c.page.getByRole('complementary', { name: 'Conversation details' })).toBeVisible();
  await expect(c.page.getByRole('button', { name: 'Hide details' })).toBeFocused();
  await saveScreenshot(c.page, 'conversation-tablet');
  await c.page.keyboard.press('Escape');
  await expect(c.page.getByRole('complementary', { name: 'Conversation details' })).toBeHidden();
  await expect(toggle).toBeFocused();
});

test('supervisors find past conversations with server-side filters kept in the URL', async ({
  adminPage: page,
  api,
  browser,
  parley,
  request,
}) => {
  const settings = await snapshotSettings(api);
  cleanup.push(() => settings.restore());
  await api.patch('/api/v1/settings', { data: { 'routing.method': 'manual' } });
  const erin = await createStaff(api, ['agent'], uniqueName('Erin'));
  const session = await AgentSession.start(browser, parley, erin);
  cleanup.push(() => session.stop());

  const done = uniqueName('Xavier');
  const waiting = uniqueName('Yolanda');
  const first = await startVisitorChat(request, { name: done, text: 'Where is my invoice?' });
  const second = await startVisitorChat(request, { name: waiting, text: 'Hello?' });
  cleanup.push(() => api.post(`/api/v1/conversations/${second.conversationId}/close`, { data: {} }));
  await session.take(first.conversationId);
  await session.say(first.conversationId, 'Here it is: INV-42');
  expect((await api.patch(`/api/v1/conversations/${first.conversationId}`, { data: { tags: ['billing'] } })).ok()).toBe(
    true,
  );
  await session.close(first.conversationId);

  await page.goto('/conversations');
  await expect(page.getByRole('heading', { name: 'Conversation history', level: 1 })).toBeVisible();
  const rows = page.locator('tbody tr');
  await page.getByLabel('Search').fill(done);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(done);
  await expect(rows.first()).toContainText('Closed');
  await expect(rows.first()).toContainText(erin.name);

  await page.getByRole('group', { name: 'Status' }).getByRole('checkbox', { name: 'Waiting' }).check();
  await expect(page).toHaveURL(/status=queued/);
  await expect(page.getByText('No conversation matches these filters.')).toBeVisible();
  await page.getByRole('group', { name: 'Status' }).getByRole('checkbox', { name: 'Waiting' }).uncheck();
  await page.getByRole('group', { name: 'Status' }).getByRole('checkbox', { name: 'Closed' }).check();
  await page.getByLabel('Tags').fill('billing');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/status=closed/);
  await expect(page).toHaveURL(/tags=billing/);
  await expect(rows).toHaveCount(1);

  // The filters are the URL: a reload keeps them.
  await page.reload();
  await expect(page.getByLabel('Search')).toHaveValue(done);
  await expect(page.getByRole('checkbox', { name: 'Closed' })).toBeChecked();
  await expect(rows).toHaveCount(1);
  await saveScreenshot(page, 'history');

  await page.getByLabel('Search').fill(waiting);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('No conversation matches these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('link', { name: waiting })).toBeVisible();

  // One conversation, read-only for an admin who does not serve it.
  await page.getByRole('link', { name: waiting }).click();
  await expect(page.getByRole('heading', { name: waiting, level: 1 })).toBeVisible();
  await page.getByRole('link', { name: '← History' }).click();
  await page.getByLabel('Search').fill(done);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: done }).click();
  await expect(page).toHaveURL(`/conversations/${first.conversationId}`);
  await expect(page.getByRole('heading', { name: done, level: 1 })).toBeVisible();
  const log = page.getByRole('list', { name: 'Messages' });
  await expect(log.getByText('Where is my invoice?')).toBeVisible();
  await expect(log.getByText('Here it is: INV-42')).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Conversation details' })).toContainText('billing');
  await expect(page.getByText('This conversation is closed.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
  await saveScreenshot(page, 'history-conversation');
});

test('after a lost connection the workspace reconnects and catches up on what it missed', async ({
  api,
  browser,
  parley,
  request,
}) => {
  const settings = await snapshotSettings(api);
  cleanup.push(() => settings.restore());
  await api.patch('/api/v1/settings', { data: { 'routing.method': 'manual' } });
  const hana = await createStaff(api, ['agent'], uniqueName('Hana'));
  const dept = await createDepartment(api, { agents: [hana.id] });
  cleanup.push(() => archiveDepartment(api, dept.id));

  // The agent's websocket goes through the test, which can cut it and hold the next one back.
  const context = await browser.newContext({ baseURL: parley.url, viewport: { width: 1280, height: 800 } });
  cleanup.push(() => context.close());
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const connections: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
  await context.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    if (connections.length > 0) {
      // Later connections: the server's frames (its "ready" first) wait until the test says so.
      const held: Array<string | Buffer> = [];
      let open = false;
      void gate.then(() => {
        open = true;
        for (const m of held.splice(0)) ws.send(m);
      });
      server.onMessage((m) => (open ? ws.send(m) : held.push(m)));
    }
    connections.push({ page: ws, server });
  });
  const page = await context.newPage();
  await signIn(page.request, parley.url, { email: hana.email, password: hana.password });
  await page.goto('/workspace');
  await goAvailable(page);

  const name = uniqueName('Ivan');
  const chat = await startVisitorChat(request, { name, departmentId: dept.id, text: 'Are you there?' });
  cleanup.push(() => api.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: {} }));
  await inbox(page)
    .getByRole('button', { name: `Take the conversation with ${name}` })
    .click();
  const log = page.getByRole('list', { name: 'Messages' });
  await expect(log.getByText('Are you there?')).toBeVisible();

  // The connection drops; the app says so and tries again (held back by the test for now).
  await connections[0]!.page.close({ code: 1012, reason: 'restart' });
  await connections[0]!.server.close({ code: 1012, reason: 'restart' });
  await expect(page.locator('.connection-badge')).toBeVisible();
  await expect.poll(() => connections.length).toBe(2);
  await chat.say('Sent while you were away');
  await expect(log.getByText('Sent while you were away')).toHaveCount(0);

  // Back: it subscribes again from the last message it has and gets the one it missed.
  release();
  await expect(log.getByText('Sent while you were away')).toBeVisible();
  await expect(page.locator('.connection-badge')).toHaveCount(0);
  await expect(log.getByText('Sent while you were away')).toHaveCount(1);
  await expect(log.getByText('Are you there?')).toHaveCount(1);
  const item = inbox(page).getByRole('link', { name: new RegExp(name) });
  await expect(item).toContainText('Sent while you were away');
});

test('a long history loads older pages as the agent scrolls up, keeping the reading position', async ({
  api,
  browser,
  parley,
  request,
}) => {
  const settings = await snapshotSettings(api);
  cleanup.push(() => settings.restore());
  await api.patch('/api/v1/settings', { data: { 'routing.method': 'manual' } });
  const ines = await createStaff(api, ['agent'], uniqueName('Ines'));
  const dept = await createDepartment(api, { agents: [ines.id] });
  cleanup.push(() => archiveDepartment(api, dept.id));
  const s = await staffPage(browser, parley, ines);
  cleanup.push(() => s.context.close());
  await goAvailable(s.page);

  const chat = await startVisitorChat(request, { name: uniqueName('Jules'), departmentId: dept.id, text: 'Line 1' });
  cleanup.push(() => api.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: {} }));
  for (let i = 2; i <= 70; i++) await chat.say(`Line ${i}`);
  const take = await s.page.request.post(`/api/v1/conversations/${chat.conversationId}/take`);
  expect(take.status(), await take.text()).toBe(200);

  await s.page.goto(`/workspace/${chat.conversationId}`);
  const log = s.page.getByRole('list', { name: 'Messages' });
  await expect(log.getByText('Line 70', { exact: true })).toBeInViewport();
  await expect(log.getByText('Line 1', { exact: true })).toHaveCount(0);
  await expect(s.page.getByRole('button', { name: 'Load earlier messages' })).toBeVisible();

  const timeline = s.page.locator('.timeline');
  await timeline.evaluate((el) => (el.scrollTop = 0));
  await expect(log.getByText('Line 1', { exact: true })).toBeAttached();
  await expect(s.page.getByText('Start of the conversation')).toBeAttached();
  // The messages read before the older ones arrived are still where they were.
  expect(await timeline.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  await expect(log.getByText('Line 1', { exact: true })).not.toBeInViewport();
  await expect(log.locator('.msg')).toHaveCount(70);
});
