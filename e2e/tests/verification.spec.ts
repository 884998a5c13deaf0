import { createHmac } from 'node:crypto';
import type { APIRequestContext, Page } from '@playwright/test';
import {
  createDepartment,
  createStaff,
  expect,
  goAvailable,
  saveScreenshot,
  serveStaticSite,
  signIn,
  startParley,
  staffPage,
  test,
  uniqueName,
  type ParleyServer,
  undoAfterEach,
  startMailSink,
  type MailSink,
} from '../support';
import { hostPage, openWidget, resetWidgetSettings } from '../widget/helpers';

// Identity verification (issue 16 item 7). A Parley of its own, wired to an SMTP sink on loopback (the
// worker's shared server has no SMTP); every chat it starts is closed, and both are stopped afterwards.

const SECRET = 'acme-shop-identity-secret';
const mails: Array<{ to: string[]; raw: string }> = [];
let smtp: MailSink;
let server: ParleyServer;
let api: APIRequestContext;
const cleanup = undoAfterEach();

test.beforeAll(async ({ playwright }) => {
  smtp = await startMailSink(mails);
  const port = smtp.port;
  server = await startParley({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'help@acme.example' } });
  api = await playwright.request.newContext({ baseURL: server.url });
  await signIn(api, server.url, server.admin!);
  await resetWidgetSettings(api, { 'livechat.identity.secret': SECRET });
});

test.afterAll(async () => {
  await api?.dispose();
  await server?.stop();
  await smtp?.close();
});

/** An available agent of a new department, in a browser of their own, and a host page routing to it. */
async function arrange(browser: Parameters<typeof staffPage>[0], calls: string[] = []) {
  const agent = await createStaff(api, ['agent'], uniqueName('Agent'));
  const dept = await createDepartment(api, { agents: [agent.id] });
  const s = await staffPage(browser, server, agent);
  cleanup.push(() => s.context.close());
  await goAvailable(s.page);
  const site = await serveStaticSite({ pages: { '/': hostPage(server.url, { departmentId: dept.id, calls }) } });
  cleanup.push(() => site.close());
  return { s, site };
}

/** The visitor fills the registration form and starts the chat; the agent takes it. */
async function startAndTake(page: Page, agentPage: Page, visitor: string, email: string) {
  const { frame } = await openWidget(page);
  await frame.getByLabel('Name').fill(visitor);
  await frame.getByLabel('Email').fill(email);
  await frame.getByLabel('Message (optional)').fill('Hello, about my order');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  await agentPage
    .getByRole('navigation', { name: 'Inbox' })
    .getByRole('button', { name: `Take the conversation with ${visitor}` })
    .click();
  await expect(agentPage.getByRole('heading', { name: visitor, level: 1 })).toBeVisible();
  const list = await (await api.get('/api/v1/conversations?status=queued,open&limit=100')).json();
  const id = (list.items as Array<{ id: string; visitor: { name: string | null } }>).find(
    (c) => c.visitor.name === visitor,
  )!.id;
  cleanup.push(() => api.post(`/api/v1/conversations/${id}/close`, { data: { comment: 'e2e' } }));
  return { frame, id };
}

test('a signed-in shop user chats: the agent sees Verified', async ({ page, browser }) => {
  const userId = `shop-user-${Date.now()}`;
  const hash = createHmac('sha256', SECRET).update(userId).digest('hex');
  const { s, site } = await arrange(browser, [
    `Parley('setUser', { id: ${JSON.stringify(userId)}, hash: '${hash}' });`,
  ]);
  await page.goto(site.url('/'));
  const visitor = uniqueName('Sam');
  const { id } = await startAndTake(page, s.page, visitor, 'sam@example.com');

  const title = s.page.locator('.conversation-title');
  await expect(title.getByText('Verified', { exact: true })).toBeVisible();
  const panel = s.page
    .getByRole('complementary', { name: 'Conversation details' })
    .getByRole('region', { name: 'Visitor' });
  await expect(panel.getByText('Verified', { exact: true })).toBeVisible();
  await expect(s.page.getByRole('button', { name: 'Ask to verify' })).toHaveCount(0);
  await saveScreenshot(s.page, 'conversation-verified-signed');

  const c = await (await api.get(`/api/v1/conversations/${id}`)).json();
  const status = await (await api.get(`/api/v1/visitors/${c.visitor.id}/verification`)).json();
  expect(status).toMatchObject({ verified: true, via: 'signed' });
});

