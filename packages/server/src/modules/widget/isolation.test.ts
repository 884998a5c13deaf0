import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

describe('a visitor sees only their own data', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
  });
  afterAll(() => p.stop());

  it('refuses another visitor’s conversation, messages and files, even with the stolen ids', async () => {
    const alice = await p.visitor({ name: 'Alice' });
    const mallory = await p.visitor({ name: 'Mallory' });
    const { conversation } = (await alice.api.post('/api/v1/widget/conversations', { text: 'my secret order' })).body;
    const msgs = await alice.api.get(`/api/v1/widget/conversations/${conversation.id}/messages`);
    const secret = msgs.body.items.find((m: any) => m.text === 'my secret order');
    const form = new FormData();
    form.append('file', new Blob(['invoice 123'], { type: 'text/plain' }), 'invoice.txt');
    const base = await p.baseUrl();
    const up = await fetch(`${base}/api/v1/widget/conversations/${conversation.id}/files`, {
      method: 'POST',
      headers: { 'x-parley-visitor-token': alice.token },
      body: form,
    });
    expect(up.status).toBe(201);
    const file = (await up.json()) as { attachment: { url: string } };

    const c = `/api/v1/widget/conversations/${conversation.id}`;
    const attempts = [
      await mallory.api.get(c),
      await mallory.api.get(`${c}/messages`),
      await mallory.api.post(`${c}/messages`, { text: 'injected' }),
      await mallory.api.patch(`${c}/messages/${secret.id}`, { text: 'changed' }),
      await mallory.api.delete(`${c}/messages/${secret.id}`),
      await mallory.api.post(`${c}/close`),
      await mallory.api.post(`${c}/typing`, { typing: true }),
      await mallory.api.post(`${c}/transcript`, { email: 'mallory@example.test' }),
      await mallory.api.get(file.attachment.url),
    ];
    for (const r of attempts) {
      expect(r.status, JSON.stringify(r.body)).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain('secret order');
    }
    // The websocket too.
    const ws = await WsClient.connect(base, { visitorToken: mallory.token });
    ws.send({ type: 'subscribe', topic: 'conversation', id: conversation.id, since: 0 });
    const err = await ws.next((f) => f.type === 'error');
    expect(err).toMatchObject({ code: 'conversation.not-found' });
    expect(ws.frames.some((f) => f.type === 'message.created')).toBe(false);
    ws.send({ type: 'subscribe', topic: 'queue' });
    expect(await ws.next((f) => f.type === 'error' && (f as any).code === 'auth.forbidden')).toBeTruthy();
    await ws.close();

    // Nothing changed for Alice.
    const after = await alice.api.get(`${c}/messages`);
    expect(after.body.items.map((m: any) => m.text)).toContain('my secret order');
    expect(after.body.items.map((m: any) => m.text)).not.toContain('injected');
    // A made-up token gets nothing.
    expect((await p.api.as({ 'x-parley-visitor-token': 'forged' }).get(c)).status).toBe(401);
    // Staff data is not reachable with a visitor token.
    expect((await alice.api.get('/api/v1/conversations')).status).toBe(401);
  });
});
