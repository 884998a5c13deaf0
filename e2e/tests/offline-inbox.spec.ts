import type { APIRequestContext } from '@playwright/test';
import {
  createDepartment,
  createStaff,
  expect,
  saveScreenshot,
  serveStaticSite,
  signIn,
  startParley,
  staffPage,
  test,
  uniqueName,
  type ParleyServer,
  type StaticSite,
  startMailSink,
  type MailSink,
} from '../support';
import { hostPage, openWidget } from '../widget/helpers';

// The offline inbox (issue 15, item 8). This spec runs a Parley of its own, wired to an SMTP sink on
// loopback (the worker's shared server has no SMTP), and stops both afterwards; it starts no chat.

interface Mail {
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
let smtp: MailSink;
let server: ParleyServer;
let site: StaticSite | undefined;
let api: APIRequestContext;

test.beforeAll(async ({ playwright }) => {
  smtp = await startMailSink(mails);
  const port = smtp.port;
  server = await startParley({
    env: { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'Acme help <help@acme.example>' },
  });
  api = await playwright.request.newContext({ baseURL: server.url });
  await signIn(api, server.url, server.admin!);
});

test.afterAll(async () => {
  await site?.close();
  await api?.dispose();
  await server?.stop();
  await smtp?.close();
});

test('a visitor leaves an offline message; an agent of its department claims it, replies by email and closes it; an admin sees its state', async ({
  page,
  browser,
}) => {
  await api.patch('/api/v1/settings', {
    data: { 'livechat.offline.toChannel.enabled': true, 'livechat.offline.toChannel.name': 'Missed messages' },
  });
  const agent = await createStaff(api, ['agent'], uniqueName('Agent'));
  const other = await createStaff(api, ['agent'], uniqueName('Other agent'));
  const dept = await createDepartment(api, {
    agents: [agent.id],
    showOnOfflineForm: true,
    email: 'sales@acme.example',
  });
  await createDepartment(api, { agents: [other.id] });

  // The visitor: nobody is online, so the widget shows the offline form.
  site = await serveStaticSite({ pages: { '/': hostPage(server.url, { departmentId: dept.id }) } });
  await page.goto(site.url('/'));
  const { frame } = await openWidget(page);
  await frame.getByLabel('Name').fill('Olga Visitor');
  await frame.getByLabel('Email').fill('olga@example.com');
  await frame.getByLabel('Message').fill('Do you ship to Norway?\n<b>not bold</b>');
  await frame.getByRole('button', { name: 'Send message' }).click();
  await expect(frame.getByRole('status').filter({ hasText: /Thanks/ })).toBeVisible();

  // The agent: the navigation counts it; the inbox (with its configured title) lists it.
  const a = await staffPage(browser, server, agent, '/workspace');
  try {
    const nav = a.page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: /Offline inbox/ })).toContainText('1');
    await nav.getByRole('link', { name: /Offline inbox/ }).click();
    await expect(a.page.getByRole('heading', { name: 'Missed messages', level: 1 })).toBeVisible();
    await a.page.getByRole('link', { name: /Olga Visitor/ }).click();
    const item = a.page.getByRole('region', { name: 'Offline message' });
    await expect(item.getByRole('heading', { name: 'Do you ship to Norway?' })).toBeVisible();
    // Visitor text is text: the markup shows as typed.
    await expect(item.getByText('<b>not bold</b>')).toBeVisible();
    await expect(item.locator('b')).toHaveCount(0);

    await item.getByRole('button', { name: 'Claim' }).click();
    await expect(item.getByText(`Claimed by ${agent.name}`)).toBeVisible();
    await item.getByLabel(/Reply by email to olga@example.com/).fill('Yes, we ship to Norway in 3 days.');
    await item.getByRole('button', { name: 'Send reply' }).click();
    await expect(item.getByRole('listitem').filter({ hasText: 'Yes, we ship to Norway in 3 days.' })).toBeVisible();

    // The SMTP sink gets it: to the visitor, "Re: <subject>", Reply-To the department's address.
    await expect.poll(() => mails.find((m) => m.to.includes('olga@example.com'))?.raw ?? '').toContain('3 days');
    const mail = mails.find((m) => m.to.includes('olga@example.com'))!;
    expect(mail.raw).toMatch(/^Subject: Re: Do you ship to Norway\?/m);
    expect(mail.raw).toMatch(/^Reply-To: sales@acme\.example/m);
    expect(mail.raw).toMatch(/^Message-ID: <[^>]+@acme\.example>/m);
    // The thread says it went out (the page looks again when it gets the focus back).
    await expect(async () => {
      await a.page.reload();
      await expect(item.getByText('Sent', { exact: true })).toBeVisible({ timeout: 1000 });
    }).toPass();
    await saveScreenshot(a.page, 'offline-inbox');

    await item.getByRole('button', { name: 'Mark done' }).click();
    await expect(item.getByText('Done', { exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: /Offline inbox/ })).toHaveText('Offline inbox');
  } finally {
    await a.context.close();
  }

  // The other department's agent does not see it.
  const o = await staffPage(browser, server, other, '/offline-inbox?show=all');
  try {
    await expect(o.page.getByText('Nothing here.')).toBeVisible();
  } finally {
    await o.context.close();
  }

  // The admin sees its state, in the admin list and in the inbox.
  const admin = await staffPage(browser, server, server.admin!, '/admin/offline-messages');
  try {
    const row = admin.page.getByRole('row', { name: /Olga Visitor/ });
    await expect(row.getByRole('link', { name: 'Done' })).toBeVisible();
    await row.getByRole('link', { name: 'Done' }).click();
    const item = admin.page.getByRole('region', { name: 'Offline message' });
    await expect(item.getByText(`Marked done by ${agent.name}`)).toBeVisible();
    await expect(item.getByText('Yes, we ship to Norway in 3 days.')).toBeVisible();
  } finally {
    await admin.context.close();
  }
});
