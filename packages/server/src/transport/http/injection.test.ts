import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';

/** Filter values that would change the meaning of a query built by pasting strings into SQL. */
const sqlish = [
  "' OR '1'='1",
  "') OR 1=1 --",
  "x'; DROP TABLE conversations; --",
  '" OR ""="',
  '1; SELECT pg_sleep(0)',
  "' UNION SELECT id, email FROM users --",
  '$1',
  '\\',
];
/** Words a database error would leak into an answer. */
const dbWords = /syntax error|relation "|column "|pg_|SELECT |sqlstate|kysely/i;

describe('SQL injection in list filters', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ env: { WIDGET_RATE_PER_MINUTE: '10000000' }, settings: byHand });
    const admin = await p.admin();
    // Something in every list, so that a filter which matched everything would show.
    const dept = (await admin.post('/api/v1/departments', { name: 'Sales' })).body;
    await admin.post('/api/v1/priorities', { name: 'Urgent', weight: 10 });
    await admin.post('/api/v1/sla-policies', { name: 'Fast', dueMinutes: 15 });
    await admin.post('/api/v1/custom-fields', { id: 'plan', label: 'Plan', scope: 'conversation' });
    await p.staff(['agent'], { name: 'Ada Agent' });
    const v = await p.visitor({ name: 'Vera Visitor', email: 'vera@example.com' });
    await v.api.post('/api/v1/widget/conversations', { text: 'hello there', departmentId: dept.id });
    await p.api.post('/api/v1/widget/offline-messages', {
      name: 'Olga',
      email: 'olga@example.com',
      message: 'call me',
    });
    await p.settle();
  });
  afterAll(() => p.stop());

  it('answers every list filter with 200 or 400, matches nothing it should not, and leaks no SQL', async () => {
    const admin = await p.admin();
    const doc = (await admin.get('/api/openapi.json')).body as { paths: Record<string, Record<string, any>> };
    const lists = Object.entries(doc.paths)
      // A lookup that needs a parameter (an invitation's token) is not a list.
      .filter(([path, ops]) => ops.get && !path.includes('{'))
      .filter(([, ops]) => !(ops.get.parameters ?? []).some((x: { required?: boolean }) => x.required))
      .map(([path, ops]) => ({
        path,
        filters: (ops.get.parameters as Array<{ name: string; in: string }>).filter((x) => x.in === 'query'),
      }))
      .filter((l) => l.filters.length > 0);
    expect(lists.map((l) => l.path)).toEqual(
      expect.arrayContaining(['/api/v1/conversations', '/api/v1/users', '/api/v1/departments', '/api/v1/audit']),
    );
    let checked = 0;
    for (const { path, filters } of lists) {
      const all = await admin.get(path);
      expect(all.status, path).toBe(200);
      for (const { name } of filters) {
        const none = await admin.get(`${path}?${name}=${encodeURIComponent('no such thing at all')}`);
        for (const value of sqlish) {
          const res = await admin.get(`${path}?${name}=${encodeURIComponent(value)}`);
          const what = `${path}?${name}=${value} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
          expect([200, 400], what).toContain(res.status);
          expect(JSON.stringify(res.body), what).not.toMatch(dbWords);
          if (res.status === 200 && none.status === 200 && Array.isArray(res.body.items)) {
            // Text filters: the value is a needle like any other, so it matches what a needle that
            // matches nothing matches. A filter of another kind (a cursor, a flag) refuses it with 400.
            expect(res.body.items.length, what).toBe(none.body.items.length);
          }
          checked++;
        }
      }
      // The tables are all still there.
      expect((await admin.get(path)).body.items?.length, path).toBe(all.body.items?.length);
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('treats LIKE wildcards in a search as the characters they are', async () => {
    const admin = await p.admin();
    for (const path of ['/api/v1/conversations?q=', '/api/v1/users?search=', '/api/v1/departments?search=']) {
      for (const wildcard of ['%', '_', '%%', '\\%']) {
        const res = await admin.get(path + encodeURIComponent(wildcard));
        expect(res.status, path + wildcard).toBe(200);
        expect(res.body.items, path + wildcard).toEqual([]);
      }
    }
  });
});

describe('HTML injection through message text and nested message metadata', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ env: { WIDGET_RATE_PER_MINUTE: '10000000' }, settings: byHand });
  });
  afterAll(() => p.stop());

  it('stores markup as text and returns it as the same literal text, as JSON, never as a page', async () => {
    const admin = await p.admin();
    await admin.post('/api/v1/custom-fields', { id: 'note', label: 'Note', scope: 'conversation' });
    const agent = await p.staff(['agent']);
    const markup = {
      name: '<img src=x onerror=alert(1)>',
      text: '<script>alert("text")</script><b onmouseover=alert(2)>hi</b>',
      file: '<svg onload=alert(3)>.txt',
      caption: '<iframe src=javascript:alert(4)>',
      note: '"><script>alert(5)</script>',
      title: '<title>x</title><script>alert(6)</script>',
    };
    const v = await p.visitor({ name: markup.name });
    const started = await v.api.post('/api/v1/widget/conversations', { text: markup.text });
    expect(started.status).toBe(201);
    const id = started.body.conversation.id as string;
    await v.api.post('/api/v1/widget/page-views', { url: 'https://example.com/<script>', title: markup.title });
    const form =
      `--b\r\nContent-Disposition: form-data; name="text"\r\n\r\n${markup.caption}\r\n` +
      `--b\r\nContent-Disposition: form-data; name="file"; filename="${markup.file}"\r\nContent-Type: text/plain\r\n\r\n` +
      `<html><script>alert(7)</script></html>\r\n--b--\r\n`;
    const uploaded = await v.api.request('POST', `/api/v1/widget/conversations/${id}/files`, form, {
      'content-type': 'multipart/form-data; boundary=b',
    });
    expect(uploaded.status).toBe(201);
    expect((await agent.api.post(`/api/v1/conversations/${id}/take`)).status).toBe(200);
    const patched = await agent.api.patch(`/api/v1/conversations/${id}`, { customFields: { note: markup.note } });
    expect(patched.status).toBe(200);

    const staffMessages = await agent.api.get(`/api/v1/conversations/${id}/messages`);
    const visitorMessages = await v.api.get(`/api/v1/widget/conversations/${id}/messages`);
    const conversation = await agent.api.get(`/api/v1/conversations/${id}`);
    const visitorDetails = await agent.api.get(`/api/v1/visitors/${v.visitorId}`);
    for (const res of [staffMessages, visitorMessages, conversation, visitorDetails]) {
      expect(res.status).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // Never escaped into entities (that would be the server guessing at a rendering), never stripped.
      expect(JSON.stringify(res.body)).not.toMatch(/&lt;|&gt;|&quot;|&#/);
    }
    const texts = staffMessages.body.items.map((m: { text: string }) => m.text);
    expect(texts).toContain(markup.text);
    expect(texts).toContain(markup.caption);
    expect(visitorMessages.body.items.map((m: { text: string }) => m.text)).toContain(markup.text);
    const withFile = staffMessages.body.items.find((m: { text: string }) => m.text === markup.caption);
    expect(conversation.body.customFields).toMatchObject({ note: markup.note });
    expect(JSON.stringify(visitorDetails.body)).toContain(JSON.stringify(markup.name).slice(1, -1));
    expect(JSON.stringify(visitorDetails.body)).toContain(JSON.stringify(markup.title).slice(1, -1));

    // The uploaded "page" comes back as a download of plain text, which no browser renders as HTML.
    expect(withFile.attachment.name).toBe(markup.file);
    const download = await agent.api.get(withFile.attachment.url);
    expect(download.status).toBe(200);
    expect(String(download.headers['content-type'])).toMatch(/^text\/plain/);
    expect(String(download.headers['content-disposition'])).toMatch(/^attachment/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });
});
