import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { expect, saveScreenshot, snapshotSettings, test } from '../support';

// Outgoing email in the console (issue 19 item 2): an admin finds email off, enters a mail server that wants
// a user and password, sends a test email that arrives, and sees a wrong password reported as the server
// said it. The mail server is smtp-server on loopback. The spec puts the settings back.

test('an admin sets up outgoing email in the console and sends a test email', async ({ adminPage: page, api }) => {
  const snapshot = await snapshotSettings(api);
  const mails: Array<{ user: unknown; to: string[]; raw: string }> = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, done) {
      if (auth.username === 'parley' && auth.password === 'mail-pass-1') done(null, { user: 'parley' });
      else done(new Error('Authentication credentials invalid'));
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          user: session.user,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  try {
    await page.goto('/admin/settings#group-email');
    const group = page.getByRole('region', { name: 'Email', exact: true });
    await expect(group.getByText('Email is off.')).toBeVisible();
    await expect(group.getByRole('button', { name: 'Send test email' })).toBeDisabled();

    await group.getByLabel('SMTP server', { exact: true }).fill('127.0.0.1');
    await group.getByLabel('SMTP port', { exact: true }).fill(String((smtp.server.address() as AddressInfo).port));
    await group.getByLabel('Connection security', { exact: true }).selectOption('none');
    await group.getByLabel('SMTP user', { exact: true }).fill('parley');
    await group.getByLabel('SMTP password', { exact: true }).fill('mail-pass-1');
    await group.getByLabel('Sender', { exact: true }).fill('Acme Help <help@acme.example>');
    await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Saved: / })).toBeVisible();

    const status = group.getByRole('definition').first();
    await expect(status).toContainText('127.0.0.1');
    await expect(group).toContainText('(these settings)');
    await group.getByLabel('Send a test email to').fill('owner@acme.example');
    await group.getByRole('button', { name: 'Send test email' }).click();
    await expect(group.getByText('The mail server accepted the test email to owner@acme.example.')).toBeVisible();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.user).toBe('parley');
    expect(mails[0]!.raw).toContain('From: Acme Help <help@acme.example>');
    await saveScreenshot(page, 'email-settings-sent');

    // A wrong password: the console says what the server said, and nothing is claimed as sent.
    await group.getByLabel('SMTP password', { exact: true }).fill('wrong');
    await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Saved: / })).toBeVisible();
    await group.getByRole('button', { name: 'Send test email' }).click();
    await expect(group.getByText('The test email was not sent.')).toBeVisible();
    await expect(group).toContainText('Authentication credentials invalid');
    expect(mails).toHaveLength(1);
    await saveScreenshot(page, 'email-settings-refused');
  } finally {
    await snapshot.restore();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
});
