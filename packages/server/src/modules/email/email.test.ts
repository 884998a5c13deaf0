import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { TestSmtp } from '../../test-support/smtp.js';

/** A real SMTP server that wants a user name and password (over plain text: loopback only). */
async function authSmtp(user: string, pass: string) {
  const got: Array<{ user: string | undefined; raw: string }> = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, done) {
      if (auth.username === user && auth.password === pass) done(null, { user });
      else done(new Error('Invalid username or password'));
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        got.push({ user: session.user as string | undefined, raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, got, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('outgoing email set in the console (issue 19 item 2)', () => {
  let p: TestParley;
  let smtp: Awaited<ReturnType<typeof authSmtp>>;
  beforeAll(async () => {
    smtp = await authSmtp('mailer', 's3cret-pass');
    p = await startTestParley({ settings: { 'routing.acceptWithNoOnlineAgents': true } });
  });
  afterAll(async () => {
    await p.stop();
    await smtp.close();
  });

  const patchSettings = async (values: Record<string, unknown>) => (await p.admin()).patch('/api/v1/settings', values);
  const status = async () => (await (await p.admin()).get('/api/v1/email/status')).body;

  it('without a mail server nothing is promised: no transcript offer, refusals with email.not-configured', async () => {
    const admin = await p.admin();
    expect(await status()).toMatchObject({ configured: false, source: null, troubled: [] });
    expect((await p.api.get('/api/v1/widget/config')).body.emailEnabled).toBe(false);

    const test = await admin.post('/api/v1/email/test', { to: 'ops@example.test' });
    expect(test.status).toBe(409);
    expect(test.body.code).toBe('email.not-configured');

    await admin.patch('/api/v1/settings', { 'general.transcript.ask': true });
    const v = await p.visitor();
    const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hi' })).body.conversation.id;
    const asked = await v.api.post(`/api/v1/widget/conversations/${id}/transcript`, { email: 'v@example.test' });
    expect(asked.status).toBe(409);
    expect(asked.body.code).toBe('email.not-configured');
    const staffAsked = await admin.post(`/api/v1/conversations/${id}/transcript`, { email: 'v@example.test' });
    expect(staffAsked.body.code).toBe('email.not-configured');
    await admin.patch('/api/v1/settings', { 'general.transcript.ask': false });
  });

  it('an admin enters the server, user, password and sender; the test mail arrives signed in with them', async () => {
    const saved = await patchSettings({
      'email.smtp.host': '127.0.0.1',
      'email.smtp.port': smtp.port,
      'email.smtp.security': 'none',
      'email.smtp.user': 'mailer',
      'email.smtp.password': 's3cret-pass',
      'email.from': 'Acme Support <support@acme.test>',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // The password is write-only.
    const listed = (await (await p.admin()).get('/api/v1/settings')).body.settings;
    expect(JSON.stringify(listed)).not.toContain('s3cret-pass');

    expect(await status()).toMatchObject({
      configured: true,
      source: 'settings',
      host: '127.0.0.1',
      port: smtp.port,
      from: 'Acme Support <support@acme.test>',
    });
    expect((await p.api.get('/api/v1/widget/config')).body.emailEnabled).toBe(true);

    const sent = await (await p.admin()).post('/api/v1/email/test', { to: 'ops@example.test' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(smtp.got).toHaveLength(1);
    expect(smtp.got[0]!.user).toBe('mailer');
    expect(smtp.got[0]!.raw).toContain('From: Acme Support <support@acme.test>');
    expect(smtp.got[0]!.raw).toContain('Subject: Parley test email');
    expect((await status()).lastSuccess).toMatchObject({ to: 'ops@example.test', error: null });
  });

  it('a wrong password or a server without STARTTLS is shown as the server said it, not as sent', async () => {
    await patchSettings({ 'email.smtp.password': 'wrong' });
    const refused = await (await p.admin()).post('/api/v1/email/test', { to: 'ops@example.test' });
    expect(refused.status).toBe(502);
    expect(refused.body.code).toBe('email.send-failed');
    expect(refused.body.message).toMatch(/Invalid username or password/);
    expect((await status()).lastFailure).toMatchObject({ to: 'ops@example.test' });

    // starttls (the default) refuses a server that cannot upgrade the connection.
    await patchSettings({ 'email.smtp.password': 's3cret-pass', 'email.smtp.security': 'starttls' });
    const plain = await (await p.admin()).post('/api/v1/email/test', { to: 'ops@example.test' });
    expect(plain.status).toBe(502);
    expect(smtp.got).toHaveLength(1);
    await patchSettings({ 'email.smtp.security': 'none' });
  });

  it('a failing mail is retried with backoff, listed for admins, retried now on request, and given up at last', async () => {
    const admin = await p.admin();
    await admin.patch('/api/v1/settings', { 'general.transcript.ask': true, 'email.smtp.user': 'nobody' });
    const v = await p.visitor();
    const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hi' })).body.conversation.id;
    expect(
      (await v.api.post(`/api/v1/widget/conversations/${id}/transcript`, { email: 'vic@example.test' })).status,
    ).toBe(202);
    await v.api.post(`/api/v1/widget/conversations/${id}/close`, {});
    await p.settle();

    const first = (await status()).troubled;
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      kind: 'transcript.email',
      to: 'vic@example.test',
      status: 'retrying',
      attempts: 1,
    });
    expect(first[0].lastError).toMatch(/Invalid username or password/);
    const wait1 = Date.parse(first[0].nextAttemptAt) - p.fakeClock!.now().getTime();
    p.fakeClock!.advance(wait1);
    await p.settle();
    const second = (await status()).troubled[0];
    expect(second.attempts).toBe(2);
    // Backoff: the second wait is twice the first.
    expect(Date.parse(second.nextAttemptAt) - p.fakeClock!.now().getTime()).toBe(2 * wait1);

    // Fixed: an admin retries it now instead of waiting.
    await admin.patch('/api/v1/settings', { 'email.smtp.user': 'mailer' });
    const retried = await admin.post(`/api/v1/email/jobs/${second.id}/retry`, {});
    expect(retried.status).toBe(200);
    await p.settle();
    expect((await status()).troubled).toEqual([]);
    expect(smtp.got.some((m) => m.raw.includes('Transcript of your conversation'))).toBe(true);
    expect((await admin.post('/api/v1/email/jobs/999999/retry', {})).body.code).toBe('email.job-not-found');

    // A mail that never gets through is given up after its last attempt, and stays listed.
    await admin.patch('/api/v1/settings', { 'email.smtp.user': 'nobody' });
    const w = await p.visitor();
    const id2 = (await w.api.post('/api/v1/widget/conversations', { text: 'hi' })).body.conversation.id;
    await w.api.post(`/api/v1/widget/conversations/${id2}/transcript`, { email: 'wes@example.test' });
    await w.api.post(`/api/v1/widget/conversations/${id2}/close`, {});
    for (let i = 0; i < 12; i++) {
      await p.settle();
      p.fakeClock!.advance(3_600_000);
    }
    await p.settle();
    expect((await status()).troubled[0]).toMatchObject({ to: 'wes@example.test', status: 'given-up', attempts: 10 });
    await admin.patch('/api/v1/settings', { 'general.transcript.ask': false, 'email.smtp.user': 'mailer' });
  });

  it('only admins see or test email; bad input is named', async () => {
    const manager = await p.staff(['manager']);
    expect((await manager.api.get('/api/v1/email/status')).status).toBe(403);
    expect((await manager.api.post('/api/v1/email/test', { to: 'a@example.test' })).status).toBe(403);
    const bad = await (await p.admin()).post('/api/v1/email/test', { to: 'not an address' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('body.to');
    expect((await (await p.admin()).post('/api/v1/email/jobs/abc/retry', {})).status).toBe(400);
  });
});

describe('SMTP_URL in the environment wins over the console', () => {
  it('sends through the environment’s server whatever the settings say', async () => {
    const envSmtp = await TestSmtp.start();
    const p = await startTestParley({
      env: { SMTP_URL: envSmtp.url, SMTP_FROM: 'Env <env@example.test>' },
      settings: { 'email.smtp.host': '192.0.2.1', 'email.from': 'Console <console@example.test>' },
    });
    try {
      const admin = await p.admin();
      expect((await admin.get('/api/v1/email/status')).body).toMatchObject({
        configured: true,
        source: 'environment',
        host: '127.0.0.1',
        from: 'Env <env@example.test>',
      });
      expect((await admin.post('/api/v1/email/test', { to: 'ops@example.test' })).status).toBe(200);
      expect((await envSmtp.next()).raw).toContain('From: Env <env@example.test>');
    } finally {
      await p.stop();
      await envSmtp.close();
    }
  });
});