test('the agent asks an anonymous visitor to verify; the emailed code in the widget turns the badge on, live', async ({
  page,
  browser,
}) => {
  const { s, site } = await arrange(browser);
  await page.goto(site.url('/'));
  const visitor = uniqueName('Vic');
  const email = `vic.${Date.now()}@example.com`;
  const { frame, id } = await startAndTake(page, s.page, visitor, email);
  const panel = s.page
    .getByRole('complementary', { name: 'Conversation details' })
    .getByRole('region', { name: 'Visitor' });
  await expect(panel.getByText('Unverified', { exact: true })).toBeVisible();

  await s.page.getByRole('button', { name: 'Ask to verify' }).click();
  const form = frame.getByRole('form', { name: 'Verify your email' });
  await expect(form).toBeVisible();
  await expect(form.getByLabel('Email')).toHaveValue(email);
  await form.getByRole('button', { name: 'Send code' }).click();
  await expect(form.getByText(`We sent a code to ${email}`)).toBeVisible();
  await expect.poll(() => mails.find((m) => m.to.includes(email))?.raw ?? '').toMatch(/code: \d{6}/);
  const code = /code: (\d{6})/.exec(mails.find((m) => m.to.includes(email))!.raw)![1]!;

  // A wrong code first: a clear error, nothing verified.
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  await form.getByLabel('Code').fill(wrong);
  await form.getByRole('button', { name: 'Verify' }).click();
  await expect(form.getByRole('alert')).toContainText('4 attempts left');
  await saveScreenshot(page, 'widget-verify-code');

  await form.getByLabel('Code').fill(code);
  await form.getByRole('button', { name: 'Verify' }).click();
  await expect(form).toHaveCount(0);
  // The agent's page, without a reload.
  await expect(s.page.locator('.conversation-title').getByText('Verified', { exact: true })).toBeVisible();
  await expect(panel.getByText('Verified', { exact: true })).toBeVisible();
  await expect(s.page.getByRole('list', { name: 'Messages' }).getByText(/verified their email/)).toBeVisible();
  await saveScreenshot(s.page, 'conversation-verified-email');

  const c = await (await api.get(`/api/v1/conversations/${id}`)).json();
  const status = await (await api.get(`/api/v1/visitors/${c.visitor.id}/verification`)).json();
  expect(status).toMatchObject({ verified: true, via: 'email', email });
});

test('with email verification required, the widget asks for the code before the chat starts', async ({
  page,
  browser,
}) => {
  await api.patch('/api/v1/settings', { data: { 'livechat.verification.emailRequired': true } });
  cleanup.push(() => api.patch('/api/v1/settings', { data: { 'livechat.verification.emailRequired': false } }));
  const { s, site } = await arrange(browser);
  await page.goto(site.url('/'));
  const visitor = uniqueName('Rae');
  const email = `rae.${Date.now()}@example.com`;
  const { frame } = await openWidget(page);
  await frame.getByLabel('Name').fill(visitor);
  await frame.getByLabel('Email').fill(email);
  await frame.getByLabel('Message (optional)').fill('Hello before verifying');
  await frame.getByRole('button', { name: 'Start chat' }).click();

  const form = frame.getByRole('form', { name: 'Verify your email' });
  await expect(form).toBeVisible();
  // No chat yet.
  const queued = await (await api.get('/api/v1/conversations?status=queued,open&limit=100')).json();
  expect((queued.items as Array<{ visitor: { name: string } }>).some((c) => c.visitor.name === visitor)).toBe(false);
  await form.getByRole('button', { name: 'Send code' }).click();
  await expect.poll(() => mails.find((m) => m.to.includes(email))?.raw ?? '').toMatch(/code: \d{6}/);
  const code = /code: (\d{6})/.exec(mails.find((m) => m.to.includes(email))!.raw)![1]!;
  await form.getByLabel('Code').fill(code);
  await form.getByRole('button', { name: 'Verify' }).click();
  await expect(form).toHaveCount(0);

  // Now the chat starts, and the agent sees a verified visitor.
  const input = frame.getByRole('textbox', { name: 'Message' });
  await input.fill('Verified now');
  await input.press('Enter');
  await s.page
    .getByRole('navigation', { name: 'Inbox' })
    .getByRole('button', { name: `Take the conversation with ${visitor}` })
    .click();
  const list = await (await api.get('/api/v1/conversations?status=queued,open&limit=100')).json();
  const id = (list.items as Array<{ id: string; visitor: { name: string | null } }>).find(
    (c) => c.visitor.name === visitor,
  )!.id;
  cleanup.push(() => api.post(`/api/v1/conversations/${id}/close`, { data: { comment: 'e2e' } }));
  await expect(s.page.locator('.conversation-title').getByText('Verified', { exact: true })).toBeVisible();
});
