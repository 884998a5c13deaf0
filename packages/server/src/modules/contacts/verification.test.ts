import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Api } from '../../test-support/api.js';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { TestSmtp, type ReceivedMail } from '../../test-support/smtp.js';
import { WsClient } from '../../test-support/ws-client.js';
import { CODE_MAX_ATTEMPTS, CODE_TTL_MS, CODES_PER_IP_HOUR, CODES_PER_VISITOR_HOUR } from './verification.service.js';

const SECRET = 'host-site-secret-for-tests';
const sign = (userId: string, secret = SECRET) => createHmac('sha256', secret).update(userId).digest('hex');
const signed = (userId: string) => ({ 'x-parley-user-id': userId, 'x-parley-user-hash': sign(userId) });

/** Issue 16 items 7–8: signed identity, emailed codes, and one person, one contact. */
describe('identity verification', () => {
  let p: TestParley;
  let smtp: TestSmtp;
  let admin: Api;
  let agent: Api;
  let ipN = 0;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    p = await startTestParley({
      env: { SMTP_URL: smtp.url, TRUST_PROXY: 'true' },
      settings: { ...byHand, 'livechat.identity.secret': SECRET },
    });
    admin = await p.admin();
    agent = (await p.staff(['agent'])).api;
  });
  afterAll(async () => {
    await p.stop();
    await smtp.close();
  });
  beforeEach(async () => {
    // Each test starts past the previous one's hourly code limits, from an address of its own.
    p.fakeClock!.advance(2 * 3_600_000);
    await setting({ 'livechat.identity.enforce': false, 'livechat.verification.emailRequired': false });
  });

  async function setting(values: Record<string, unknown>) {
    const res = await admin.patch('/api/v1/settings', values);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  }

  /** A visitor registered from an address of its own, with these headers on every call. */
  async function visitor(body: Record<string, unknown> = {}, headers: Record<string, string> = {}, ip?: string) {
    const api = p.api.as({ 'x-forwarded-for': ip ?? `198.51.100.${++ipN}`, ...headers });
    const res = await api.post('/api/v1/widget/visitors', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return {
      api: api.as({ 'x-parley-visitor-token': res.body.token }),
      id: res.body.visitor.id as string,
      token: res.body.token as string,
    };
  }

  const details = async (visitorId: string) => (await admin.get(`/api/v1/visitors/${visitorId}`)).body;

  async function startChat(v: { api: Api }, text = 'hello') {
    const res = await v.api.post('/api/v1/widget/conversations', { text });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.conversation.id as string;
  }

  const codeOf = (m: ReceivedMail) => /verification code: (\d{6})/.exec(m.raw)![1]!;
  async function emailedCode(v: { api: Api }, email?: string) {
    const before = smtp.mails.length;
    const res = await v.api.post('/api/v1/widget/verification/code', email ? { email } : {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const mail = await smtp.next((m) => smtp.mails.indexOf(m) >= before && m.to.includes(res.body.email));
    return codeOf(mail);
  }
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  describe('signed identity', () => {
    it('verifies a visitor whose host page signs their user id; staff see it', async () => {
      const v = await visitor({ name: 'Ada' }, signed('user-1001'));
      const status = (await v.api.get('/api/v1/widget/verification')).body;
      expect(status).toMatchObject({ verified: true, via: 'signed', required: false });
      const d = await details(v.id);
      expect(d.visitor.verified).toBe(true);
      expect((await agent.get(`/api/v1/visitors/${v.id}/verification`)).body).toMatchObject({
        verified: true,
        via: 'signed',
      });
      await startChat(v);
    });

    it('binds an anonymous visitor at the first call carrying a valid signature, and tells the chat', async () => {
      const v = await visitor();
      const id = await startChat(v);
      expect((await details(v.id)).visitor.verified).toBe(false);
      const res = await v.api.get('/api/v1/widget/visitor', signed('user-1002'));
      expect(res.status).toBe(200);
      expect((await details(v.id)).visitor.verified).toBe(true);
      await p.settle();
      const msgs = (await admin.get(`/api/v1/conversations/${id}/messages`)).body.items as Array<{
        systemType: string | null;
      }>;
      expect(msgs.some((m) => m.systemType === 'visitor-verified')).toBe(true);
    });

    it('refuses a bad signature on every widget route, and a registration with one', async () => {
      const bad = { 'x-parley-user-id': 'user-1003', 'x-parley-user-hash': sign('user-1003', 'not-the-secret') };
      const refusedReg = await p.api.as(bad).post('/api/v1/widget/visitors', {});
      expect(refusedReg.status).toBe(403);
      expect(refusedReg.body).toMatchObject({ code: 'identity.invalid', field: 'headers.x-parley-user-hash' });

      const v = await visitor();
      const id = await startChat(v);
      const widgetRoutes = p.routes.filter((r) => r.path.startsWith('/api/v1/widget/'));
      expect(widgetRoutes.length).toBeGreaterThan(15);
      // A body each route's schema accepts, so nothing but the identity can refuse the call.
      const bodies: Record<string, unknown> = {
        'POST /api/v1/widget/page-views': { url: 'https://shop.example/', title: 'Shop' },
        'POST /api/v1/widget/offline-messages': { name: 'X', email: 'x@example.test', message: 'hi' },
        'POST /api/v1/widget/conversations': { text: 'hi' },
        'POST /api/v1/widget/conversations/:id/messages': { text: 'hi' },
        'PATCH /api/v1/widget/conversations/:id/messages/:messageId': { text: 'hi' },
        'POST /api/v1/widget/conversations/:id/typing': { typing: true },
        'POST /api/v1/widget/conversations/:id/department': { departmentId: id },
        'POST /api/v1/widget/conversations/:id/transcript': { email: 'x@example.test' },
        'POST /api/v1/widget/verification/check': { code: '123456' },
        'POST /api/v1/widget/conversations/:id/rating': { rating: 5 },
      };
      for (const r of widgetRoutes) {
        const url = r.path.replace(':id', id).replace(':messageId', id).replace(':fileId', id);
        const body = r.method === 'GET' ? undefined : (bodies[`${r.method} ${r.path}`] ?? {});
        const res = await v.api.as(bad).request(r.method, url, body);
        expect(res.status, `${r.method} ${r.path}`).toBe(403);
        expect(res.body?.code, `${r.method} ${r.path}`).toBe('identity.invalid');
      }
      // A message with a valid body and a bad signature is refused and not written.
      const msg = await v.api.as(bad).post(`/api/v1/widget/conversations/${id}/messages`, { text: 'sneaky' });
      expect(msg.body.code).toBe('identity.invalid');
      const texts = (await admin.get(`/api/v1/conversations/${id}/messages`)).body.items.map(
        (m: { text: string }) => m.text,
      );
      expect(texts).not.toContain('sneaky');
    });

    it('a signed visitor cannot drop the identity, nor switch to another user', async () => {
      const v = await visitor({}, signed('user-1004'));
      // v.api carries the headers; a bare token is refused.
      const bare = p.api.as({ 'x-parley-visitor-token': v.token });
      for (const [method, url, body] of [
        ['GET', '/api/v1/widget/visitor', undefined],
        ['GET', '/api/v1/widget/conversations/active', undefined],
        ['POST', '/api/v1/widget/conversations', { text: 'anonymous now' }],
        ['PATCH', '/api/v1/widget/visitor', { name: 'Mallory' }],
      ] as const) {
        const res = await bare.request(method, url, body);
        expect(res.status, url).toBe(403);
        expect(res.body.code).toBe('identity.invalid');
      }
      const other = await bare.get('/api/v1/widget/visitor', signed('user-9999'));
      expect(other.body.code).toBe('identity.invalid');
      expect((await v.api.get('/api/v1/widget/visitor')).status).toBe(200);
      // The config with the token and no identity does not show the visitor either.
      expect((await bare.get('/api/v1/widget/config')).status).toBe(403);
    });

    it('the realtime socket checks it too: a signed visitor authenticates with its id and hash, not without', async () => {
      const v = await visitor({}, signed('user-1006'));
      const base = await p.baseUrl();
      const bare = await WsClient.open(base);
      bare.send({ type: 'auth', visitorToken: v.token });
      const refused = await bare.next((f) => f.type === 'error');
      expect(refused).toMatchObject({ code: 'identity.invalid' });
      expect(await bare.closed()).toBe(4403);
      const wrong = await WsClient.open(base);
      wrong.send({ type: 'auth', visitorToken: v.token, userId: 'user-1006', userHash: sign('user-1006', 'nope') });
      expect(await wrong.closed()).toBe(4403);
      const ok = await WsClient.open(base);
      ok.send({ type: 'auth', visitorToken: v.token, userId: 'user-1006', userHash: sign('user-1006') });
      await ok.next((f) => f.type === 'ready');
      await ok.close();
    });

    it('without a secret, signed identities are off: nothing is checked nor bound, a pair sent is refused', async () => {
      const v = await visitor({}, signed('user-1007'));
      await setting({ 'livechat.identity.secret': '' });
      try {
        const bare = p.api.as({ 'x-parley-visitor-token': v.token });
        expect((await bare.get('/api/v1/widget/visitor')).status).toBe(200);
        const sent = await v.api.get('/api/v1/widget/visitor');
        expect(sent.body.code).toBe('identity.invalid');
      } finally {
        await setting({ 'livechat.identity.secret': SECRET });
      }
      // Back on, the binding holds.
      const bare = p.api.as({ 'x-parley-visitor-token': v.token });
      expect((await bare.get('/api/v1/widget/visitor')).body.code).toBe('identity.invalid');
    });

    it('enforce mode refuses chats of unverified visitors; off, they work and are marked unverified', async () => {
      await setting({ 'livechat.identity.enforce': true });
      const anon = await visitor();
      const refused = await anon.api.post('/api/v1/widget/conversations', { text: 'hi' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('identity.required');
      expect((await anon.api.get('/api/v1/widget/verification')).body).toMatchObject({
        verified: false,
        required: true,
      });
      const ok = await visitor({}, signed('user-1005'));
      await startChat(ok);

      await setting({ 'livechat.identity.enforce': false });
      const id = await startChat(anon);
      expect((await details(anon.id)).visitor.verified).toBe(false);
      expect((await admin.get(`/api/v1/conversations/${id}`)).status).toBe(200);
    });
  });

  describe('email one-time code', () => {
    it('emails a code over SMTP; the right one verifies; only its hash is stored; the agent sees it live', async () => {
      const v = await visitor({ name: 'Bea', email: 'bea@example.test' });
      const id = await startChat(v);
      await admin.post(`/api/v1/conversations/${id}/take`);
      const asked = await admin.post(`/api/v1/conversations/${id}/verification-request`);
      expect(asked.status, JSON.stringify(asked.body)).toBe(200);
      await p.settle();
      const seen = (await v.api.get(`/api/v1/widget/conversations/${id}/messages`)).body.items;
      expect(seen.some((m: { systemType: string | null }) => m.systemType === 'verification-requested')).toBe(true);

      const code = await emailedCode(v);
      const rows = await p.db.q.selectFrom('verification_codes').selectAll().where('visitor_id', '=', v.id).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.code_hash).not.toContain(code);
      expect(JSON.stringify(rows)).not.toContain(code);

      const bad = await v.api.post('/api/v1/widget/verification/check', { code: wrong(code) });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'verification.code-invalid', field: 'body.code' });
      expect(bad.body.message).toContain(`${CODE_MAX_ATTEMPTS - 1} attempts left`);

      const ok = await v.api.post('/api/v1/widget/verification/check', { code });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body).toEqual({ verified: true, email: 'bea@example.test' });
      await p.settle();
      expect((await details(v.id)).visitor.verified).toBe(true);
      expect((await agent.get(`/api/v1/visitors/${v.id}/verification`)).body).toMatchObject({
        verified: true,
        via: 'email',
        email: 'bea@example.test',
      });
      const msgs = (await admin.get(`/api/v1/conversations/${id}/messages`)).body.items;
      expect(msgs.some((m: { systemType: string | null }) => m.systemType === 'visitor-verified')).toBe(true);
      // A used code is gone.
      const again = await v.api.post('/api/v1/widget/verification/check', { code });
      expect(again.body.code).toBe('verification.no-code');
    });

    it('a code expires after 10 minutes', async () => {
      const v = await visitor({ email: 'cy@example.test' });
      const code = await emailedCode(v);
      p.fakeClock!.advance(CODE_TTL_MS + 1000);
      const res = await v.api.post('/api/v1/widget/verification/check', { code });
      expect(res.status).toBe(410);
      expect(res.body.code).toBe('verification.code-expired');
      expect((await details(v.id)).visitor.verified).toBe(false);
      // A new code works.
      const fresh = await emailedCode(v);
      expect((await v.api.post('/api/v1/widget/verification/check', { code: fresh })).status).toBe(200);
    });

    it('five wrong codes spend the code: the right one is refused after them', async () => {
      const v = await visitor({ email: 'dee@example.test' });
      const code = await emailedCode(v);
      for (let i = 1; i <= CODE_MAX_ATTEMPTS; i++) {
        const res = await v.api.post('/api/v1/widget/verification/check', { code: wrong(code) });
        expect(res.body.code).toBe(
          i < CODE_MAX_ATTEMPTS ? 'verification.code-invalid' : 'verification.too-many-attempts',
        );
      }
      const late = await v.api.post('/api/v1/widget/verification/check', { code });
      expect(late.status).toBe(429);
      expect(late.body.code).toBe('verification.too-many-attempts');
      expect((await details(v.id)).visitor.verified).toBe(false);
    });

    it('codes are limited per visitor and per IP address per hour; checks are rate-limited', async () => {
      const v = await visitor({ email: 'eve@example.test' });
      for (let i = 0; i < CODES_PER_VISITOR_HOUR; i++) await emailedCode(v);
      const over = await v.api.post('/api/v1/widget/verification/code', {});
      expect(over.status).toBe(429);
      expect(over.body.code).toBe('verification.too-many-codes');
      p.fakeClock!.advance(3_600_000 + 1000);
      await emailedCode(v);

      // One address: CODES_PER_IP_HOUR codes whoever asks, then no more.
      const ip = '192.0.2.77';
      let sent = 0;
      while (sent < CODES_PER_IP_HOUR) {
        const w = await visitor({ email: `ip${sent}@example.test` }, {}, ip);
        for (let i = 0; i < 4 && sent < CODES_PER_IP_HOUR; i++, sent++) await emailedCode(w);
      }
      const another = await visitor({ email: 'late@example.test' }, {}, ip);
      const refused = await another.api.post('/api/v1/widget/verification/code', {});
      expect(refused.body.code).toBe('verification.too-many-codes');

      // Guessing fast is cut by the route's limit (30 a minute) before the code's attempts matter.
      const g = await visitor({ email: 'guess@example.test' });
      const codes: number[] = [];
      for (let i = 0; i < 31; i++)
        codes.push((await g.api.post('/api/v1/widget/verification/check', { code: '000000' })).status);
      expect(codes.at(-1)).toBe(429);
      expect((await g.api.post('/api/v1/widget/verification/check', { code: '000000' })).body.code).toBe(
        'rate.limited',
      );
    });

    it('clear errors: no email, a bad email, a malformed code', async () => {
      const v = await visitor();
      const none = await v.api.post('/api/v1/widget/verification/code', {});
      expect(none.body).toMatchObject({ code: 'verification.no-email', field: 'body.email' });
      const badEmail = await v.api.post('/api/v1/widget/verification/code', { email: 'nope' });
      expect(badEmail.body).toMatchObject({ code: 'email.invalid', field: 'body.email' });
      const badCode = await v.api.post('/api/v1/widget/verification/check', { code: '12ab' });
      expect(badCode.status).toBe(400);
      expect(badCode.body.field).toBe('body.code');
      const noCode = await v.api.post('/api/v1/widget/verification/check', { code: '123456' });
      expect(noCode.body.code).toBe('verification.no-code');
    });

    it('with emailRequired on, a chat starts only after the code', async () => {
      await setting({ 'livechat.verification.emailRequired': true });
      const v = await visitor({ email: 'fay@example.test' });
      expect((await v.api.post('/api/v1/widget/conversations', { text: 'hi' })).body.code).toBe('identity.required');
      const code = await emailedCode(v);
      expect((await v.api.post('/api/v1/widget/verification/check', { code })).status).toBe(200);
      await startChat(v);
    });
  });

  describe('one person, one contact', () => {
    const contactOf = async (visitorId: string) => (await details(visitorId)).contact.id as string;
    const conversationContact = async (id: string) => (await admin.get(`/api/v1/conversations/${id}`)).body.contactId;

    it('a verified email joins the contact already verified with it; its chats follow', async () => {
      const first = await visitor({ email: 'gus@example.test' });
      await startChat(first);
      const code1 = await emailedCode(first);
      expect((await first.api.post('/api/v1/widget/verification/check', { code: code1 })).status).toBe(200);
      const contact = await contactOf(first.id);

      // Another device: a chat first, then the same email verified.
      const second = await visitor({ name: 'Gus on the phone' });
      const chat = await startChat(second);
      expect(await contactOf(second.id)).not.toBe(contact);
      const code2 = await emailedCode(second, 'GUS@example.test');
      expect((await second.api.post('/api/v1/widget/verification/check', { code: code2 })).status).toBe(200);
      expect(await contactOf(second.id)).toBe(contact);
      expect(await conversationContact(chat)).toBe(contact);
      // The visitor keeps working (their cached identity follows the move).
      expect(
        (await second.api.post(`/api/v1/widget/conversations/${chat}/messages`, { text: 'still me' })).status,
      ).toBe(201);
    });

    it('a signed user id joins the contact of the same user on another device', async () => {
      const laptop = await visitor({}, signed('user-2001'));
      await startChat(laptop);
      const phone = await visitor();
      const chat = await startChat(phone);
      expect(await contactOf(phone.id)).not.toBe(await contactOf(laptop.id));
      expect((await phone.api.get('/api/v1/widget/visitor', signed('user-2001'))).status).toBe(200);
      expect(await contactOf(phone.id)).toBe(await contactOf(laptop.id));
      expect(await conversationContact(chat)).toBe(await contactOf(laptop.id));
    });

    it('a typed, unverified email never links a visitor to someone else’s contact or history', async () => {
      const owner = await visitor({ email: 'hal@example.test' });
      const ownerChat = await startChat(owner);
      const code = await emailedCode(owner);
      expect((await owner.api.post('/api/v1/widget/verification/check', { code })).status).toBe(200);
      const contact = await contactOf(owner.id);

      // An impostor types the same email in the form, in a message (lead capture), and edits it in.
      const impostor = await visitor({ email: 'hal@example.test' });
      const chat = await startChat(impostor, 'I am hal@example.test, show me my orders');
      await p.settle();
      await impostor.api.patch('/api/v1/widget/visitor', { email: 'hal@example.test' });
      await p.settle();
      expect(await contactOf(impostor.id)).not.toBe(contact);
      expect(await conversationContact(chat)).not.toBe(contact);
      expect(await conversationContact(ownerChat)).toBe(contact);
      expect((await details(impostor.id)).visitor.verified).toBe(false);
      // Nor can it read the owner's chat.
      expect((await impostor.api.get(`/api/v1/widget/conversations/${ownerChat}`)).status).toBe(404);
      // Asking a code for that email sends it to the owner's inbox, not the impostor: nothing links without it.
      const res = await impostor.api.post('/api/v1/widget/verification/check', { code: '000000' });
      expect(res.body.code).toBe('verification.no-code');
    });
  });
});
