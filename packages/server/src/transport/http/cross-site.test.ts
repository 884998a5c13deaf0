import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

const publicUrl = 'https://chat.example.org';

/** Cross-site request forgery: what the session cookie authenticates must come from Parley itself. */
describe('cross-site writes with the session cookie', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ env: { PUBLIC_URL: publicUrl } });
  });
  afterAll(() => p.stop());

  it('refuses a cookie-authenticated write from another site, a sibling subdomain or `Origin: null`', async () => {
    const { api } = await p.staff(['agent']);
    const attacks: Array<Record<string, string>> = [
      { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' },
      // Same *site* (SameSite=Strict lets the cookie through), another origin.
      { origin: 'https://forum.example.org', 'sec-fetch-site': 'same-site' },
      { origin: 'https://forum.example.org' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of attacks) {
      for (const r of [
        await api.post('/api/v1/auth/tokens', { name: 'stolen' }, headers),
        await api.put('/api/v1/agents/me/status', { availability: 'available' }, headers),
        await api.post('/api/v1/auth/sign-out', undefined, headers),
      ]) {
        expect(r.status, JSON.stringify(headers)).toBe(403);
        expect(r.body.code).toBe('auth.cross-site-request');
      }
    }
    expect((await api.get('/api/v1/auth/tokens')).body.items).toEqual([]);
    expect((await api.get('/api/v1/auth/me')).status).toBe(200); // sign-out was refused
  });

  it('accepts writes from Parley itself, from non-browser clients, and any Bearer-token call', async () => {
    const { api } = await p.staff(['agent']);
    const fromParley: Array<Record<string, string>> = [
      { origin: publicUrl, 'sec-fetch-site': 'same-origin' },
      { origin: publicUrl },
      { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
      { origin: 'http://localhost' }, // the Host it came to (inject's localhost:80): a second name, a proxy
      {}, // neither header: not a browser page
    ];
    for (const headers of fromParley) {
      const r = await api.post('/api/v1/auth/tokens', { name: 'mine' }, headers);
      expect(r.status, JSON.stringify(headers)).toBe(201);
    }
    // Reads are not writes.
    expect((await api.get('/api/v1/auth/tokens', { origin: 'https://evil.test' })).status).toBe(200);
    // A Bearer token is never attached by a browser on its own: not forgeable cross-site.
    const token = (await api.post('/api/v1/auth/tokens', { name: 'ci' })).body.token as string;
    const bearer = p.api.withBearer(token);
    expect((await bearer.post('/api/v1/auth/tokens', { name: 'x' }, { origin: 'https://evil.test' })).status).toBe(201);
  });

  it('refuses a staff socket opened with the cookie from another site (4403), not from Parley', async () => {
    const { api } = await p.staff(['agent']);
    const cookie = api.headers.cookie!;
    const base = await p.baseUrl();
    for (const origin of ['https://evil.test', 'https://forum.example.org', 'null']) {
      const ws = await WsClient.open(base, { cookie, origin });
      const err = await ws.next((f) => f.type === 'error');
      expect(err).toMatchObject({ code: 'auth.cross-site-request' });
      expect(await ws.closed()).toBe(4403);
      expect(ws.frames.some((f) => f.type === 'ready')).toBe(false);
    }
    for (const headers of [{ origin: publicUrl }, { origin: base }, {}] as Record<string, string>[]) {
      const ws = await WsClient.connect(base, { cookie, headers });
      expect(ws.frames.some((f) => f.type === 'ready')).toBe(true);
      await ws.close();
    }
    // An access token sent in the auth frame is not a cookie: any origin may use it.
    const token = (await api.post('/api/v1/auth/tokens', { name: 'ws' })).body.token as string;
    const ws = await WsClient.connect(base, { accessToken: token, headers: { origin: 'https://evil.test' } });
    expect(ws.frames.some((f) => f.type === 'ready')).toBe(true);
    await ws.close();
  });
});
