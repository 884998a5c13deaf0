import { rename, rm, writeFile } from 'node:fs/promises';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailThreadViewSchema, type EmailChannelSettingsInput } from '@parley/shared';
import type { Api } from '../../test-support/api.js';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { rawMail, TestMailbox, testImapServer } from '../../test-support/imap.js';
import { TestSmtp } from '../../test-support/smtp.js';

const imap = await testImapServer();

/**
 * Issue 22 item 2 through the real protocols: mail APPENDed to a Dovecot mailbox is read by IMAP, agent
 * replies leave by SMTP (a real server on loopback), and the person's reply to them comes back in.
 */
describe.skipIf(!imap)('email channel (Dovecot IMAP + SMTP)', () => {
  let p: TestParley;
  let smtp: TestSmtp;
  let admin: Api;
  let agent: Awaited<ReturnType<TestParley['onlineAgent']>>;
  let n = 0;

  const settingsFor = (box: TestMailbox, over: Partial<EmailChannelSettingsInput> = {}): EmailChannelSettingsInput => ({
    address: 'support@example.test',
    fromName: 'ACME Support',
    imap: { host: imap!.host, port: imap!.port, tls: false, user: box.user, password: imap!.password },
    smtp: { host: '127.0.0.1', port: Number(new URL(smtp.url).port), security: 'none' },
    ...over,
  });

  async function channel(over: Partial<EmailChannelSettingsInput> = {}) {
    const box = new TestMailbox(imap!);
    const res = await admin.post('/api/v1/channels', {
      type: 'email',
      name: `Support ${++n}`,
      settings: settingsFor(box, over),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { box, id: res.body.channel.id as string, view: res.body.channel };
  }

  /** Reads the mailbox now (the poll job, due at once) and lets everything it caused finish. */
  async function poll(channelId: string) {
    await p.emailChannel.email.pollSoon(channelId);
    await p.settle();
  }

  /** The channel's conversations, oldest first (every one the email channel started has its thread row). */
  const conversationsOf = async (channelId: string) =>
    (
      await p.db.q
        .selectFrom('email_channel_threads')
        .select('conversation_id as id')
        .where('channel_id', '=', channelId)
        .orderBy('created_at')
        .orderBy('conversation_id')
        .execute()
    ).map((r) => ({ id: r.id }));
  const texts = async (conversationId: string) =>
    (
      (await admin.get(`/api/v1/conversations/${conversationId}/messages`)).body.items as Array<{
        kind: string;
        text: string;
      }>
    )
      .filter((m) => m.kind !== 'system')
      .map((m) => m.text);

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    p = await startTestParley();
    admin = await p.admin();
    agent = await p.onlineAgent({ name: 'Erin Email' });
  });
  afterAll(async () => {
    agent?.ws.close();
    await p?.stop();
    await smtp?.close();
  });

  it('a mail becomes a conversation; the agent’s reply leaves by SMTP threaded; the person’s reply joins it', async () => {
    const { box, id, view } = await channel();
    expect(view.settings.imap).toMatchObject({ user: box.user, passwordSet: true });
    expect(JSON.stringify(view)).not.toContain(imap!.password === '' ? '\u0000' : `"${imap!.password}"`);
    await box.append(
      rawMail(
        {
          From: 'Ann Person <ann@example.test>',
          To: 'support@example.test',
          Subject: 'Printer on fire',
          'Message-ID': '<first@ann.example.test>',
        },
        'It smokes.\n\n-- \nAnn\nSent from my phone',
      ),
    );
    await poll(id);
    await p.dispatchOnce();
    const [conv] = await conversationsOf(id);
    expect(conv).toBeDefined();
    const row = (await p.conv.conversations.peek(conv!.id))!;
    expect(row).toMatchObject({ channel: id, agent_id: agent.userId, visitor_name: 'Ann Person' });
    expect(await texts(conv!.id)).toEqual(['Subject: Printer on fire\n\nIt smokes.']);
    expect(await p.emailChannel.email.position(id)).toMatchObject({ lastUid: 1, received: 1, skipped: 0, state: 'ok' });
    const status = (await admin.get(`/api/v1/channels/${id}`)).body.status;
    expect(status.state).toBe('ok');

    const sent = await agent.api.post(`/api/v1/conversations/${conv!.id}/messages`, {
      text: 'Unplug it <now>!',
      clientId: 'r1',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await p.settle();
    const out = await smtp.next((m) => m.to.includes('ann@example.test'));
    const reply = await simpleParser(out.raw);
    expect(reply.from?.value[0]).toMatchObject({ address: 'support@example.test', name: 'ACME Support' });
    expect(reply.subject).toMatch(/^Re: Printer on fire \[#[a-z2-9]{10}\]$/);
    expect(reply.inReplyTo).toBe('<first@ann.example.test>');
    expect([reply.references].flat()).toEqual(['<first@ann.example.test>']);
    expect(reply.messageId).toMatch(/^<[0-9a-f-]{36}\.parley@example\.test>$/);
    const token = /\[#([a-z2-9]{10})\]/.exec(reply.subject!)![1]!;
    expect(reply.replyTo?.value[0]?.address).toBe(`support+${token}@example.test`);
    expect(reply.text?.trim()).toBe('Unplug it <now>!');
    expect(reply.html).toContain('Unplug it &lt;now&gt;!');

    // The person answers the reply (their client quotes it); only the new text joins the same conversation.
    await box.append(
      rawMail(
        {
          From: 'ann@example.test',
          To: `support+${token}@example.test`,
          Subject: reply.subject!,
          'Message-ID': '<second@ann.example.test>',
          'In-Reply-To': reply.messageId!,
          References: `<first@ann.example.test> ${reply.messageId}`,
        },
        'Done, thanks!\n\nOn Mon, Dec 7, 2026 at 10:05 AM ACME Support <support@example.test> wrote:\n> Unplug it <now>!\n',
      ),
    );
    await poll(id);
    expect(await conversationsOf(id)).toHaveLength(1);
    expect((await texts(conv!.id)).slice(-2)).toEqual(['Unplug it <now>!', 'Done, thanks!']);

    // A second agent message carries the whole thread in References.
    await agent.api.post(`/api/v1/conversations/${conv!.id}/messages`, { text: 'Glad to help.', clientId: 'r2' });
    await p.settle();
    const second = await simpleParser((await smtp.next((m) => m.raw.includes('Glad to help.'))).raw);
    expect(second.inReplyTo).toBe('<second@ann.example.test>');
    expect([second.references].flat()).toEqual([
      '<first@ann.example.test>',
      reply.messageId,
      '<second@ann.example.test>',
    ]);
  });

  it('threads by the subject token alone; after the close a new mail opens a new conversation of the same contact', async () => {
    const { box, id } = await channel();
    await box.append(
      rawMail(
        { From: 'bob@example.test', To: 'support@example.test', Subject: 'Login', 'Message-ID': '<b1@x>' },
        'Cannot log in',
      ),
    );
    await poll(id);
    const [c1] = await conversationsOf(id);
    await agent.api.post(`/api/v1/conversations/${c1!.id}/messages`, { text: 'Which browser?', clientId: 'b-r1' });
    await p.settle();
    const reply = await simpleParser((await smtp.next((m) => m.to.includes('bob@example.test'))).raw);
    // A client that drops In-Reply-To/References and writes to the plain address: the subject's token threads it.
    await box.append(
      rawMail(
        { From: 'bob@example.test', To: 'support@example.test', Subject: reply.subject!, 'Message-ID': '<b2@x>' },
        'Firefox',
      ),
    );
    await poll(id);
    expect(await conversationsOf(id)).toHaveLength(1);
    expect((await texts(c1!.id)).at(-1)).toBe('Firefox');
    // The token does not let someone else into Bob's conversation.
    await box.append(
      rawMail(
        { From: 'eve@example.test', To: 'support@example.test', Subject: reply.subject!, 'Message-ID': '<e1@x>' },
        'let me in',
      ),
    );
    await poll(id);
    expect(await conversationsOf(id)).toHaveLength(2);
    expect(await texts(c1!.id)).not.toContain('let me in');

    await p.conv.lifecycle.close(c1!.id, { type: 'system', reason: 'test' });
    await box.append(
      rawMail(
        {
          From: 'bob@example.test',
          To: 'support@example.test',
          Subject: reply.subject!,
          'Message-ID': '<b3@x>',
          'In-Reply-To': '<b2@x>',
        },
        'Me again',
      ),
    );
    await poll(id);
    const all = await conversationsOf(id);
    expect(all).toHaveLength(3);
    const rows = await Promise.all(all.map((c) => p.conv.conversations.peek(c.id)));
    const bobs = rows.filter((r) => r!.visitor_id === rows.find((x) => x!.id === c1!.id)!.visitor_id);
    expect(bobs).toHaveLength(2);
    expect(bobs[0]!.contact_id).toBe(bobs[1]!.contact_id);
  });

  it('auto-replies, bounces and list mail open nothing; a broken mail is skipped and the reader goes on', async () => {
    const { box, id } = await channel();
    const to = { To: 'support@example.test', Subject: 'x' };
    await box.append(
      rawMail(
        { From: 'ooo@example.test', ...to, 'Auto-Submitted': 'auto-replied', 'Message-ID': '<a1@x>' },
        'I am away',
      ),
      rawMail({ From: 'MAILER-DAEMON@mx.example.test', ...to, 'Message-ID': '<a2@x>' }, 'Delivery failed'),
      rawMail(
        { From: 'news@example.test', ...to, 'List-Id': '<news.example.test>', 'Message-ID': '<a3@x>' },
        'Newsletter',
      ),
      rawMail({ From: 'bulk@example.test', ...to, Precedence: 'bulk', 'Message-ID': '<a4@x>' }, 'Offer'),
      rawMail({ From: 'support@example.test', ...to, 'Message-ID': '<a5@x>' }, 'our own mail come back'),
      // No sender at all, then bytes that are no mail, then a MIME tree with a lying boundary and charset.
      rawMail({ To: 'support@example.test', Subject: 'anonymous', 'Message-ID': '<a6@x>' }, 'who am I'),
      Buffer.from('\u0000\u0001\u0002 not a mail \r\n\r\n\u00ff\u00fe'),
      rawMail(
        {
          From: 'odd@example.test',
          ...to,
          'Content-Type': 'multipart/mixed; boundary="nope"; charset=x-unknown',
          'Message-ID': '<a7@x>',
        },
        '--other\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nstill readable\r\n--other',
      ),
      rawMail({ From: 'carol@example.test', ...to, 'Message-ID': '<a8@x>' }, 'a real question'),
    );
    await poll(id);
    const convs = await conversationsOf(id);
    const said = await Promise.all(convs.map(async (c) => (await texts(c.id)).join('|')));
    expect(said.sort()).toEqual(['Subject: x\n\na real question', 'Subject: x\n\nstill readable']);
    expect(await p.emailChannel.email.position(id)).toMatchObject({ lastUid: 9, received: 2, skipped: 7, state: 'ok' });
  });

  it('attachments are kept through the uploads; a type not allowed or a file over the limit is named, not kept', async () => {
    const { box, id } = await channel();
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const big = Buffer.alloc(p.messages.uploads.maxBytes + 10, 0x41)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const part = (type: string, name: string, b64: string) =>
      `--b\r\nContent-Type: ${type}\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n`;
    await box.append(
      rawMail(
        {
          From: 'dan@example.test',
          To: 'support@example.test',
          Subject: 'files',
          'Content-Type': 'multipart/mixed; boundary="b"',
          'Message-ID': '<f1@x>',
        },
        `--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n${part('image/png', 'dot.png', png)}${part('application/x-msdownload', 'run.exe', 'TVo=')}${part('text/plain', 'huge.txt', big)}--b--`,
      ),
    );
    await poll(id);
    const [c] = await conversationsOf(id);
    const items = (await admin.get(`/api/v1/conversations/${c!.id}/messages`)).body.items as Array<{
      kind: string;
      text: string;
      attachment: { name: string; contentType: string } | null;
    }>;
    expect(items.find((m) => m.kind === 'text')!.text).toBe(
      'Subject: files\n\nsee attached\n\n[Not kept: run.exe (type not allowed), huge.txt (too large)]',
    );
    expect(items.filter((m) => m.kind === 'file').map((m) => m.attachment)).toEqual([
      expect.objectContaining({ name: 'dot.png', contentType: 'image/png' }),
    ]);
  });

  it('the loop breaker: a sender over the hourly limit is ignored until the hour has passed', async () => {
    const { box, id } = await channel({ maxPerSenderPerHour: 2 });
    const m = (i: number) =>
      rawMail(
        { From: 'loop@example.test', To: 'support@example.test', Subject: `n${i}`, 'Message-ID': `<l${i}@x>` },
        `mail ${i}`,
      );
    await box.append(m(1), m(2), m(3));
    await poll(id);
    expect(await p.emailChannel.email.position(id)).toMatchObject({ lastUid: 3, received: 2, skipped: 1 });
    p.fakeClock!.advance(3_600_001);
    await box.append(m(4));
    await poll(id);
    expect(await p.emailChannel.email.position(id)).toMatchObject({ lastUid: 4, received: 3, skipped: 1 });
  });

  it('an unreachable IMAP server: the status says why, the reader retries with backoff and recovers', async () => {
    const { box, id } = await channel();
    const settings = settingsFor(box, { imap: { host: '127.0.0.1', port: 1, tls: false, user: box.user } });
    const bad = await admin.patch(`/api/v1/channels/${id}`, { settings });
    expect(bad.status, JSON.stringify(bad.body)).toBe(200);
    expect(bad.body.settings.imap.passwordSet).toBe(true); // the password was kept
    await poll(id);
    const status = (await admin.get(`/api/v1/channels/${id}`)).body.status;
    expect(status).toMatchObject({ state: 'error', detail: expect.stringContaining('refused the connection') });
    const next = await p.jobs.pending(`email-channel.poll:${id}`);
    expect(next!.runAt.getTime()).toBeGreaterThan(p.clock.now().getTime());
    // Fixed: read at once with the new settings, the status back to ok.
    await admin.patch(`/api/v1/channels/${id}`, { settings: settingsFor(box) });
    await box.append(
      rawMail({ From: 'fay@example.test', To: 'support@example.test', Subject: 'hi', 'Message-ID': '<u1@x>' }, 'back'),
    );
    await poll(id);
    expect((await admin.get(`/api/v1/channels/${id}`)).body.status.state).toBe('ok');
    expect(await conversationsOf(id)).toHaveLength(1);
  });

  it('erasing the contact (GDPR) removes the kept originals and the thread’s address', async () => {
    const { box, id } = await channel();
    await box.append(
      rawMail(
        { From: 'gina@example.test', To: 'support@example.test', Subject: 'Forget me', 'Message-ID': '<g1@x>' },
        'Please delete my data.\n\nOn Mon, Dec 7, 2026 Support wrote:\n> Hello Gina',
      ),
    );
    await poll(id);
    const [c] = await conversationsOf(id);
    const before = await p.db.q
      .selectFrom('email_channel_messages')
      .select('original_text')
      .where('conversation_id', '=', c!.id)
      .execute();
    expect(before[0]!.original_text).toContain('Hello Gina');
    const contactId = (await p.conv.conversations.peek(c!.id))!.contact_id;
    const erased = await admin.post(`/api/v1/contacts/${contactId}/erase`, { confirm: 'ERASE' });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    const after = await p.db.q
      .selectFrom('email_channel_messages')
      .select('original_text')
      .where('conversation_id', '=', c!.id)
      .execute();
    expect(after.map((r) => r.original_text)).toEqual([null]);
    const thread = await p.db.q
      .selectFrom('email_channel_threads')
      .selectAll()
      .where('conversation_id', '=', c!.id)
      .executeTakeFirst();
    expect(thread).toMatchObject({ address: '', subject: '' });
  });

  it('a mail that fails for a reason not its own is retried, skipped after 3 tries, and the reader goes on', async () => {
    const { box, id } = await channel();
    await box.append(
      rawMail(
        { From: 'hal@example.test', To: 'support@example.test', Subject: 'pic', 'Message-ID': '<h0@x>' },
        'a picture follows',
      ),
    );
    await poll(id);
    // A real fault: a file where the uploads directory should be, so storing an attachment fails.
    const dir = p.config.uploadDir;
    await rename(dir, `${dir}.away`).catch(() => undefined);
    await writeFile(dir, 'not a directory');
    try {
      const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
      // Hal's reply is only the picture (nothing of it is stored before the file); Ivy writes after him.
      await box.append(
        rawMail(
          {
            From: 'hal@example.test',
            To: 'support@example.test',
            Subject: 'Re: pic',
            'In-Reply-To': '<h0@x>',
            'Content-Type': 'multipart/mixed; boundary="b"',
            'Message-ID': '<h1@x>',
          },
          `--b\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename="a.png"\r\nContent-Transfer-Encoding: base64\r\n\r\n${png}\r\n--b--`,
        ),
        rawMail(
          { From: 'ivy@example.test', To: 'support@example.test', Subject: 'hi', 'Message-ID': '<i1@x>' },
          'plain words',
        ),
      );
      await poll(id);
      expect(await p.emailChannel.email.position(id)).toMatchObject({ lastUid: 1, received: 1, skipped: 0 });
      await poll(id);
      expect(await p.emailChannel.email.position(id)).toMatchObject({ lastUid: 1 });
      await poll(id); // the third failure: skipped, and the reader goes on at once
      expect(await p.emailChannel.email.position(id)).toMatchObject({
        lastUid: 3,
        received: 2,
        skipped: 1,
        state: 'ok',
      });
      const convs = await conversationsOf(id);
      const said = await Promise.all(convs.map(async (c) => (await texts(c.id)).join('|')));
      expect(said).toContain('Subject: hi\n\nplain words');
      expect(said.filter((t) => t.includes('plain words'))).toHaveLength(1);
    } finally {
      await rm(dir, { force: true });
      await rename(`${dir}.away`, dir).catch(() => undefined);
    }
  });

  it('an agent’s file leaves as an attachment of the reply', async () => {
    const { box, id } = await channel();
    await box.append(
      rawMail(
        { From: 'jo@example.test', To: 'support@example.test', Subject: 'Invoice', 'Message-ID': '<j1@x>' },
        'Send it please',
      ),
    );
    await poll(id);
    const [c] = await conversationsOf(id);
    const form = new FormData();
    form.append('file', new Blob(['invoice 123'], { type: 'text/plain' }), 'invoice.txt');
    const up = await fetch(`${await p.baseUrl()}/api/v1/conversations/${c!.id}/files`, {
      method: 'POST',
      headers: { cookie: agent.cookie },
      body: form,
    });
    expect(up.status, await up.clone().text()).toBe(201);
    await p.settle();
    const mail = await simpleParser((await smtp.next((m) => m.to.includes('jo@example.test'))).raw);
    expect(mail.inReplyTo).toBe('<j1@x>');
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([
      ['invoice.txt', 'text/plain', 'invoice 123'],
    ]);
  });

  it('the conversation’s mails with the whole texts as they came (GET /api/v1/conversations/:id/email)', async () => {
    const { box, id } = await channel();
    await box.append(
      rawMail(
        { From: 'kim@example.test', To: 'support@example.test', Subject: 'Re: order', 'Message-ID': '<k1@x>' },
        'Yes, please.\n\nOn Mon, Dec 7, 2026 Shop wrote:\n> Shall we send it?',
      ),
    );
    await poll(id);
    const [c] = await conversationsOf(id);
    const res = await agent.api.get(`/api/v1/conversations/${c!.id}/email`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(emailThreadViewSchema.parse(res.body).items).toEqual([
      expect.objectContaining({
        mailId: '<k1@x>',
        direction: 'in',
        originalText: expect.stringContaining('> Shall we send it?'),
      }),
    ]);
    expect(await texts(c!.id)).toEqual(['Subject: Re: order\n\nYes, please.']);
    const visitorSide = await p.api.get(`/api/v1/conversations/${c!.id}/email`);
    expect(visitorSide.status).toBe(401);
  });
});
