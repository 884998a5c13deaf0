import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

describe('http transport', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(() => p.stop());

  it('serves health and readiness', async () => {
    expect((await p.api.get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await p.api.get('/readyz')).body).toEqual({ status: 'ready' });
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await p.api.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('route.not-found');
  });

  it('turns malformed bodies into clear 4xx answers, never 500', async () => {
    const admin = await p.admin();
    const bad = [
      await admin.request('PATCH', '/api/v1/settings', '{"unterminated'),
      await admin.request('PATCH', '/api/v1/settings', 'null'),
      await admin.request('PATCH', '/api/v1/settings', '"just a string"'),
      await admin.request('POST', '/api/v1/users', '{"email": 5}'),
      await p.api.request('POST', '/api/v1/auth/sign-in', 'x', { 'content-type': 'text/plain' }),
      await p.api.request(
        'POST',
        '/api/v1/auth/sign-in',
        JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2_000_000) }),
      ),
      await p.api.request(
        'POST',
        '/api/v1/auth/sign-in',
        '{"__proto__": {"admin": true}, "email": "a@b.co", "password": "x"}',
      ),
    ];
    for (const r of bad) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(typeof r.body.code).toBe('string');
      expect(typeof r.body.message).toBe('string');
    }
    expect(bad[5]!.body.code).toBe('request.too-large');
    expect(bad[4]!.body.code).toBe('request.unsupported-media-type');
  });

  it('sets protective headers', async () => {
    const res = await p.api.get('/api/v1/settings/public');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});
