import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';

const nasty: unknown[] = [
  null,
  42,
  'string',
  [],
  [1, 2],
  true,
  { unknownField: 1 },
  { text: 123 },
  { text: ['a'] },
  { text: 'x'.repeat(100_000) },
  { text: '<script>alert(1)</script>', clientId: { nested: true } },
  { name: 'a'.repeat(10_000) },
  { email: 'not an email' },
  { email: 7 },
  { departmentId: 'not-a-uuid' },
  { departmentId: '01890000-0000-7000-8000-000000000000' },
  { customFields: { nope: 'x' } },
  { customFields: 'x' },
  { consent: 'yes' },
  { url: 'javascript:alert(1)' },
  { url: 'https://ok.example', title: { t: 1 } },
  { typing: 'maybe' },
  { email: 'a@b.co', name: '', message: '' },
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
];

describe('every widget endpoint refuses bad input with a clear 4xx', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ env: { WIDGET_RATE_PER_MINUTE: '10000000' }, settings: byHand });
  });
  afterAll(() => p.stop());

  it('answers 4xx with {code, message} to wrong types, huge strings, unknown fields and scripts; never 500', async () => {
    const v = await p.visitor();
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'hello' })).body;
    const msg = (await v.api.get(`/api/v1/widget/conversations/${conversation.id}/messages`)).body.items.at(-1);
    const widgetRoutes = p.routes.filter((r) => r.path.startsWith('/api/v1/widget/') && !r.upload);
    expect(widgetRoutes.length).toBeGreaterThan(10);
    let calls = 0;
    for (const r of widgetRoutes) {
      const url = r.path.replace(':id', conversation.id).replace(':messageId', msg.id).replace(':fileId', msg.id);
      const bodies = r.method === 'GET' || r.method === 'DELETE' ? [undefined] : nasty;
      for (const body of bodies) {
        for (const path of [
          url,
          `${url}?limit=-1`,
          `${url}?after=abc&extra=<b>`,
          url.replace(conversation.id, "1' or '1'='1"),
        ]) {
          const res = await v.api.request(r.method, path, body);
          calls++;
          const what = `${r.method} ${path} ${JSON.stringify(body)?.slice(0, 80)} → ${JSON.stringify(res.body)}`;
          expect(res.status, what).toBeLessThan(500);
          expect(res.status, what).not.toBe(429);
          if (res.status >= 400) {
            expect(typeof res.body.code).toBe('string');
            expect(typeof res.body.message).toBe('string');
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(300);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The server is intact and usable (the fuzzing closed the conversation on the way: start anew).
    const again = await v.api.post('/api/v1/widget/conversations', { text: 'still fine' });
    expect(again.status).toBe(201);
    expect(
      (await v.api.get(`/api/v1/widget/conversations/${again.body.conversation.id}/messages`)).body.items.at(-1).text,
    ).toBe('still fine');
  });
});
