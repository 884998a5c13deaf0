import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WebhookReceiver } from '../../test-support/webhook-receiver.js';

const allOn = {
  'crm.on.chatStart': true,
  'crm.on.chatClose': true,
  'crm.on.chatTaken': true,
  'crm.on.chatQueued': true,
  'crm.on.forward': true,
  'crm.on.offlineMessage': true,
  'crm.on.visitorMessage': true,
  'crm.on.agentMessage': true,
  'crm.on.navigationHistory': true,
  'crm.on.leadCapture': true,
};
const allOff = Object.fromEntries(Object.keys(allOn).map((k) => [k, false]));
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0';

/**
 * The CRM webhooks (issue 15) at a real HTTP receiver: which event sends which reference body
 * (../shared/reference/rc-webhooks.md), the headers, the switches, further endpoints, the delivery log,
 * Redeliver and Send test.
 */
describe('CRM webhooks', () => {
  let p: TestParley;
  let rx: WebhookReceiver;
  beforeAll(async () => {
    rx = await WebhookReceiver.start();
    p = await startTestParley({
      settings: {
        ...byHand,
        ...allOn,
        'crm.webhookUrl': rx.url,
        'crm.secretToken': 's3cret',
        'livechat.navigation.asMessage': true,
        'gdpr.collectHttpHeaders': true,
      },
    });
  });
  afterAll(async () => {
    await p.stop();
    await rx.stop();
  });
  afterEach(async () => {
    const admin = await p.admin();
    await admin.patch('/api/v1/settings', { ...allOn, 'crm.webhookUrl': rx.url });
    rx.answer = () => ({ status: 200 });
    rx.clear();
  });

  async function visitor(name = 'Ada Visitor', departmentId?: string) {
    const res = await p.api
      .as({ 'user-agent': FIREFOX })
      .post('/api/v1/widget/visitors', { name, email: 'ada@example.com', ...(departmentId ? { departmentId } : {}) });
    expect(res.status).toBe(201);
    return { api: p.api.as({ 'x-parley-visitor-token': res.body.token }), id: res.body.visitor.id as string };
  }

  it('a whole chat posts each event once, in order, in the reference shape, signed', async () => {
    const admin = await p.admin();
    const sales = (await admin.post('/api/v1/departments', { name: 'Sales' })).body;
    const support = (await admin.post('/api/v1/departments', { name: 'Support' })).body;
    const alice = await p.onlineAgent({ departmentIds: [sales.id], name: 'Alice Agent' });
    const bob = await p.onlineAgent({ departmentIds: [sales.id], name: 'Bob Agent' });
    const carol = await p.onlineAgent({ departmentIds: [support.id], name: 'Carol Agent' });
    const v = await visitor('Ada Visitor', sales.id);

    const started = await v.api.post('/api/v1/widget/conversations', { text: 'Hello, I need help', clientId: 'c1' });
    const id: string = started.body.conversation.id;
    await v.api.post('/api/v1/widget/page-views', { url: 'https://shop.example.com/pricing', title: 'Pricing' });
    await alice.api.post(`/api/v1/conversations/${id}/take`);
    await alice.api.post(`/api/v1/conversations/${id}/messages`, { text: 'Hi Ada, sure.', clientId: 'a1' });
    const note = await alice.api.post(`/api/v1/conversations/${id}/notes`, { text: 'internal: VIP customer' });
    expect(note.status).toBe(201);
    await alice.api.post(`/api/v1/conversations/${id}/transfer`, { agentId: bob.userId, comment: 'yours' });
    await bob.api.post(`/api/v1/conversations/${id}/transfer`, { departmentId: support.id });
    await carol.api.post(`/api/v1/conversations/${id}/take`);
    const closed = await carol.api.post(`/api/v1/conversations/${id}/close`, { comment: 'Solved, thanks' });
    expect(closed.status).toBe(200);
    await p.settle();

    const kinds = rx.received.map((r) =>
      r.body.type === 'Message'
        ? `Message:${r.body.messages[0].closingMessage ? 'close' : r.body.messages[0].msg}`
        : r.body.type,
    );
    expect(kinds).toEqual([
      'LivechatSessionStart',
      'LivechatSessionQueued',
      'Message:Hello, I need help',
      'Message:Pricing - https://shop.example.com/pricing',
      'LivechatSessionTaken',
      'Message:Hi Ada, sure.',
      'LivechatSessionForwarded',
      // Back in a queue (the transfer's transaction queues it, then records the transfer).
      'LivechatSessionQueued',
      'LivechatSessionForwarded',
      'LivechatSessionTaken',
      'Message:close',
      'LivechatSession',
    ]);

    // Internal notes never leave Parley.
    expect(rx.received.map((r) => r.raw).join('')).not.toContain('VIP customer');

    // Headers: the reference's token header and Parley's, a verifiable signature, a distinct delivery id each.
    for (const r of rx.received) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-rocketchat-livechat-token']).toBe('s3cret');
      expect(r.headers['x-parley-livechat-token']).toBe('s3cret');
      const ts = String(r.headers['x-parley-timestamp']);
      const mac = createHmac('sha256', 's3cret').update(`${ts}.${r.raw}`).digest('hex');
      expect(r.headers['x-parley-signature']).toBe(`sha256=${mac}`);
    }
    expect(new Set(rx.received.map((r) => r.headers['x-parley-delivery'])).size).toBe(rx.received.length);

    const [start] = rx.ofType('LivechatSessionStart');
    expect(start).toMatchObject({
      _id: id,
      label: 'Ada Visitor',
      departmentId: sales.id,
      tags: [],
      customFields: {},
      visitor: {
        _id: v.id,
        token: v.id,
        name: 'Ada Visitor',
        department: sales.id,
        os: 'Linux',
        browser: 'Firefox 120.0',
        email: [{ address: 'ada@example.com' }],
      },
    });
    expect(typeof start.visitor.username).toBe('string');
    expect(typeof start.createdAt).toBe('string');
    expect(Array.isArray(start.messages)).toBe(true);

    const [visitorMsg, nav, agentMsg, closing] = rx.ofType('Message');
    expect(visitorMsg.messages).toEqual([
      expect.objectContaining({
        msg: 'Hello, I need help',
        rid: id,
        username: start.visitor.username,
        u: { _id: v.id, username: start.visitor.username, name: 'Ada Visitor' },
      }),
    ]);
    expect(visitorMsg.messages[0].agentId).toBeUndefined();
    expect(nav.messages[0]).toMatchObject({
      msg: 'Pricing - https://shop.example.com/pricing',
      navigation: { page: { change: 'url', title: 'Pricing', location: { href: 'https://shop.example.com/pricing' } } },
    });
    expect(agentMsg.messages[0]).toMatchObject({
      msg: 'Hi Ada, sure.',
      agentId: alice.userId,
      u: { name: 'Alice Agent' },
    });
    expect(agentMsg.agent).toMatchObject({ _id: alice.userId, name: 'Alice Agent' });
    expect(closing.messages[0]).toMatchObject({ closingMessage: true, msg: 'Solved, thanks', agentId: carol.userId });

    const [taken] = rx.ofType('LivechatSessionTaken');
    expect(taken).toMatchObject({
      departmentId: sales.id,
      agent: { _id: alice.userId, name: 'Alice Agent' },
      servedBy: { _id: alice.userId },
    });
    expect(typeof taken.agent.username).toBe('string');
    expect(typeof taken.agent.email).toBe('string');

    const [toBob, toSupport] = rx.ofType('LivechatSessionForwarded');
    expect(toBob).toMatchObject({
      departmentId: sales.id,
      servedBy: { _id: bob.userId },
      oldServedBy: { _id: alice.userId },
      agent: { _id: bob.userId },
    });
    expect(toBob.oldDepartmentId).toBeUndefined();
    expect(toSupport).toMatchObject({
      departmentId: support.id,
      oldDepartmentId: sales.id,
      oldServedBy: { _id: bob.userId },
    });

    const [session] = rx.ofType('LivechatSession');
    expect(session).toMatchObject({
      _id: id,
      departmentId: support.id,
      servedBy: { _id: carol.userId },
      closedBy: { _id: carol.userId },
      closer: 'user',
      agent: { _id: carol.userId },
    });
    expect(typeof session.closedAt).toBe('string');
    // Every visible message: the chat, the page view (the navigation switch is on), the close last.
    expect(session.messages.map((m: any) => m.msg ?? null)).toEqual([
      'Hello, I need help',
      'Pricing - https://shop.example.com/pricing',
      'Hi Ada, sure.',
      'Solved, thanks',
    ]);
    expect(session.messages.at(-1).closingMessage).toBe(true);
    // System messages other than the close and page views never travel.
    expect(JSON.stringify(session.messages)).not.toMatch(/conversation-transferred|user-join/);
  });

  it('sends nothing with every switch off or without a URL, and only what a switch turns on', async () => {
    const admin = await p.admin();
    await admin.patch('/api/v1/settings', allOff);
    const agent = await p.onlineAgent({ name: 'Quiet Agent' });
    const v = await visitor('Quiet Visitor');
    const id = (await v.api.post('/api/v1/widget/conversations', { text: 'psst', clientId: 'q1' })).body.conversation
      .id;
    await agent.api.post(`/api/v1/conversations/${id}/take`);
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'hello', clientId: 'q2' });
    await agent.api.post(`/api/v1/conversations/${id}/close`, {});
    await p.api.post('/api/v1/widget/offline-messages', { name: 'N', email: 'n@example.com', message: 'later' });
    await p.settle();
    expect(rx.received).toEqual([]);

    // Only the close switch: only the session body.
    await admin.patch('/api/v1/settings', { 'crm.on.chatClose': true });
    const id2 = (await v.api.post('/api/v1/widget/conversations', { text: 'again', clientId: 'q3' })).body.conversation
      .id;
    await agent.api.post(`/api/v1/conversations/${id2}/take`);
    await agent.api.post(`/api/v1/conversations/${id2}/close`, {});
    await p.settle();
    expect(rx.received.map((r) => r.body.type)).toEqual(['LivechatSession']);

    // Every switch on but no URL: nothing.
    rx.clear();
    await admin.patch('/api/v1/settings', { ...allOn, 'crm.webhookUrl': '' });
    await v.api.post('/api/v1/widget/conversations', { text: 'third', clientId: 'q4' });
    await p.settle();
    expect(rx.received).toEqual([]);
    const log = await admin.get('/api/v1/webhooks/deliveries?limit=200');
    expect(log.body.items.filter((d: any) => d.conversationId === id)).toEqual([]);
  });

  it('each crm.on.* switch alone sends its own event and nothing else', async () => {
    const admin = await p.admin();
    const a = await p.onlineAgent({ name: 'Switch Agent A' });
    const b = await p.onlineAgent({ name: 'Switch Agent B' });
    const expected: Record<string, string[]> = {
      'crm.on.chatStart': ['LivechatSessionStart'],
      'crm.on.chatQueued': ['LivechatSessionQueued'],
      'crm.on.chatTaken': ['LivechatSessionTaken'],
      'crm.on.forward': ['LivechatSessionForwarded'],
      'crm.on.chatClose': ['LivechatSession'],
      'crm.on.visitorMessage': ['Message:visitor', 'Message:visitor'],
      'crm.on.agentMessage': ['Message:agent', 'Message:close'],
      'crm.on.navigationHistory': ['Message:page'],
      'crm.on.leadCapture': ['LeadCapture'],
      'crm.on.offlineMessage': ['LivechatOfflineMessage'],
    };
    for (const [key, types] of Object.entries(expected)) {
      rx.clear();
      await admin.patch('/api/v1/settings', { ...allOff, [key]: true });
      const v = await visitor('Switch Visitor');
      const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hello', clientId: `${key}-1` })).body
        .conversation.id;
      await v.api.post('/api/v1/widget/page-views', { url: 'https://shop.example.com/', title: 'Shop' });
      await v.api.post(`/api/v1/widget/conversations/${id}/messages`, {
        text: `reach me at ${key.replace(/\W/g, '')}@example.net`,
        clientId: `${key}-2`,
      });
      await a.api.post(`/api/v1/conversations/${id}/take`);
      await a.api.post(`/api/v1/conversations/${id}/messages`, { text: 'on it', clientId: `${key}-3` });
      await a.api.post(`/api/v1/conversations/${id}/transfer`, { agentId: b.userId });
      await b.api.post(`/api/v1/conversations/${id}/close`, { comment: 'done' });
      // The offline form allows 10 a minute per address: posted for its own switch and one other.
      if (key === 'crm.on.offlineMessage' || key === 'crm.on.chatStart')
        await p.api.post('/api/v1/widget/offline-messages', { name: 'Off', email: 'off@example.com', message: 'x' });
      await p.settle();
      const got = rx.received.map((r) => {
        if (r.body.type !== 'Message') return r.body.type;
        const m = r.body.messages[0];
        if (m.closingMessage) return 'Message:close';
        if (m.navigation) return 'Message:page';
        return m.agentId ? 'Message:agent' : 'Message:visitor';
      });
      expect(got, key).toEqual(types);
    }
  });

  it('posts LeadCapture once per message that taught the contact something, with the values in visitor', async () => {
    const admin = await p.admin();
    await admin.patch('/api/v1/settings', { ...allOff, 'crm.on.leadCapture': true });
    const v = await visitor('Lead Visitor');
    const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hi there', clientId: 'l1' })).body
      .conversation.id;
    await v.api.post(`/api/v1/widget/conversations/${id}/messages`, {
      text: 'write to lead@example.org',
      clientId: 'l2',
    });
    await v.api.post(`/api/v1/widget/conversations/${id}/messages`, {
      text: 'again: lead@example.org',
      clientId: 'l3',
    });
    await p.settle();
    expect(rx.received.map((r) => r.body.type)).toEqual(['LeadCapture']);
    const body = rx.received[0]!.body;
    expect(body).toMatchObject({ _id: id, messages: [] });
    expect(body.visitor.email).toEqual(expect.arrayContaining([{ address: 'lead@example.org' }]));
  });

  it('posts an offline message in its own small body', async () => {
    const res = await p.api.post('/api/v1/widget/offline-messages', {
      name: 'Night Owl',
      email: 'owl@example.com',
      message: 'Are you open on Sunday?',
    });
    expect(res.status).toBe(201);
    await p.settle();
    expect(rx.received).toHaveLength(1);
    const body = rx.received[0]!.body;
    expect(Object.keys(body).sort()).toEqual(['message', 'sentAt', 'type', 'visitor']);
    expect(body).toMatchObject({
      type: 'LivechatOfflineMessage',
      visitor: { name: 'Night Owl', email: 'owl@example.com' },
      message: 'Are you open on Sunday?',
    });
    expect(new Date(body.sentAt).toISOString()).toBe(body.sentAt);
  });

  it("keeps what the CRM answered and sends it back as crmData on the conversation's later events", async () => {
    rx.answer = (r) => ({ status: 200, body: r.body?.type === 'LivechatSessionStart' ? '{"leadId":"L-42"}' : '' });
    const v = await visitor('Crm Visitor');
    const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hi', clientId: 'k1' })).body.conversation.id;
    await p.settle();
    await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text: 'more', clientId: 'k2' });
    await p.settle();
    const later = rx.ofType('Message').at(-1);
    expect(later.crmData).toBe('{"leadId":"L-42"}');
    expect(rx.ofType('LivechatSessionStart')[0].crmData).toBeUndefined();
  });

  it('further endpoints get the events they subscribe to, with their own secret; admins only, validated', async () => {
    const admin = await p.admin();
    await admin.patch('/api/v1/settings', { 'crm.webhookUrl': '' });
    const other = await WebhookReceiver.start();
    try {
      const bad = [
        { name: 'x', url: 'ftp://example.com', events: ['chatClose'] },
        { name: 'x', url: other.url, events: [] },
        { name: 'x', url: other.url, events: ['nope'] },
        { name: '', url: other.url, events: ['chatClose'] },
        { name: 'x', url: 'http://user:pw@example.com/', events: ['chatClose'] },
      ];
      for (const b of bad) {
        const r = await admin.post('/api/v1/webhooks/endpoints', b);
        expect(r.status, JSON.stringify(b)).toBe(400);
        expect(JSON.stringify(r.body)).toMatch(/body\./);
      }
      const agent = await p.onlineAgent({ name: 'Endpoint Agent' });
      expect((await agent.api.get('/api/v1/webhooks/endpoints')).status).toBe(403);
      expect(
        (await agent.api.post('/api/v1/webhooks/endpoints', { name: 'x', url: other.url, events: ['chatClose'] }))
          .status,
      ).toBe(403);

      const created = await admin.post('/api/v1/webhooks/endpoints', {
        name: 'Data warehouse',
        url: other.url,
        secret: 'other-secret',
        events: ['chatClose'],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'Data warehouse',
        hasSecret: true,
        enabled: true,
        events: ['chatClose'],
      });
      expect(JSON.stringify(created.body)).not.toContain('other-secret');

      const v = await visitor('Endpoint Visitor');
      const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hi', clientId: 'e1' })).body.conversation
        .id;
      await agent.api.post(`/api/v1/conversations/${id}/take`);
      await agent.api.post(`/api/v1/conversations/${id}/close`, {});
      await p.settle();
      expect(rx.received).toEqual([]);
      expect(other.received.map((r) => r.body.type)).toEqual(['LivechatSession']);
      const h = other.received[0]!.headers;
      expect(h['x-parley-livechat-token']).toBe('other-secret');
      const mac = createHmac('sha256', 'other-secret').update(`${h['x-parley-timestamp']}.${other.received[0]!.raw}`);
      expect(h['x-parley-signature']).toBe(`sha256=${mac.digest('hex')}`);

      // Disabled: nothing more.
      expect((await admin.patch(`/api/v1/webhooks/endpoints/${created.body.id}`, { enabled: false })).status).toBe(200);
      const id2 = (await v.api.post('/api/v1/widget/conversations', { text: 'again', clientId: 'e2' })).body
        .conversation.id;
      await agent.api.post(`/api/v1/conversations/${id2}/take`);
      await agent.api.post(`/api/v1/conversations/${id2}/close`, {});
      await p.settle();
      expect(other.received).toHaveLength(1);
      expect((await admin.delete(`/api/v1/webhooks/endpoints/${created.body.id}`)).status).toBe(204);
      expect((await admin.delete(`/api/v1/webhooks/endpoints/${created.body.id}`)).status).toBe(404);
    } finally {
      await other.stop();
    }
  });

  it('logs every attempt; Redeliver sends a finished delivery again; Send test shows the answer', async () => {
    const admin = await p.admin();
    rx.answer = () => ({ status: 503, body: 'down for maintenance' });
    await p.api.post('/api/v1/widget/offline-messages', { name: 'Log', email: 'log@example.com', message: 'm' });
    await p.settle();
    const page = await admin.get('/api/v1/webhooks/deliveries?event=offlineMessage&limit=1');
    expect(page.status).toBe(200);
    const d = page.body.items[0];
    expect(d).toMatchObject({
      endpointId: 'crm',
      event: 'offlineMessage',
      type: 'LivechatOfflineMessage',
      status: 'pending',
      attempts: 1,
      lastStatus: 503,
    });
    const detail = await admin.get(`/api/v1/webhooks/deliveries/${d.id}`);
    expect(detail.body.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, status: 503, response: 'down for maintenance', url: rx.url }),
    ]);
    expect(JSON.parse(detail.body.body)).toMatchObject({ type: 'LivechatOfflineMessage' });
    expect((await admin.post(`/api/v1/webhooks/deliveries/${d.id}/redeliver`)).status).toBe(409);

    // It recovers on a retry; then Redeliver sends the same body under a new delivery id.
    rx.answer = () => ({ status: 200, body: 'ok' });
    p.fakeClock!.advance(10_000);
    await p.settle();
    const done = await admin.get(`/api/v1/webhooks/deliveries/${d.id}`);
    expect(done.body).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(done.body.attemptLog.map((a: any) => a.status)).toEqual([503, 200]);
    const again = await admin.post(`/api/v1/webhooks/deliveries/${d.id}/redeliver`);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ redeliveryOf: d.id, status: 'pending' });
    await p.settle();
    const bodies = rx.received.map((r) => r.raw);
    expect(bodies.at(-1)).toBe(detail.body.body);
    expect(rx.received.at(-1)!.headers['x-parley-delivery']).toBe(again.body.id);

    const filtered = await admin.get('/api/v1/webhooks/deliveries?status=delivered&event=offlineMessage&limit=200');
    expect(filtered.body.items.every((x: any) => x.status === 'delivered' && x.event === 'offlineMessage')).toBe(true);
    expect((await admin.get('/api/v1/webhooks/deliveries?status=bogus')).status).toBe(400);
    expect((await admin.get('/api/v1/webhooks/deliveries/not-a-uuid')).status).toBe(400);
    expect(
      (await admin.get(`/api/v1/webhooks/deliveries/${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}`)).status,
    ).toBe(404);

    // Send test: a sample session, the answer shown.
    rx.clear();
    rx.answer = () => ({ status: 200, body: 'thanks!' });
    const test = await admin.post('/api/v1/webhooks/test', {});
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ ok: true, status: 200, response: 'thanks!', error: null });
    expect(rx.received[0]!.body).toMatchObject({ type: 'LivechatSession', messages: expect.any(Array) });
    rx.answer = () => ({ status: 500, body: 'boom' });
    expect((await admin.post('/api/v1/webhooks/test', {})).body).toMatchObject({
      ok: false,
      status: 500,
      response: 'boom',
    });
    await admin.patch('/api/v1/settings', { 'crm.webhookUrl': '' });
    const noUrl = await admin.post('/api/v1/webhooks/test', {});
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.code).toBe('webhook.no-url');
    const agent = await p.staff(['agent']);
    expect((await agent.api.post('/api/v1/webhooks/test', {})).status).toBe(403);
    expect((await agent.api.get('/api/v1/webhooks/deliveries')).status).toBe(403);
  });
});
