import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_TTL_SECONDS } from '../../modules/auth/index.js';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { kit } from '../../test-support/routing-kit.js';
import { WsClient } from '../../test-support/ws-client.js';

/** Resolves with the close code and reason the server gives (listen before causing it). */
function closing(ws: WsClient): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
}

describe('access is cut at once (deactivation, role change, sign-out, revocation, expiry)', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({
      settings: { 'queue.waitingQueue.enabled': true, 'sessions.onHold.allowManual': true },
    });
  });
  afterAll(() => p.stop());

  it("closes a deactivated agent's sockets and re-routes their open and on-hold chats", async () => {
    const k = kit(p);
    const admin = await p.admin();
    const leaving = await p.onlineAgent({ name: 'Leaving' });
    const visitor = await p.visitor();
    const c1 = (await visitor.api.post('/api/v1/widget/conversations', { text: 'first' })).body.conversation.id;
    const c2 = await k.chat({ text: 'second' });
    await p.settle();
    expect([await k.agentOf(c1), await k.agentOf(c2)]).toEqual([leaving.userId, leaving.userId]);
    await leaving.api.post(`/api/v1/conversations/${c2}/messages`, { text: 'one moment' });
    expect((await leaving.api.post(`/api/v1/conversations/${c2}/hold`)).body.status).toBe('on-hold');
    leaving.ws.send({ type: 'subscribe', topic: 'my-conversations' });
    leaving.ws.send({ type: 'subscribe', topic: 'queue' });
    leaving.ws.send({ type: 'subscribe', topic: 'conversation', id: c1 });
    await leaving.ws.next((f) => f.type === 'subscribed' && f.topic === 'conversation');
    // Somebody to take over, with room for one chat only: the other goes back to the queue.
    const stays = await p.onlineAgent({ name: 'Stays' });
    await admin.put(`/api/v1/agents/${stays.userId}/capacity`, { maxChats: 1 });

    const closed = closing(leaving.ws);
    expect((await admin.patch(`/api/v1/users/${leaving.userId}`, { active: false })).status).toBe(200);
    expect(await closed).toEqual({ code: 4401, reason: 'account deactivated' });
    const framesAtClose = leaving.ws.frames.length;
    await p.settle();

    const owners = [await k.agentOf(c1), await k.agentOf(c2)];
    expect(owners).not.toContain(leaving.userId);
    expect(owners.filter((o) => o === stays.userId)).toHaveLength(1);
    const statuses = [await k.statusOf(c1), await k.statusOf(c2)].sort();
    expect(statuses).toEqual(['open', 'queued']);
    expect((await p.agents.state(leaving.userId)).presence).toBe('offline');
    // The visitor writes on: nothing reaches the deactivated agent any more.
    expect(
      (await visitor.api.post(`/api/v1/widget/conversations/${c1}/messages`, { text: 'still there?' })).status,
    ).toBe(201);
    await p.settle();
    expect(leaving.ws.frames.length).toBe(framesAtClose);
    // Their sessions ended with the account.
    expect((await leaving.api.get('/api/v1/auth/me')).status).toBe(401);
    expect(
      await p.db.kysely.selectFrom('staff_sessions').selectAll().where('user_id', '=', leaving.userId).execute(),
    ).toEqual([]);
    await stays.ws.close();
  });

  it('closes the sockets of a user whose roles changed (they reconnect with the new roles)', async () => {
    const admin = await p.admin();
    const { api, userId } = await p.staff(['agent', 'manager']);
    const ws = await WsClient.connect(await p.baseUrl(), { cookie: api.headers.cookie! });
    const closed = closing(ws);
    expect((await admin.patch(`/api/v1/users/${userId}`, { roles: ['agent'] })).status).toBe(200);
    expect(await closed).toEqual({ code: 4401, reason: 'roles changed' });
    expect((await api.get('/api/v1/auth/me')).body.user.roles).toEqual(['agent']);
  });

  it('sign-out refuses the next request and closes that session’s sockets only', async () => {
    const { api, email, password } = await p.staff(['agent']);
    const second = await p.api.post('/api/v1/auth/sign-in', { email, password });
    const otherApi = p.api.withCookie(`parley_session=${second.cookies[0]!.value}`);
    const ws = await WsClient.connect(await p.baseUrl(), { cookie: api.headers.cookie! });
    const otherWs = await WsClient.connect(await p.baseUrl(), { cookie: otherApi.headers.cookie! });
    expect((await api.get('/api/v1/auth/me')).status).toBe(200); // cached now
    const closed = closing(ws);
    expect((await api.post('/api/v1/auth/sign-out')).status).toBe(200);
    expect((await api.get('/api/v1/auth/me')).status).toBe(401);
    expect(await closed).toEqual({ code: 4401, reason: 'signed out' });
    // The other session lives on.
    expect((await otherApi.get('/api/v1/auth/me')).status).toBe(200);
    otherWs.send({ type: 'ping' });
    await otherWs.next((f) => f.type === 'pong');
    await otherWs.close();
  });

  it('a password change closes the sockets of the other sessions', async () => {
    const { api, email, password } = await p.staff(['agent']);
    const second = await p.api.post('/api/v1/auth/sign-in', { email, password });
    const otherWs = await WsClient.connect(await p.baseUrl(), {
      cookie: `parley_session=${second.cookies[0]!.value}`,
    });
    const ownWs = await WsClient.connect(await p.baseUrl(), { cookie: api.headers.cookie! });
    const closed = closing(otherWs);
    const changed = await api.post('/api/v1/auth/password', {
      currentPassword: password,
      newPassword: 'a brand new passphrase',
    });
    expect(changed.status).toBe(200);
    expect(await closed).toEqual({ code: 4401, reason: 'session ended' });
    ownWs.send({ type: 'ping' });
    await ownWs.next((f) => f.type === 'pong');
    await ownWs.close();
  });

  it('revoking an access token refuses it at once and closes the sockets it signed in', async () => {
    const { api } = await p.staff(['agent']);
    const created = await api.post('/api/v1/auth/tokens', { name: 'integration' });
    const viaToken = p.api.withBearer(created.body.token);
    expect((await viaToken.get('/api/v1/auth/me')).status).toBe(200); // cached now
    const tokenWs = await WsClient.connect(await p.baseUrl(), { accessToken: created.body.token });
    const cookieWs = await WsClient.connect(await p.baseUrl(), { cookie: api.headers.cookie! });
    const closed = closing(tokenWs);
    expect((await api.delete(`/api/v1/auth/tokens/${created.body.accessToken.id}`)).status).toBe(204);
    expect((await viaToken.get('/api/v1/auth/me')).status).toBe(401);
    expect(await closed).toEqual({ code: 4401, reason: 'access token revoked' });
    cookieWs.send({ type: 'ping' });
    await cookieWs.next((f) => f.type === 'pong');
    await cookieWs.close();
  });

  it('honours session expiry exactly, however recently the session was used', async () => {
    const { api } = await p.staff(['agent']);
    expect((await api.get('/api/v1/auth/me')).status).toBe(200);
    p.fakeClock!.advance(SESSION_TTL_SECONDS * 1000 - 1_000);
    expect((await api.get('/api/v1/auth/me')).status).toBe(200); // cached, one second left
    p.fakeClock!.advance(1_000);
    expect((await api.get('/api/v1/auth/me')).status).toBe(401);
  });
});
