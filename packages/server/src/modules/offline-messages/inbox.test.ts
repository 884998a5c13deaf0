import { offlineInboxDetailSchema, offlineInboxSummarySchema } from '@parley/shared';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../test-support/api.js';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { TestSmtp, type ReceivedMail } from '../../test-support/smtp.js';

/** A header of a raw mail, unfolded (long References lines are folded). */
function header(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(head);
  return m?.[1]?.trim();
}

describe('the offline inbox (issue 15, item 8; settings livechat.offline.toChannel.*)', () => {
  let p: TestParley;
  let smtp: TestSmtp;
  let admin: Api;
  let sales: string;
  let support: string;
  let salesAgent: { api: Api; userId: string };
  let salesAgent2: { api: Api; userId: string };
  let supportAgent: { api: Api; userId: string };
  let manager: Api;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    p = await startTestParley({
      env: { SMTP_URL: smtp.url, SMTP_FROM: 'Parley <help@shop.example>', WIDGET_RATE_PER_MINUTE: '6000' },
    });
    admin = await p.admin();
    sales = (
      await admin.post('/api/v1/departments', { name: 'Sales', email: 'sales@shop.example', showOnOfflineForm: true })
    ).body.id;
    support = (await admin.post('/api/v1/departments', { name: 'Support', showOnOfflineForm: true })).body.id;
    salesAgent = await p.staff(['agent'], { name: 'Sam Sales' });
    salesAgent2 = await p.staff(['agent'], { name: 'Sue Sales' });
    supportAgent = await p.staff(['agent'], { name: 'Pat Support' });
    const system = { kind: 'anonymous' } as const;
    await p.departments.setAgents(sales, [salesAgent.userId, salesAgent2.userId], system);
    await p.departments.setAgents(support, [supportAgent.userId], system);
    manager = (await p.staff(['manager'])).api;
  });
  afterAll(async () => {
    await p.stop();
    await smtp.close();
  });

  async function leave(message: string, departmentId?: string, email = 'olga@example.test'): Promise<string> {
    const res = await p.api.post('/api/v1/widget/offline-messages', {
      name: 'Olga',
      email,
      message,
      ...(departmentId ? { departmentId } : {}),
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  const ids = async (api: Api, q = '') =>
    ((await api.get(`/api/v1/offline-inbox${q}`)).body.items as Array<{ id: string }>).map((i) => i.id);

  it('is off by default: messages received then stay in the admin list only, and turning it on imports none', async () => {
    const before = await leave('Received while the inbox is off', sales);
    expect(await ids(admin)).not.toContain(before);
    expect((await admin.get('/api/v1/offline-messages')).body.items[0]).toMatchObject({ id: before, inboxState: null });
    expect((await salesAgent.api.get(`/api/v1/offline-inbox/${before}`)).status).toBe(404);

    await admin.patch('/api/v1/settings', { 'livechat.offline.toChannel.enabled': true });
    expect(await ids(admin)).not.toContain(before);
    const after = await leave('Received while the inbox is on', sales);
    expect(await ids(admin)).toContain(after);
    expect((await admin.get('/api/v1/offline-messages')).body.items[0]).toMatchObject({
      id: after,
      inboxState: 'open',
    });
  });

  it('shows its configured name, "Offline messages" when empty', async () => {
    const s1 = await salesAgent.api.get('/api/v1/offline-inbox/summary');
    expect(offlineInboxSummarySchema.parse(s1.body).name).toBe('Offline messages');
    await admin.patch('/api/v1/settings', { 'livechat.offline.toChannel.name': 'Missed chats' });
    expect((await salesAgent.api.get('/api/v1/offline-inbox/summary')).body.name).toBe('Missed chats');
    expect((await salesAgent.api.get('/api/v1/offline-inbox')).body.name).toBe('Missed chats');
    await admin.patch('/api/v1/settings', { 'livechat.offline.toChannel.name': '  ' });
    expect((await salesAgent.api.get('/api/v1/offline-inbox/summary')).body.name).toBe('Offline messages');
  });

  it("is seen by the agents of the message's department only (everyone for one without a department)", async () => {
    const forSales = await leave('A sales question', sales);
    const forSupport = await leave('A support question', support);
    const forAnyone = await leave('A question for anyone');
    const salesSees = await ids(salesAgent.api);
    expect(salesSees).toEqual(expect.arrayContaining([forSales, forAnyone]));
    expect(salesSees).not.toContain(forSupport);
    const supportSees = await ids(supportAgent.api);
    expect(supportSees).toEqual(expect.arrayContaining([forSupport, forAnyone]));
    expect(supportSees).not.toContain(forSales);
    expect(await ids(manager)).toEqual(expect.arrayContaining([forSales, forSupport, forAnyone]));
    // Monitors read every item and change none.
    const monitor = (await p.staff(['monitor'])).api;
    expect(await ids(monitor)).toEqual(expect.arrayContaining([forSales, forSupport, forAnyone]));
    expect((await monitor.post(`/api/v1/offline-inbox/${forSales}/claim`)).body.code).toBe('auth.forbidden');
    // The counts follow the same rule.
    const counts = async (api: Api) => (await api.get('/api/v1/offline-inbox/summary')).body.counts.open as number;
    const all = await counts(manager);
    expect(await counts(salesAgent.api)).toBe(all - 1);
    expect(await counts(supportAgent.api)).toBeLessThan(all);
    const supportBefore = await counts(supportAgent.api);
    await leave('Another for support', support);
    expect(await counts(supportAgent.api)).toBe(supportBefore + 1);
    expect(await counts(manager)).toBe(all + 1);
    expect(await counts(salesAgent.api)).toBe(all - 1);
  });

  it('refuses an agent of another department on every route, as if the item did not exist', async () => {
    const id = await leave('Sales only', sales);
    const other = supportAgent.api;
    expect((await other.get(`/api/v1/offline-inbox/${id}`)).body).toMatchObject({
      code: 'offline-message.not-found',
      field: 'params.id',
    });
    for (const path of ['claim', 'release', 'done', 'reopen'])
      expect((await other.post(`/api/v1/offline-inbox/${id}/${path}`)).status).toBe(404);
    expect((await other.post(`/api/v1/offline-inbox/${id}/replies`, { text: 'Hi' })).status).toBe(404);
    expect((await other.post(`/api/v1/offline-inbox/${id}/assign`, { userId: supportAgent.userId })).status).toBe(403);
    // Nothing changed.
    expect((await salesAgent.api.get(`/api/v1/offline-inbox/${id}`)).body).toMatchObject({
      state: 'open',
      claimedBy: null,
    });
  });

  it('is claimed by one agent: another gets 409; an admin or manager may release or reassign it', async () => {
    const id = await leave('Who takes me?', sales);
    const claimed = await salesAgent.api.post(`/api/v1/offline-inbox/${id}/claim`);
    expect(offlineInboxDetailSchema.parse(claimed.body)).toMatchObject({
      state: 'claimed',
      claimedBy: { id: salesAgent.userId, name: 'Sam Sales' },
    });
    // Claiming again changes nothing.
    const same = await salesAgent.api.post(`/api/v1/offline-inbox/${id}/claim`);
    expect(same.body).toMatchObject({ state: 'claimed', claimedAt: claimed.body.claimedAt });
    const again = await salesAgent2.api.post(`/api/v1/offline-inbox/${id}/claim`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('offline-message.already-claimed');
    expect((await salesAgent2.api.post(`/api/v1/offline-inbox/${id}/release`)).body.code).toBe(
      'offline-message.not-claimed-by-you',
    );
    expect((await salesAgent2.api.post(`/api/v1/offline-inbox/${id}/done`)).status).toBe(403);
    expect((await salesAgent2.api.post(`/api/v1/offline-inbox/${id}/replies`, { text: 'Me!' })).status).toBe(403);
    // Agents do not reassign; a manager does, to an agent of the department only.
    expect(
      (await salesAgent.api.post(`/api/v1/offline-inbox/${id}/assign`, { userId: salesAgent2.userId })).status,
    ).toBe(403);
    const wrong = await manager.post(`/api/v1/offline-inbox/${id}/assign`, { userId: supportAgent.userId });
    expect(wrong.body).toMatchObject({ code: 'offline-message.assignee-not-eligible', field: 'body.userId' });
    const moved = await manager.post(`/api/v1/offline-inbox/${id}/assign`, { userId: salesAgent2.userId });
    expect(moved.body).toMatchObject({ state: 'claimed', claimedBy: { id: salesAgent2.userId, name: 'Sue Sales' } });
    expect((await salesAgent.api.post(`/api/v1/offline-inbox/${id}/claim`)).status).toBe(409);
    const released = await manager.post(`/api/v1/offline-inbox/${id}/release`);
    expect(released.body).toMatchObject({ state: 'open', claimedBy: null });
    expect((await manager.post(`/api/v1/offline-inbox/${id}/release`)).body).toMatchObject({ state: 'open' });
    expect((await salesAgent.api.post(`/api/v1/offline-inbox/${id}/claim`)).body.state).toBe('claimed');
    // "Mine" lists what the caller holds.
    expect(await ids(salesAgent.api, '?state=claimed&mine=true')).toContain(id);
    expect(await ids(salesAgent2.api, '?state=claimed&mine=true')).not.toContain(id);
  });

  it('sends the claimant’s replies by SMTP, threaded, and keeps them with the item', async () => {
    await admin.patch('/api/v1/settings', { 'livechat.offline.email': 'desk@shop.example' });
    const id = await leave('Where is my\rparcel?\nOrder 1234, sent last week.', sales, 'vera@example.test');
    await salesAgent.api.post(`/api/v1/offline-inbox/${id}/claim`);
    const first = await salesAgent.api.post(`/api/v1/offline-inbox/${id}/replies`, {
      text: 'It left our warehouse today.',
    });
    expect(first.status).toBe(201);
    expect(first.body.replies).toHaveLength(1);
    expect(first.body.replies[0]).toMatchObject({ state: 'pending', author: { name: 'Sam Sales' } });
    await p.settle();
    const mail1 = await smtp.next((m) => m.to.includes('vera@example.test') && m.raw.includes('warehouse today'));
    // The first line, a lone CR made a space: nothing of the visitor's text starts a header of its own.
    expect(header(mail1, 'Subject')).toBe('Re: Where is my parcel?');
    expect(header(mail1, 'From')).toContain('help@shop.example');
    // The department's address wins over livechat.offline.email.
    expect(header(mail1, 'Reply-To')).toBe('sales@shop.example');
    const id1 = header(mail1, 'Message-ID')!;
    expect(id1).toMatch(/^<[^@]+@shop\.example>$/);
    expect(header(mail1, 'In-Reply-To')).toBeUndefined();
    expect(mail1.raw).toContain('> Order 1234, sent last week.');

    await salesAgent.api.post(`/api/v1/offline-inbox/${id}/replies`, { text: 'Tracking number: AB123.' });
    await p.settle();
    const mail2 = await smtp.next((m) => m.raw.includes('AB123'));
    const id2 = header(mail2, 'Message-ID')!;
    expect(header(mail2, 'In-Reply-To')).toBe(id1);
    expect(header(mail2, 'References')).toBe(id1);
    await salesAgent.api.post(`/api/v1/offline-inbox/${id}/replies`, { text: 'Delivered?' });
    await p.settle();
    const mail3 = await smtp.next((m) => m.raw.includes('Delivered?'));
    expect(header(mail3, 'In-Reply-To')).toBe(id2);
    expect(header(mail3, 'References')).toBe(`${id1} ${id2}`);

    const thread = offlineInboxDetailSchema.parse((await manager.get(`/api/v1/offline-inbox/${id}`)).body);
    expect(thread.replies.map((r) => [r.text, r.state])).toEqual([
      ['It left our warehouse today.', 'sent'],
      ['Tracking number: AB123.', 'sent'],
      ['Delivered?', 'sent'],
    ]);
    expect(thread.replies.every((r) => r.sentAt !== null && r.author.id === salesAgent.userId)).toBe(true);

    // Without a department address, livechat.offline.email is the Reply-To.
    const noDept = await leave('A question without department', undefined, 'ivan@example.test');
    await salesAgent.api.post(`/api/v1/offline-inbox/${noDept}/claim`);
    await salesAgent.api.post(`/api/v1/offline-inbox/${noDept}/replies`, { text: 'Here is the answer.' });
    await p.settle();
    const mail4 = await smtp.next((m) => m.to.includes('ivan@example.test') && m.raw.includes('Here is the answer'));
    expect(header(mail4, 'Reply-To')).toBe('desk@shop.example');
  });

  it('is marked done and reopened; a done item takes no reply until reopened', async () => {
    const id = await leave('Done soon', sales);
    expect((await salesAgent.api.post(`/api/v1/offline-inbox/${id}/done`)).body.code).toBe(
      'offline-message.not-claimed-by-you',
    );
    await salesAgent.api.post(`/api/v1/offline-inbox/${id}/claim`);
    const done = await salesAgent.api.post(`/api/v1/offline-inbox/${id}/done`);
    expect(done.body).toMatchObject({ state: 'done', doneBy: 'Sam Sales' });
    expect((await salesAgent.api.post(`/api/v1/offline-inbox/${id}/done`)).body).toMatchObject({ state: 'done' });
    expect(await ids(salesAgent.api, '?state=open')).not.toContain(id);
    expect(await ids(salesAgent.api, '?state=done')).toContain(id);
    expect((await salesAgent.api.post(`/api/v1/offline-inbox/${id}/replies`, { text: 'Late' })).body.code).toBe(
      'offline-message.done',
    );
    expect((await salesAgent2.api.post(`/api/v1/offline-inbox/${id}/claim`)).body.code).toBe('offline-message.done');
    const reopened = await salesAgent2.api.post(`/api/v1/offline-inbox/${id}/reopen`);
    expect(reopened.body).toMatchObject({ state: 'open', claimedBy: null, doneAt: null });
    expect((await salesAgent2.api.post(`/api/v1/offline-inbox/${id}/reopen`)).body.code).toBe(
      'offline-message.not-done',
    );
    // An admin sees the state in the admin list too.
    const list = (await admin.get('/api/v1/offline-messages')).body.items as Array<{ id: string; inboxState: string }>;
    expect(list.find((m) => m.id === id)?.inboxState).toBe('open');
    // A manager may close an item nobody claimed.
    expect((await manager.post(`/api/v1/offline-inbox/${id}/done`)).body.state).toBe('done');
  });

  it('answers 400s naming the field for bad input', async () => {
    const id = await leave('Validate me', sales);
    await salesAgent.api.post(`/api/v1/offline-inbox/${id}/claim`);
    const reply = (body: unknown) => salesAgent.api.post(`/api/v1/offline-inbox/${id}/replies`, body);
    for (const body of [{}, { text: '' }, { text: '   ' }, { text: 'x'.repeat(10_001) }, { text: 5 }]) {
      const res = await reply(body);
      expect(res.status).toBe(400);
      expect(res.body.field).toMatch(/^body/);
    }
    expect((await reply({ text: 'ok', extra: 1 })).status).toBe(400);
    expect((await reply({ text: 'x'.repeat(10_000) })).status).toBe(201);
    expect((await salesAgent.api.get('/api/v1/offline-inbox/not-a-uuid')).body).toMatchObject({ field: 'params.id' });
    expect((await salesAgent.api.get('/api/v1/offline-inbox?state=lost')).status).toBe(400);
    expect((await salesAgent.api.get('/api/v1/offline-inbox?limit=0')).status).toBe(400);
    expect((await manager.post(`/api/v1/offline-inbox/${id}/assign`, { userId: 'me' })).body.field).toBe('body.userId');
    expect((await p.api.get('/api/v1/offline-inbox')).status).toBe(401);
  });

  it('turned off again, new messages no longer land in it', async () => {
    await admin.patch('/api/v1/settings', { 'livechat.offline.toChannel.enabled': false });
    const id = await leave('After turning it off', sales);
    expect(await ids(admin)).not.toContain(id);
    expect((await admin.get('/api/v1/offline-inbox/summary')).body.enabled).toBe(false);
  });
});

describe('offline inbox replies while the SMTP server is down', () => {
  /** A real SMTP server on a given loopback port, keeping what it receives. */
  async function smtpOn(port: number) {
    const raws: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          raws.push(Buffer.concat(chunks).toString('utf8'));
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    return { raws, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('keeps the reply with its error, retries it 30 s later, sends it once SMTP is back, and gives up after 10 attempts', async () => {
    // A loopback port with nobody listening (yet).
    const probe = await TestSmtp.start();
    await probe.close();
    const port = Number(new URL(probe.url).port);
    const p = await startTestParley({
      env: { SMTP_URL: probe.url, WIDGET_RATE_PER_MINUTE: '6000' },
      settings: { 'livechat.offline.toChannel.enabled': true },
    });
    try {
      const agent = await p.staff(['agent']);
      const leave = async (message: string) =>
        (await p.api.post('/api/v1/widget/offline-messages', { name: 'Dora', email: 'dora@example.test', message }))
          .body.id as string;
      const replyOf = async (id: string) => (await agent.api.get(`/api/v1/offline-inbox/${id}`)).body.replies[0];

      const id = await leave('Are you there?');
      await agent.api.post(`/api/v1/offline-inbox/${id}/claim`);
      await agent.api.post(`/api/v1/offline-inbox/${id}/replies`, { text: 'Yes, we are.' });
      await p.settle();
      const waiting = await replyOf(id);
      expect(waiting).toMatchObject({ state: 'pending', attempts: 1 });
      expect(waiting.error).toBeTruthy();

      const sink = await smtpOn(port);
      try {
        p.fakeClock!.advance(30_000);
        await p.settle();
        expect(await replyOf(id)).toMatchObject({ state: 'sent', attempts: 2, error: null });
        expect(sink.raws.filter((r) => r.includes('Yes, we are.'))).toHaveLength(1);
      } finally {
        await sink.close();
      }

      const lost = await leave('Still there?');
      await agent.api.post(`/api/v1/offline-inbox/${lost}/claim`);
      await agent.api.post(`/api/v1/offline-inbox/${lost}/replies`, { text: 'This one never leaves.' });
      // Retried with backoff (30 s, 1 min, 2 min … at most an hour): an hour between passes outruns it.
      for (let i = 0; i < 10; i++) {
        await p.settle();
        p.fakeClock!.advance(3_600_000);
      }
      await p.settle();
      expect(await replyOf(lost)).toMatchObject({ state: 'failed', attempts: 10 });
    } finally {
      await p.stop();
    }
  });
});
