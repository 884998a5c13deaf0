import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';
import { assertStorableInput, MAX_INPUT_DEPTH } from './input-guard.js';

describe('input no database can store is refused at the door, by name', () => {
  let p: TestParley;
  let agent: Awaited<ReturnType<TestParley['staff']>>;
  let visitor: Awaited<ReturnType<TestParley['visitor']>>;
  let conversationId: string;
  beforeAll(async () => {
    p = await startTestParley({ env: { WIDGET_RATE_PER_MINUTE: '10000000' }, settings: byHand });
    agent = await p.staff(['agent']);
    visitor = await p.visitor();
    const started = await visitor.api.post('/api/v1/widget/conversations', { text: 'hello' });
    conversationId = started.body.conversation.id;
    expect((await agent.api.post(`/api/v1/conversations/${conversationId}/take`)).status).toBe(200);
  });
  afterAll(() => p.stop());

  it('answers 400 naming the field to NUL and unpaired surrogates in the body, query and path', async () => {
    const messages = `/api/v1/widget/conversations/${conversationId}/messages`;
    for (const [text, what] of [
      ['a\u0000b', 'NUL'],
      ['a\ud800b', 'unpaired UTF-16 surrogate'],
      ['\udc00', 'unpaired UTF-16 surrogate'],
    ] as const) {
      const res = await visitor.api.post(messages, { text });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'request.invalid', field: 'body.text' });
      expect(res.body.message).toContain(what);
    }
    // A well-formed pair (an emoji) is text like any other.
    expect((await visitor.api.post(messages, { text: 'ok 😀' })).status).toBe(201);

    const list = await agent.api.get('/api/v1/conversations?q=a%00b');
    expect(list.status).toBe(400);
    expect(list.body).toMatchObject({ code: 'request.invalid', field: 'query.q' });

    const one = await agent.api.get('/api/v1/conversations/a%00b');
    expect(one.body).toMatchObject({ code: 'request.invalid', field: 'params.id' });

    const nested = await agent.api.patch(`/api/v1/conversations/${conversationId}`, {
      customFields: { note: 'x\u0000' },
    });
    expect(nested.body).toMatchObject({ code: 'request.invalid', field: 'body.customFields.note' });
    const key = await agent.api.patch(`/api/v1/conversations/${conversationId}`, { customFields: { 'a\ud800': 'x' } });
    expect(key.body).toMatchObject({ code: 'request.invalid', field: 'body.customFields' });
  });

  it('refuses a message retried with an unstorable clientId the same way each time; a good one is stored once', async () => {
    const messages = `/api/v1/widget/conversations/${conversationId}/messages`;
    for (let i = 0; i < 2; i++) {
      const res = await visitor.api.post(messages, { text: 'retry me', clientId: 'c-\ud800' });
      expect(res.status).toBe(400);
      expect(res.body.field).toBe('body.clientId');
    }
    const first = await visitor.api.post(messages, { text: 'retry me', clientId: "c-1' OR '1'='1" });
    const again = await visitor.api.post(messages, { text: 'retry me', clientId: "c-1' OR '1'='1" });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
  });

  it('answers an empty PATCH of a conversation with the conversation, unchanged', async () => {
    const before = (await agent.api.get(`/api/v1/conversations/${conversationId}`)).body;
    const res = await agent.api.patch(`/api/v1/conversations/${conversationId}`, {});
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(conversationId);
    expect(res.body.tags).toEqual(before.tags);
    expect(res.body.topic).toEqual(before.topic);
  });

  it('names body when the body cannot be read, and params when the path cannot be decoded', async () => {
    const url = `/api/v1/conversations/${conversationId}`;
    for (const [payload, contentType, status] of [
      ['{"topic":', 'application/json', 400],
      ['', 'application/json', 400],
      ['{"__proto__":{"polluted":true}}', 'application/json', 400],
      ['topic=x', 'text/plain', 415],
      [`{"topic":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 'application/json', 400],
    ] as const) {
      const res = await agent.api.request('PATCH', url, payload, { 'content-type': contentType });
      expect(res.status, payload.slice(0, 30)).toBe(status);
      expect(res.body.field, payload.slice(0, 30)).toMatch(/^body/);
    }
    for (const bad of ['%ED%A0%80', '%C0%80', 'a'.repeat(300)]) {
      const res = await agent.api.get(`/api/v1/conversations/${bad}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'request.invalid', field: 'params' });
    }
  });

  it('refuses a multipart form with NUL in a text field or the filename, and a form cut short', async () => {
    const url = `/api/v1/widget/conversations/${conversationId}/files`;
    const form = (textField: string, filename: string, end = '\r\n--b--\r\n') =>
      `--b\r\nContent-Disposition: form-data; name="text"\r\n\r\n${textField}\r\n` +
      `--b\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\nhello${end}`;
    const post = (body: string) =>
      visitor.api.request('POST', url, body, { 'content-type': 'multipart/form-data; boundary=b' });
    expect((await post(form('a\u0000', 'a.txt'))).body).toMatchObject({ code: 'request.invalid', field: 'body.text' });
    expect((await post(form('caption', 'a\u0000.txt'))).body).toMatchObject({ field: 'body.file.filename' });
    const cut = await post(form('caption', 'a.txt', ''));
    expect(cut.status).toBe(400);
    expect(cut.body).toMatchObject({ code: 'request.invalid', field: 'body.file' });
    expect((await post(form('caption', 'a.txt'))).status).toBe(201);
  });

  it('answers WebSocket frames holding NUL or a lone surrogate with request.invalid naming the field', async () => {
    const ws = await WsClient.open(await p.baseUrl());
    ws.send({ type: 'auth', visitorToken: 'tok\u0000en' });
    const err = await ws.next((f) => f.type === 'error');
    expect(err).toMatchObject({ code: 'request.invalid' });
    expect((err as { message: string }).message).toContain('frame.visitorToken');
    ws.socket.send(JSON.stringify({ type: 'subscribe', topic: 'conversation', id: '\ud800' }));
    const second = await ws.next((f) => f.type === 'error', ws.frames.indexOf(err) + 1);
    expect((second as { message: string }).message).toContain('frame.id');
    ws.send({ type: 'auth', visitorToken: visitor.token });
    await ws.next((f) => f.type === 'ready');
    ws.socket.close();
  });

  it('walks the input once: keys, nesting and strings', () => {
    expect(() => assertStorableInput({ a: [{ b: 'ok 😀' }] }, 'body')).not.toThrow();
    expect(() => assertStorableInput({ a: [{ b: 'x\u0000' }] }, 'body')).toThrow(
      expect.objectContaining({ field: 'body.a.0.b' }),
    );
    expect(() => assertStorableInput(JSON.parse('{"__proto__":1}'), 'query')).toThrow(
      expect.objectContaining({ field: 'query' }),
    );
    let deep: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) deep = [deep];
    expect(() => assertStorableInput({ list: deep }, 'body')).toThrow(expect.objectContaining({ field: 'body.list' }));
    expect(() => assertStorableInput({ list: (deep as unknown[])[0] }, 'body')).not.toThrow();
  });
});
