import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, TEST_PASSWORD, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

/**
 * Regression tests for the classes of vulnerability that livechat products (the reference product among
 * them) have shipped: each test is the attack, and what must come back instead.
 */
describe('the vulnerabilities peers shipped stay closed', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
  });
  afterAll(() => p.stop());

  async function upload(url: string, headers: Record<string, string>, body = 'secret invoice') {
    const form = new FormData();
    form.append('file', new Blob([body], { type: 'text/plain' }), 'invoice.txt');
    const res = await fetch(`${await p.baseUrl()}${url}`, { method: 'POST', headers, body: form });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string; attachment: { id: string } }).attachment.id;
  }

  async function chatOf(name: string) {
    const v = await p.visitor({ name, email: `${name.toLowerCase()}@example.test` });
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: `${name}'s secret` })).body;
    return { v, id: conversation.id as string };
  }

  it('livechat file IDOR: a file is served only through its own conversation', async () => {
    const alice = await chatOf('Alice');
    const mallory = await chatOf('Mallory');
    const fileId = await upload(`/api/v1/widget/conversations/${alice.id}/files`, {
      'x-parley-visitor-token': alice.v.token,
    });
    // Mallory's own conversation id with her valid token, and Alice's file id.
    const viaOwn = await mallory.v.api.get(`/api/v1/widget/conversations/${mallory.id}/files/${fileId}`);
    expect(viaOwn.status).toBe(404);
    expect(String(viaOwn.body)).not.toContain('secret invoice');
    // The same for staff: an agent serving Mallory cannot read Alice's file through Mallory's chat.
    const agent = await p.onlineAgent();
    await agent.api.post(`/api/v1/conversations/${mallory.id}/take`);
    expect((await agent.api.get(`/api/v1/conversations/${mallory.id}/files/${fileId}`)).status).toBe(404);
    await agent.ws.close();
  });

  it('message IDOR: a message id is only reachable through its own conversation', async () => {
    const alice = await chatOf('Alicia');
    const mallory = await chatOf('Malcolm');
    const aliceMsg = (await alice.v.api.get(`/api/v1/widget/conversations/${alice.id}/messages`)).body.items.find(
      (m: any) => m.text === "Alicia's secret",
    );
    const own = `/api/v1/widget/conversations/${mallory.id}/messages/${aliceMsg.id}`;
    expect((await mallory.v.api.patch(own, { text: 'changed' })).status).toBe(404);
    expect((await mallory.v.api.delete(own)).status).toBe(404);
    // Staff: the agent of Malcolm's chat cannot edit or read Alicia's message through it.
    const agent = await p.onlineAgent();
    await agent.api.post(`/api/v1/conversations/${mallory.id}/take`);
    const staffUrl = `/api/v1/conversations/${mallory.id}/messages/${aliceMsg.id}`;
    expect((await agent.api.patch(staffUrl, { text: 'changed' })).status).toBe(404);
    expect((await agent.api.get(`${staffUrl}/edits`)).body.items ?? []).toEqual([]);
    const still = (await alice.v.api.get(`/api/v1/widget/conversations/${alice.id}/messages`)).body.items;
    expect(still.map((m: any) => m.text)).toContain("Alicia's secret");
    await agent.ws.close();
  });

  it('a fresh visitor registration with a known email reads none of the history', async () => {
    const victim = await chatOf('Victim');
    const attacker = await p.visitor({ name: 'Victim', email: 'victim@example.test' });
    expect((await attacker.api.get(`/api/v1/widget/conversations/${victim.id}`)).status).toBe(404);
    expect((await attacker.api.get(`/api/v1/widget/conversations/${victim.id}/messages`)).status).toBe(404);
    const mine = await attacker.api.get('/api/v1/widget/conversations/active');
    expect(JSON.stringify(mine.body)).not.toContain("Victim's secret");
    const ws = await WsClient.connect(await p.baseUrl(), { visitorToken: attacker.token });
    ws.send({ type: 'subscribe', topic: 'conversation', id: victim.id, since: 0 });
    expect(await ws.next((f) => f.type === 'error')).toMatchObject({ code: 'conversation.not-found' });
    expect(ws.messages(victim.id)).toEqual([]);
    await ws.close();
  });

  it('visitor tokens are unguessable: 256 random bits, unrelated to the visitor id or to each other', async () => {
    const tokens = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(() => p.visitor()));
    for (const t of tokens) {
      expect(t.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(t.token).not.toContain(t.visitorId.replace(/-/g, '').slice(0, 8));
    }
    expect(new Set(tokens.map((t) => t.token)).size).toBe(tokens.length);
    // No common prefix: sequential or time-based tokens would share their first characters.
    const prefixes = new Set(tokens.map((t) => t.token.slice(0, 4)));
    expect(prefixes.size).toBeGreaterThan(6);
    const t0 = tokens[0]!.token;
    const forged = p.api.as({ 'x-parley-visitor-token': (t0[0] === 'A' ? 'B' : 'A') + t0.slice(1) });
    expect((await forged.get('/api/v1/widget/conversations/active')).status).toBe(401);
  });

  it('no session survives a password change: the user’s own change ends the others, an admin’s reset ends all', async () => {
    const agent = await p.staff(['agent']);
    // A second session of the same user (another browser).
    const other = await p.api.post('/api/v1/auth/sign-in', { email: agent.email, password: TEST_PASSWORD });
    const otherApi = p.api.withCookie(
      `parley_session=${other.cookies.find((c) => c.name === 'parley_session')!.value}`,
    );
    const otherWs = await WsClient.connect(await p.baseUrl(), { cookie: otherApi.headers.cookie! });
    const changed = await agent.api.post('/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a much longer new passphrase 2026',
    });
    expect(changed.status).toBe(200);
    expect((await otherApi.get('/api/v1/auth/me')).status).toBe(401);
    expect(await otherWs.closed()).toBe(4401);
    expect((await agent.api.get('/api/v1/auth/me')).status).toBe(200);

    const admin = await p.admin();
    expect(
      (await admin.patch(`/api/v1/users/${agent.userId}`, { password: 'reset by the administrator 2026' })).status,
    ).toBe(200);
    expect((await agent.api.get('/api/v1/auth/me')).status).toBe(401);
  });
});
