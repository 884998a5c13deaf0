import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../test-support/api.js';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { WebhookReceiver } from '../../test-support/webhook-receiver.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const verify = (secret: string, raw: string, header: unknown) =>
  header === `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

/**
 * The API channel (issue 22 item 3): an admin creates it and gets its token once; a caller with the token
 * brings people, conversations and messages in (idempotent by client id); agent replies and the close go
 * to the callback URL, signed, retried with backoff until the receiver takes them.
 */
describe('the API channel', () => {
  let p: TestParley;
  let rx: WebhookReceiver;
  let admin: Api;
  let channel: { id: string; token: string; secret: string };
  let gw: Api;

  beforeAll(async () => {
    rx = await WebhookReceiver.start();
    p = await startTestParley();
    admin = await p.admin();
    const res = await admin.post('/api/v1/channels', {
      type: 'api',
      name: 'SMS',
      settings: { callbackUrl: rx.url },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    channel = { id: res.body.channel.id, token: res.body.token, secret: res.body.secret };
    gw = p.api.as({ authorization: `Bearer ${channel.token}` });
  });
  afterAll(async () => {
    await p.stop();
    await rx.stop();
  });

  it('shows the token and secret once; the list shows hints and the callback URL, never the secrets', async () => {
    expect(channel.token).toMatch(/^pch_/);
    expect(channel.secret).toMatch(/^pcs_/);
    const list = (await admin.get('/api/v1/channels')).body.items;
    expect(list.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['widget', channel.id]));
    const mine = list.find((c: { id: string }) => c.id === channel.id);
    expect(mine).toMatchObject({ type: 'api', name: 'SMS', enabled: true, status: { state: 'ok' } });
    expect(mine.api).toEqual({
      callbackUrl: rx.url,
      tokenHint: channel.token.slice(0, 8),
      secretHint: channel.secret.slice(0, 8),
    });
    expect(JSON.stringify(list)).not.toContain(channel.token);
    expect(JSON.stringify(list)).not.toContain(channel.secret);
    // Agents see what they need to show a conversation's channel, and nothing else.
    const agent = await p.staff(['agent']);
    const seen = (await agent.api.get('/api/v1/channels')).body.items;
    expect(seen.find((c: { id: string }) => c.id === channel.id)).toEqual({ id: channel.id, type: 'api', name: 'SMS' });
    expect((await agent.api.post('/api/v1/channels', { type: 'api', name: 'Mine' })).status).toBe(403);
  });

  it('refuses calls without a valid token', async () => {
    expect(
      (await p.api.post('/api/v1/channel-api/messages', { externalId: 'a', clientId: 'b', text: 'c' })).body.code,
    ).toBe('channel.token-invalid');
    const wrong = p.api.as({ authorization: 'Bearer pch_nottherighttoken' });
    const res = await wrong.post('/api/v1/channel-api/messages', { externalId: 'a', clientId: 'b', text: 'c' });
    expect(res.status).toBe(401);
  });

  it('creates and updates a contact identity; the same email on another channel is the same contact', async () => {
    const made = await gw.post('/api/v1/channel-api/contacts', { externalId: '+15550111', name: 'Pat' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ externalId: '+15550111', name: 'Pat', created: true });
    const again = await gw.post('/api/v1/channel-api/contacts', { externalId: '+15550111', email: 'pat@example.test' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: made.body.id, contactId: made.body.contactId, email: 'pat@example.test' });
    const contact = (await admin.get(`/api/v1/contacts/${made.body.contactId}`)).body;
    expect(contact.emails).toContain('pat@example.test');
  });

  it('brings a message in (with an attachment), once per clientId; an agent reply reaches the callback, signed', async () => {
    const agent = await p.onlineAgent({ name: 'Ana Agent' });
    const body = {
      externalId: '+15550222',
      name: 'Riley',
      clientId: 'sms-1',
      text: 'My parcel is late',
      attachments: [{ filename: 'label.png', contentType: 'image/png', data: PNG }],
    };
    const first = await gw.post('/api/v1/channel-api/messages', body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ createdConversation: true, duplicate: false });
    const repeat = await gw.post('/api/v1/channel-api/messages', body);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ conversationId: first.body.conversationId, duplicate: true });
    const id: string = first.body.conversationId;
    await p.dispatchOnce();

    const read = await gw.get(`/api/v1/channel-api/conversations/${id}/messages`);
    expect(read.status).toBe(200);
    const kinds = read.body.items.map((m: { kind: string; text: string }) => `${m.kind}:${m.text}`);
    expect(kinds.filter((k: string) => !k.startsWith('system'))).toEqual(['text:My parcel is late', 'file:']);
    const file = read.body.items.find((m: { kind: string }) => m.kind === 'file');
    const download = await gw.get(file.attachment.url);
    expect(download.status).toBe(200);

    const conv = (await agent.api.get(`/api/v1/conversations/${id}`)).body;
    expect(conv).toMatchObject({ channel: channel.id, status: 'open' });
    const reply = await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'On its way!', clientId: 'r1' });
    expect(reply.status).toBe(201);
    // A note stays inside Parley.
    await agent.api.post(`/api/v1/conversations/${id}/notes`, { text: 'customer is upset' });
    await p.settle();
    const got = rx.received.filter((r) => r.body?.conversationId === id);
    expect(got.map((r) => r.body.type)).toEqual(['message']);
    const r = got[0]!;
    expect(verify(channel.secret, r.raw, r.headers['x-parley-signature'])).toBe(true);
    expect(r.headers['x-parley-delivery']).toBe(r.body.id);
    expect(r.body).toMatchObject({
      channelId: channel.id,
      externalId: '+15550222',
      message: { text: 'On its way!', author: { type: 'agent', name: 'Ana Agent' } },
    });

    await agent.api.post(`/api/v1/conversations/${id}/close`, {});
    await p.settle();
    expect(rx.received.filter((x) => x.body?.conversationId === id).map((x) => x.body.type)).toEqual([
      'message',
      'conversation.closed',
    ]);
    const state = await gw.get(`/api/v1/channel-api/conversations/${id}`);
    expect(state.body).toMatchObject({ id, status: 'closed', externalId: '+15550222' });
    agent.ws.close();
    await agent.api.put('/api/v1/agents/me/status', { availability: 'unavailable' });
  });

  it('takes a larger file as multipart, once per clientId, and refuses a missing field', async () => {
    const boundary = 'chtest';
    const part = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const form =
      part('externalId', '+15550333') +
      part('clientId', 'mms-1') +
      part('text', 'the receipt') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="receipt.txt"\r\nContent-Type: text/plain\r\n\r\n` +
      `Total: 42\r\n--${boundary}--\r\n`;
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const up = await gw.request('POST', '/api/v1/channel-api/files', form, headers);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const again = await gw.request('POST', '/api/v1/channel-api/files', form, headers);
    expect(again.body).toMatchObject({ conversationId: up.body.conversationId, duplicate: true });
    const items = (await gw.get(`/api/v1/channel-api/conversations/${up.body.conversationId}/messages`)).body.items;
    expect(items.filter((m: { kind: string }) => m.kind === 'file')).toHaveLength(1);
    const bad = await gw.request(
      'POST',
      '/api/v1/channel-api/files',
      part('externalId', 'x') + `--${boundary}--\r\n`,
      headers,
    );
    expect(bad.status).toBe(400);
  });

  it('retries a refused callback with backoff until the receiver takes it (the same delivery id)', async () => {
    const agent = await p.staff(['agent']);
    const started = await gw.post('/api/v1/channel-api/conversations', {
      externalId: 'retry-1',
      text: 'hi',
      clientId: 'retry-1-a',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id: string = started.body.conversationId;
    const took = await agent.api.post(`/api/v1/conversations/${id}/take`);
    expect(took.status, JSON.stringify(took.body)).toBe(200);
    rx.answer = () => ({ status: 503 });
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'reply', clientId: 'x1' });
    await p.settle();
    const tries = () => rx.received.filter((r) => r.body?.conversationId === id);
    expect(tries()).toHaveLength(1);
    p.fakeClock!.advance(9_000);
    await p.settle();
    expect(tries()).toHaveLength(1);
    p.fakeClock!.advance(1_000);
    await p.settle();
    expect(tries()).toHaveLength(2);
    // The console shows the channel failing, and why.
    const failing = (await admin.get(`/api/v1/channels/${channel.id}`)).body.status;
    expect(failing).toMatchObject({ state: 'error', detail: expect.stringContaining('503') });
    rx.answer = () => ({ status: 200 });
    p.fakeClock!.advance(20_000);
    await p.settle();
    expect(tries()).toHaveLength(3);
    expect(new Set(tries().map((r) => r.body.id)).size).toBe(1);
    expect((await admin.get(`/api/v1/channels/${channel.id}`)).body.status).toEqual({ state: 'ok' });
    p.fakeClock!.advance(600_000);
    await p.settle();
    expect(tries()).toHaveLength(3);
  });

  it('a rotated token replaces the old one at once; a rotated secret signs what follows', async () => {
    const rotated = await admin.post(`/api/v1/channels/${channel.id}/rotate`, { token: true, secret: true });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    const old = await gw.post('/api/v1/channel-api/contacts', { externalId: 'z' });
    expect(old.status).toBe(401);
    gw = p.api.as({ authorization: `Bearer ${rotated.body.token}` });
    channel = { ...channel, token: rotated.body.token, secret: rotated.body.secret };
    expect((await gw.post('/api/v1/channel-api/contacts', { externalId: 'z' })).status).toBe(201);
    const sig = await gw.post('/api/v1/channel-api/conversations', { externalId: 'z', text: 'yo', clientId: 'z-1' });
    const id = sig.body.conversationId;
    const staff = await p.staff(['agent']);
    const took = await staff.api.post(`/api/v1/conversations/${id}/take`);
    expect(took.status, JSON.stringify(took.body)).toBe(200);
    const sent = await staff.api.post(`/api/v1/conversations/${id}/messages`, { text: 'signed anew', clientId: 'z-r' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await p.settle();
    const r = rx.received.find((x) => x.body?.conversationId === id)!;
    expect(verify(rotated.body.secret, r.raw, r.headers['x-parley-signature'])).toBe(true);
  });

  it('keeps channels apart, refuses a disabled one, and refuses removing one that reached people', async () => {
    const other = await admin.post('/api/v1/channels', { type: 'api', name: 'Bot' });
    const bot = p.api.as({ authorization: `Bearer ${other.body.token}` });
    const mine = await gw.post('/api/v1/channel-api/conversations', {
      externalId: 'apart',
      text: 'x',
      clientId: 'ap-1',
    });
    expect((await bot.get(`/api/v1/channel-api/conversations/${mine.body.conversationId}/messages`)).status).toBe(404);
    // The same externalId on another channel is another identity.
    const theirs = await bot.post('/api/v1/channel-api/conversations', {
      externalId: 'apart',
      text: 'y',
      clientId: 'ap-1',
    });
    expect(theirs.body.conversationId).not.toBe(mine.body.conversationId);
    // Staff filter the lists and History by channel.
    await admin.patch('/api/v1/settings', { 'routing.acceptWithNoOnlineAgents': true });
    const v = await p.visitor();
    const web = await v.api.post('/api/v1/widget/conversations', { text: 'from the site' });
    const ids = async (ch: string) =>
      (await admin.get(`/api/v1/conversations?channel=${ch}&limit=100`)).body.items.map((c: { id: string }) => c.id);
    const botIds = await ids(other.body.channel.id);
    expect(botIds).toEqual([theirs.body.conversationId]);
    expect(await ids(channel.id)).toContain(mine.body.conversationId);
    expect(await ids(channel.id)).not.toContain(theirs.body.conversationId);
    expect(await ids('widget')).toEqual([web.body.conversation.id]);
    expect((await admin.get('/api/v1/conversations?channel=nope')).status).toBe(400);

    await admin.patch(`/api/v1/channels/${other.body.channel.id}`, { enabled: false });
    const off = await bot.post('/api/v1/channel-api/messages', { externalId: 'apart', text: 'z', clientId: 'ap-2' });
    expect(off.status).toBe(403);
    expect(off.body.code).toBe('channel.disabled');
    expect(
      (await admin.get('/api/v1/channels')).body.items.find((c: { id: string }) => c.id === other.body.channel.id)
        .status,
    ).toEqual({
      state: 'disabled',
    });
    expect((await admin.delete(`/api/v1/channels/${other.body.channel.id}`)).body.code).toBe('channel.in-use');
    const unused = await admin.post('/api/v1/channels', { type: 'api', name: 'Unused' });
    expect((await admin.delete(`/api/v1/channels/${unused.body.channel.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/channels/${unused.body.channel.id}`)).status).toBe(404);
    expect((await admin.delete('/api/v1/channels/widget')).body.code).toBe('channel.builtin');
    expect((await admin.patch('/api/v1/channels/widget', { enabled: false })).body.code).toBe('channel.builtin');
    expect((await admin.post('/api/v1/channels', { type: 'api', name: 'sms' })).body.code).toBe('channel.name-taken');
  });
});
