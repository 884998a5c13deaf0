import { connect } from 'node:net';
import type { APIRequestContext } from '@playwright/test';
import { ImapFlow } from 'imapflow';
import {
  createStaff,
  expect,
  signIn,
  staffPage,
  startParley,
  test,
  uniqueName,
  type ParleyServer,
  startMailSink,
  type MailSink,
} from '../support';

// The email channel (issue 22): a mail arrives in a real mailbox (Dovecot from .ci/dovecot.sh, read by
// IMAP), an agent answers it in the browser, and the answer lands in an SMTP receiver on loopback with
// its threading headers. A Parley of its own (the worker's shared one has no such channel); skipped,
// saying so, when no IMAP server answers (never under .ci/run, which starts Dovecot).

const imapUrl = new URL(process.env.PARLEY_TEST_IMAP ?? 'imap://127.0.0.1:1143');
const imap = {
  host: imapUrl.hostname,
  port: Number(imapUrl.port || 143),
  password: decodeURIComponent(imapUrl.password) || 'parley',
};

function imapAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: imap.host, port: imap.port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('data', (d) => done(d.toString().startsWith('* OK')));
    s.once('error', () => done(false));
  });
}

interface Mail {
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
let smtp: MailSink | undefined;
let server: ParleyServer | undefined;
let api: APIRequestContext | undefined;
let up = false;

test.beforeAll(async ({ playwright }) => {
  up = await imapAnswers();
  if (!up) {
    if (process.env.PARLEY_TEST_IMAP_REQUIRED) throw new Error(`no IMAP server at ${imap.host}:${imap.port}`);
    return;
  }
  smtp = await startMailSink(mails);
  server = await startParley();
  api = await playwright.request.newContext({ baseURL: server.url });
  await signIn(api, server.url, server.admin!);
});

test.afterAll(async () => {
  await api?.dispose();
  await server?.stop();
  await smtp?.close();
});

test('a mail arrives, an agent answers it in the browser, the answer leaves by SMTP threaded on the mail', async ({
  browser,
}) => {
  test.skip(!up, `no IMAP server answers at ${imap.host}:${imap.port} (start one with .ci/dovecot.sh)`);
  const agent = await createStaff(api!, ['agent'], uniqueName('Mail agent'));
  const { context, page } = await staffPage(browser, server!, agent);
  try {
    await page.getByRole('switch', { name: 'Available' }).check();
    await expect(page.locator('.agent-status').getByText('Online', { exact: true })).toBeVisible();

    const user = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    const created = await api!.post('/api/v1/channels', {
      data: {
        type: 'email',
        name: uniqueName('Support mailbox'),
        settings: {
          address: 'support@acme.example',
          fromName: 'Acme Support',
          imap: { host: imap.host, port: imap.port, tls: false, user, password: imap.password },
          smtp: { host: '127.0.0.1', port: smtp!.port, security: 'none' },
          pollSeconds: 5,
        },
      },
    });
    expect(created.status(), await created.text()).toBe(201);

    const sender = uniqueName('Mia Mailer');
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: false,
      auth: { user, pass: imap.password },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    await client.append(
      'INBOX',
      Buffer.from(
        [
          `From: ${sender} <mia@customer.example>`,
          'To: support@acme.example',
          'Subject: Where is my parcel?',
          'Message-ID: <parcel-1@customer.example>',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'It was due on Monday.',
          '',
        ].join('\r\n'),
      ),
    );
    await client.logout();

    // Routing gives it to the one agent online: it arrives in her list; she opens it and answers.
    const item = page.getByRole('navigation', { name: 'Inbox' }).getByRole('link', { name: new RegExp(sender) });
    await expect(item).toBeVisible({ timeout: 30_000 });
    await item.click();
    const log = page.getByRole('list', { name: 'Messages' });
    await expect(log.getByText('It was due on Monday.')).toBeVisible();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('It leaves our warehouse today.');
    await composer.press('Enter');
    await expect(page.locator('.msg-mine').last()).toContainText('Sent');

    await expect
      .poll(() => mails.filter((m) => m.to.includes('mia@customer.example')).length, { timeout: 30_000 })
      .toBe(1);
    const raw = mails.find((m) => m.to.includes('mia@customer.example'))!.raw;
    expect(raw).toMatch(/^In-Reply-To: <parcel-1@customer\.example>\r?$/m);
    expect(raw).toMatch(/^References: <parcel-1@customer\.example>\r?$/m);
    expect(raw).toMatch(/^Subject: Re: Where is my parcel\? \[#[a-z2-9]{10}\]\r?$/m);
    expect(raw).toMatch(/^From: Acme Support <support@acme\.example>\r?$/m);
    expect(raw).toContain('It leaves our warehouse today.');
  } finally {
    await context.close();
  }
});

test('an admin connects a mailbox in Administration → Channels; its status says whether it can be read', async ({
  browser,
}) => {
  test.skip(!up, `no IMAP server answers at ${imap.host}:${imap.port} (start one with .ci/dovecot.sh)`);
  const { context, page } = await staffPage(browser, server!, server!.admin!, '/admin/channels');
  try {
    await expect(page.getByRole('heading', { name: 'Channels', level: 1 })).toBeVisible();
    const name = uniqueName('Sales mailbox');
    await page.getByRole('button', { name: 'New channel' }).click();
    const form = page.getByRole('form', { name: 'New channel' });
    await form.getByLabel('Type').selectOption('email');
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Address', { exact: true }).fill('sales@acme.example');
    await form.locator('#email-imap-host').fill(imap.host);
    await form.locator('#email-imap-port').fill(String(imap.port));
    await form.locator('#email-imap-tls').uncheck();
    await form.locator('#email-imap-user').fill(`ui-${Date.now().toString(36)}`);
    await form.locator('#email-imap-password').fill(imap.password);
    await form.locator('#email-smtp-host').fill('127.0.0.1');
    await form.locator('#email-smtp-port').fill(String(smtp!.port));
    await form.locator('#email-smtp-security').selectOption('none');
    await form.getByRole('button', { name: 'Create channel' }).click();
    const row = page.getByRole('row').filter({ hasText: name });
    await expect(row).toBeVisible();
    // The mailbox is read at once by the server's poll job; the list shows its state when looked at again.
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await page.getByRole('row').filter({ hasText: name }).textContent()) ?? '';
        },
        { timeout: 30_000 },
      )
      .toContain('Working');
    // A wrong port: the status says why, in the list and on the channel's form, without the password.
    await page.getByRole('row').filter({ hasText: name }).getByRole('button', { name: /Edit/ }).click();
    const edit = page.getByRole('form', { name: `Edit ${name}` });
    await expect(edit.getByText('A password is stored; leave empty to keep it.').first()).toBeVisible();
    await edit.locator('#email-imap-port').fill('1');
    await edit.getByRole('button', { name: /Save/ }).click();
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await page.getByRole('row').filter({ hasText: name }).textContent()) ?? '';
        },
        { timeout: 30_000 },
      )
      .toContain('refused the connection');
    expect(await page.content()).not.toContain(`"${imap.password}"`);
  } finally {
    await context.close();
  }
});
