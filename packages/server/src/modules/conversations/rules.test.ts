import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { TestSmtp } from '../../test-support/smtp.js';

describe('conversation rules from the settings', () => {
  let p: TestParley;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await TestSmtp.start();
    p = await startTestParley({ env: { SMTP_URL: smtp.url }, settings: byHand });
  });
  afterAll(async () => {
    await p.stop();
    await smtp.close();
  });

  async function openChat(opts: { departmentId?: string } = {}) {
    const agent = await p.onlineAgent({ ...(opts.departmentId ? { departmentIds: [opts.departmentId] } : {}) });
    const v = await p.visitor(opts.departmentId ? { departmentId: opts.departmentId } : {});
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'hello' })).body;
    await agent.api.post(`/api/v1/conversations/${conversation.id}/take`);
    return { agent, v, id: conversation.id as string };
  }

  it('requires a closing comment when general.requireCloseComment is on', async () => {
    const admin = await p.admin();
    await admin.patch('/api/v1/settings', { 'general.requireCloseComment': true });
    const { agent, id } = await openChat();
    const refused = await agent.api.post(`/api/v1/conversations/${id}/close`, {});
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'conversation.comment-required', field: 'body.comment' });
    const ok = await agent.api.post(`/api/v1/conversations/${id}/close`, { comment: 'Solved by a refund' });
    expect(ok.body).toMatchObject({
      status: 'closed',
      closeComment: 'Solved by a refund',
      closedBy: { type: 'agent' },
    });
    await admin.patch('/api/v1/settings', { 'general.requireCloseComment': false });
    await agent.ws.close();
  });

  it("enforces the department's closing tags", async () => {
    const admin = await p.admin();
    const dept = (
      await admin.post('/api/v1/departments', {
        name: 'Billing',
        requestTagBeforeClosing: true,
        closingTags: ['refund', 'invoice'],
      })
    ).body;
    const { agent, id } = await openChat({ departmentId: dept.id });
    const refused = await agent.api.post(`/api/v1/conversations/${id}/close`, { tags: ['other'] });
    expect(refused.body).toMatchObject({ code: 'conversation.tags-required', field: 'body.tags' });
    const ok = await agent.api.post(`/api/v1/conversations/${id}/close`, { tags: ['refund'] });
    expect(ok.body.tags).toEqual(['refund']);
    await agent.ws.close();
  });

  it('limits visitor message length when the limit is on', async () => {
    const admin = await p.admin();
    await admin.patch('/api/v1/settings', { 'livechat.messageLimit.enabled': true, 'livechat.messageLimit.max': 10 });
    const v = await p.visitor();
    const start = await v.api.post('/api/v1/widget/conversations', { text: 'this is far too long' });
    expect(start.status).toBe(400);
    expect(start.body).toMatchObject({ code: 'message.too-long', field: 'body.text' });
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', {})).body;
    expect(
      (await v.api.post(`/api/v1/widget/conversations/${conversation.id}/messages`, { text: '0123456789' })).status,
    ).toBe(201);
    expect(
      (await v.api.post(`/api/v1/widget/conversations/${conversation.id}/messages`, { text: '01234567890' })).status,
    ).toBe(400);
    await admin.patch('/api/v1/settings', { 'livechat.messageLimit.enabled': false });
    expect(
      (await v.api.post(`/api/v1/widget/conversations/${conversation.id}/messages`, { text: '01234567890' })).status,
    ).toBe(201);
  });

  it('hides the chosen system messages and the agent identity from the visitor, not from staff', async () => {
    const admin = await p.admin();
    await admin.patch('/api/v1/settings', {
      'livechat.hideSystemMessages': ['user-join', 'conversation-started'],
      'livechat.showAgentInfo': false,
    });
    const { agent, v, id } = await openChat();
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'hi there' });
    const seen = (await v.api.get(`/api/v1/widget/conversations/${id}/messages`)).body.items;
    expect(seen.map((m: any) => m.systemType).filter(Boolean)).toEqual([]);
    const reply = seen.find((m: any) => m.text === 'hi there');
    expect(reply.author).toEqual({ type: 'agent', id: null, name: null });
    const view = (await v.api.get(`/api/v1/widget/conversations/${id}`)).body;
    expect(view.agent).toBeNull();
    const staff = (await admin.get(`/api/v1/conversations/${id}/messages`)).body.items;
    expect(staff.map((m: any) => m.systemType).filter(Boolean)).toEqual(['conversation-started', 'user-join']);
    await admin.patch('/api/v1/settings', {
      'livechat.hideSystemMessages': [],
      'livechat.showAgentInfo': true,
      'livechat.showAgentEmail': false,
    });
    const named = (await v.api.get(`/api/v1/widget/conversations/${id}`)).body.agent;
    expect(named.name).toMatch(/agent/);
    expect(named.email).toBeUndefined();
    await admin.patch('/api/v1/settings', { 'livechat.showAgentEmail': true });
    await agent.ws.close();
  });

  it('pushes the metrics live when the agent answers', async () => {
    const { agent, v, id } = await openChat();
    agent.ws.send({ type: 'subscribe', topic: 'my-conversations' });
    await agent.ws.next((f) => f.type === 'subscribed');
    p.fakeClock!.advance(30_000);
    await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text: 'are you there?' });
    p.fakeClock!.advance(12_000);
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'yes!' });
    const update = await agent.ws.next(
      (f) =>
        f.type === 'conversation.updated' && f.conversation.id === id && f.conversation.metrics.responseCount === 1,
    );
    // 'hello' was written before the agent had the chat: response time counts from the assignment.
    expect((update as any).conversation.metrics).toMatchObject({
      firstResponseSeconds: 42,
      reactionSeconds: 42,
      averageResponseSeconds: 42,
    });
    await agent.ws.close();
  });

  it('places on hold only as the settings allow, and a visitor message resumes it', async () => {
    const admin = await p.admin();
    const { agent, v, id } = await openChat();
    expect((await agent.api.post(`/api/v1/conversations/${id}/hold`)).body.code).toBe(
      'conversation.on-hold-not-allowed',
    );
    await admin.patch('/api/v1/settings', { 'sessions.onHold.allowManual': true });
    expect((await agent.api.post(`/api/v1/conversations/${id}/hold`)).body.code).toBe(
      'conversation.on-hold-needs-agent-message',
    );
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'let me check' });
    expect((await agent.api.post(`/api/v1/conversations/${id}/hold`)).body.status).toBe('on-hold');
    await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text: 'any news?' });
    await expect.poll(async () => (await agent.api.get(`/api/v1/conversations/${id}`)).body.status).toBe('open');
    // The visitor wrote last: refused while engagement is required, allowed once it is not (#96).
    expect((await agent.api.post(`/api/v1/conversations/${id}/hold`)).body.code).toBe(
      'conversation.on-hold-needs-agent-message',
    );
    await admin.patch('/api/v1/settings', { 'sessions.onHold.onlyAfterAgentEngagement': false });
    expect((await agent.api.post(`/api/v1/conversations/${id}/hold`)).body.status).toBe('on-hold');
    await admin.patch('/api/v1/settings', { 'sessions.onHold.onlyAfterAgentEngagement': true });
    await agent.ws.close();
  });

  it('validates visitor custom fields and stores HTTP headers only when allowed', async () => {
    const admin = await p.admin();
    await admin.post('/api/v1/custom-fields', {
      id: 'plan',
      label: 'Plan',
      scope: 'visitor',
      type: 'select',
      options: ['free', 'pro'],
    });
    await admin.post('/api/v1/custom-fields', { id: 'internal', label: 'Internal', scope: 'visitor', visible: false });
    const bad = await p.api.post('/api/v1/widget/visitors', { customFields: { plan: 'gold' } });
    expect(bad.body).toMatchObject({ code: 'custom-field.invalid', field: 'body.customFields.plan' });
    const hidden = await p.api.post('/api/v1/widget/visitors', { customFields: { internal: 'x' } });
    expect(hidden.body).toMatchObject({ code: 'custom-field.invalid', field: 'body.customFields.internal' });
    const ok = await p.api.post(
      '/api/v1/widget/visitors',
      { customFields: { plan: 'pro' } },
      { 'user-agent': 'UA-Test', referer: 'https://shop.example/x' },
    );
    expect(ok.body.visitor.customFields).toEqual({ plan: 'pro' });
    let row = await p.db.kysely
      .selectFrom('channel_identities')
      .selectAll()
      .where('id', '=', ok.body.visitor.id)
      .executeTakeFirstOrThrow();
    expect([row.ip, row.user_agent, row.referrer]).toEqual([null, null, null]);
    await admin.patch('/api/v1/settings', { 'gdpr.collectHttpHeaders': true });
    const withHeaders = await p.api.post('/api/v1/widget/visitors', {}, { 'user-agent': 'UA-Test' });
    row = await p.db.kysely
      .selectFrom('channel_identities')
      .selectAll()
      .where('id', '=', withHeaders.body.visitor.id)
      .executeTakeFirstOrThrow();
    expect(row.user_agent).toBe('UA-Test');
    expect(row.ip).toBeTruthy();
    await admin.patch('/api/v1/settings', { 'gdpr.collectHttpHeaders': false });
  });

  it('refuses to start a chat without consent when consent is forced', async () => {
    const admin = await p.admin();
    const earlier = await p.visitor();
    await admin.patch('/api/v1/settings', { 'gdpr.forceConsent': true, 'gdpr.consentText': 'We store your messages.' });
    expect((await p.api.post('/api/v1/widget/visitors', { name: 'x' })).body.code).toBe('consent.required');
    expect((await earlier.api.post('/api/v1/widget/conversations', {})).body.code).toBe('consent.required');
    await earlier.api.patch('/api/v1/widget/visitor', { consent: true });
    expect((await earlier.api.post('/api/v1/widget/conversations', {})).status).toBe(201);
    const consented = await p.api.post('/api/v1/widget/visitors', { consent: true });
    expect(consented.body.visitor.consentAt).toBeTruthy();
    await admin.patch('/api/v1/settings', { 'gdpr.forceConsent': false });
  });

  it('deletes departments only when department removal is enabled', async () => {
    const admin = await p.admin();
    const dept = (await admin.post('/api/v1/departments', { name: 'Temporary' })).body;
    expect((await admin.delete(`/api/v1/departments/${dept.id}`)).body.code).toBe('department.removal-disabled');
    expect((await admin.post(`/api/v1/departments/${dept.id}/archive`, {})).body.archived).toBe(true);
    await admin.patch('/api/v1/settings', { 'general.departmentRemoval': true });
    expect((await admin.delete(`/api/v1/departments/${dept.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/departments/${dept.id}`)).status).toBe(404);
  });

  it('stores offline messages and emails them over SMTP', async () => {
    const admin = await p.admin();
    await admin.patch('/api/v1/settings', { 'livechat.offline.email': 'inbox@example.test' });
    const bad = await p.api.post('/api/v1/widget/offline-messages', {
      name: 'Olga',
      email: 'nope',
      message: 'Call me',
    });
    expect(bad.body).toMatchObject({ code: 'email.invalid', field: 'body.email' });
    const res = await p.api.post('/api/v1/widget/offline-messages', {
      name: 'Olga',
      email: 'olga@example.test',
      message: 'Please call me back',
    });
    expect(res.status).toBe(201);
    await p.settle();
    const mail = await smtp.next((m) => m.to.includes('inbox@example.test'));
    expect(mail.raw).toContain('Please call me back');
    expect(mail.raw).toMatch(/Reply-To: olga@example.test/i);
    const list = await admin.get('/api/v1/offline-messages');
    expect(list.body.items[0]).toMatchObject({ name: 'Olga', message: 'Please call me back' });
  });

  it('emails the transcript the visitor asked for once the chat is closed', async () => {
    const admin = await p.admin();
    await admin.patch('/api/v1/settings', { 'general.transcript.ask': true });
    const { agent, v, id } = await openChat();
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'Your refund is on its way' });
    expect(
      (await v.api.post(`/api/v1/widget/conversations/${id}/transcript`, { email: 'vera@example.test' })).status,
    ).toBe(202);
    await v.api.post(`/api/v1/widget/conversations/${id}/close`);
    await expect
      .poll(async () => (await p.jobs.runDue()) + smtp.mails.filter((m) => m.to.includes('vera@example.test')).length)
      .toBeGreaterThan(0);
    const mail = await smtp.next((m) => m.to.includes('vera@example.test'));
    expect(mail.raw).toContain('Your refund is on its way');
    await agent.ws.close();
  });

  it('lets staff request a transcript for the visitor, and read the visitor with their contact', async () => {
    const { agent, v, id } = await openChat();
    await v.api.patch('/api/v1/widget/visitor', { name: 'Tess', email: 'tess@example.test' });
    await v.api.post('/api/v1/widget/page-views', { url: 'https://shop.example/cart', title: 'Cart' });
    const details = await agent.api.get(`/api/v1/visitors/${v.visitorId}`);
    expect(details.body).toMatchObject({
      visitor: { name: 'Tess', email: 'tess@example.test' },
      contact: { emails: ['tess@example.test'] },
      pageViews: [{ url: 'https://shop.example/cart', title: 'Cart' }],
    });
    expect(
      (await agent.api.post(`/api/v1/conversations/${id}/transcript`, { email: 'tess@example.test' })).status,
    ).toBe(202);
    await agent.api.post(`/api/v1/conversations/${id}/close`, {});
    await p.settle();
    const mail = await smtp.next((m) => m.to.includes('tess@example.test'));
    expect(mail.raw).toContain('hello');
    await agent.ws.close();
  });

  it('shows agents the settings their workspace follows, and the queue preview live', async () => {
    const { api, cookie } = await p.onlineAgent();
    const ws = (await api.get('/api/v1/settings/workspace')).body.settings;
    expect(ws).toMatchObject({ 'routing.method': 'manual', 'general.continuousSound': false });
    expect(ws).not.toHaveProperty('crm.secretToken');
    const { WsClient } = await import('../../test-support/ws-client.js');
    const watcher = await WsClient.connect(await p.baseUrl(), { cookie });
    watcher.send({ type: 'subscribe', topic: 'queue' });
    await watcher.next((f) => f.type === 'subscribed');
    const v = await p.visitor();
    await v.api.post('/api/v1/widget/conversations', { text: 'first words' });
    await watcher.next((f) => f.type === 'conversation.updated' && f.conversation.lastMessagePreview === 'first words');
    await watcher.close();
  });

  it('rate-limits a visitor who floods the API', async () => {
    const q = await startTestParley({ env: { WIDGET_RATE_PER_MINUTE: '6' }, settings: byHand });
    try {
      const v = await q.visitor();
      const { conversation } = (await v.api.post('/api/v1/widget/conversations', {})).body;
      const codes: number[] = [];
      for (let i = 0; i < 20; i++)
        codes.push(
          (await v.api.post(`/api/v1/widget/conversations/${conversation.id}/messages`, { text: `m${i}` })).status,
        );
      expect(codes).toContain(429);
      expect(codes.indexOf(429)).toBeGreaterThan(0);
    } finally {
      await q.stop();
    }
  });
});
