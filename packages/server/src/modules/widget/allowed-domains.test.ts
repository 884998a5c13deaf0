import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

const shop = 'https://shop.example.com';
const evil = 'https://evil.test';

/** `livechat.allowedDomains` at every widget entry point: the whole HTTP API and the visitor's socket. */
describe('livechat.allowedDomains', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
  });
  afterAll(() => p.stop());
  const allow = (list: string[]) => p.settings.update({ 'livechat.allowedDomains': list }, { kind: 'anonymous' });

  it('refuses `Origin: null` (sandboxed frames, file:// pages) once a list is set', async () => {
    await allow([]);
    expect((await p.api.post('/api/v1/widget/visitors', { name: 'A' }, { origin: 'null' })).status).toBe(201);
    await allow(['shop.example.com']);
    const refused = await p.api.post('/api/v1/widget/visitors', { name: 'A' }, { origin: 'null' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('origin.not-allowed');
    // The chat frame on Parley's own origin, naming an allowed host page, still registers.
    const frame = { origin: 'http://localhost', 'x-parley-host-origin': shop };
    expect((await p.api.post('/api/v1/widget/visitors', { name: 'A' }, frame)).status).toBe(201);
    // A page of the allowed site calling directly too; a server-to-server call naming no page too.
    expect((await p.api.post('/api/v1/widget/visitors', { name: 'A' }, { origin: shop })).status).toBe(201);
    expect((await p.api.post('/api/v1/widget/visitors', { name: 'A' })).status).toBe(201);
  });

  it('holds every /api/v1/widget operation to the list, downloads and registration included', async () => {
    await allow([]);
    const v = await p.visitor({ name: 'Walker' });
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'hi' })).body;
    await allow(['shop.example.com']);
    const doc = (await p.api.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const ops = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/widget/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path })));
    expect(ops.length).toBeGreaterThanOrEqual(19);
    const unguarded: string[] = [];
    for (const op of ops) {
      const url = op.path.replace('{id}', conversation.id).replace(/\{\w+\}/g, '0190a000-0000-7000-8000-000000000000');
      for (const headers of [{ origin: evil }, { 'x-parley-host-origin': evil }, { referer: `${evil}/shop` }] as Record<
        string,
        string
      >[]) {
        const res = await v.api.request(op.method as never, url, op.method === 'GET' ? undefined : {}, headers);
        if (res.status !== 403 || res.body.code !== 'origin.not-allowed')
          unguarded.push(`${op.method} ${op.path} ${Object.keys(headers)[0]} → ${res.status}`);
      }
    }
    expect(unguarded).toEqual([]);
  });

  it('refuses an attachment download asked for from another site, and serves the allowed one', async () => {
    await allow([]);
    const v = await p.visitor({ name: 'Files' });
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'see file' })).body;
    const form = new FormData();
    form.append('file', new Blob(['invoice 7'], { type: 'text/plain' }), 'invoice.txt');
    const up = await fetch(`${await p.baseUrl()}/api/v1/widget/conversations/${conversation.id}/files`, {
      method: 'POST',
      headers: { 'x-parley-visitor-token': v.token },
      body: form,
    });
    expect(up.status).toBe(201);
    const { url } = ((await up.json()) as { attachment: { url: string } }).attachment;
    await allow(['shop.example.com']);
    const refused = await v.api.get(url, {
      'x-parley-host-origin': evil,
      referer: 'http://localhost/widget/frame.html',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('origin.not-allowed');
    const served = await v.api.get(url, {
      'x-parley-host-origin': shop,
      referer: 'http://localhost/widget/frame.html',
    });
    expect(served.status).toBe(200);
    expect(served.body).toBe('invoice 7');
  });

  it('refuses a visitor socket opened from a site outside the list (4403), and lets the frame in', async () => {
    await allow([]);
    const v = await p.visitor({ name: 'Socket' });
    const base = await p.baseUrl();
    await allow(['shop.example.com']);
    for (const origin of [evil, 'null']) {
      const ws = await WsClient.open(base, { origin });
      ws.send({ type: 'auth', visitorToken: v.token });
      const err = await ws.next((f) => f.type === 'error');
      expect(err).toMatchObject({ code: 'origin.not-allowed' });
      expect(await ws.closed()).toBe(4403);
      expect(ws.frames.some((f) => f.type === 'ready')).toBe(false);
    }
    // The chat frame runs on Parley's own origin; a page of the allowed site; a non-browser client.
    for (const headers of [{ origin: base }, { origin: shop }, {}] as Record<string, string>[]) {
      const ws = await WsClient.connect(base, { visitorToken: v.token, headers });
      expect(ws.frames.some((f) => f.type === 'ready')).toBe(true);
      await ws.close();
    }
  });
});
