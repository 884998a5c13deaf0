import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../test-support/api.js';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { TestSmtp } from '../../test-support/smtp.js';

/** Issue 22: inbound for the channels other than the widget (the email and API channels both call it). */
describe('channels.inbound.receive', () => {
  let p: TestParley;
  let smtp: TestSmtp;
  let admin: Api;
  let channelId: string;
  let n = 0;
  const clientId = () => `c-${++n}`;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    p = await startTestParley({ env: { SMTP_URL: smtp.url } });
    admin = await p.admin();
    const created = await admin.post('/api/v1/channels', { type: 'api', name: 'SMS gateway' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    channelId = created.body.channel.id;
  });
  afterAll(async () => {
    await p.stop();
    await smtp.close();
  });

  const receive = (over: Partial<Parameters<TestParley['channels']['inbound']['receive']>[0]> = {}) =>
    p.channels.inbound.receive({
      channelId,
      sender: { externalId: '+15550100001' },
      text: 'hello',
      clientId: clientId(),
      ...over,
    });

  it('a new identity gets a new conversation in its channel, routed to an online agent; the same identity continues it', async () => {
    const agent = await p.onlineAgent({ name: 'Olga Online' });
    const first = await receive({ sender: { externalId: '+15550100002', name: 'Sam Sender', phone: '+15550100002' } });
    expect(first).toMatchObject({ createdConversation: true, duplicate: false });
    await p.settle();
    const c = await p.conv.conversations.peek(first.conversationId);
    expect(c).toMatchObject({ channel: channelId, status: 'open', agent_id: agent.userId, visitor_name: 'Sam Sender' });
    const seen = await agent.api.get(`/api/v1/conversations/${first.conversationId}/messages`);
    expect(seen.body.items.map((m: { text: string }) => m.text)).toContain('hello');

    const again = await receive({ sender: { externalId: '+15550100002' }, text: 'are you there?' });
    expect(again).toMatchObject({ conversationId: first.conversationId, createdConversation: false, duplicate: false });
    const texts = (await agent.api.get(`/api/v1/conversations/${first.conversationId}/messages`)).body.items.map(
      (m: { text: string }) => m.text,
    );
    expect(texts).toEqual(expect.arrayContaining(['hello', 'are you there?']));
    agent.ws.close();
    await agent.api.put('/api/v1/agents/me/status', { availability: 'unavailable' });
  });

  it('a repeated clientId is stored once and answered with the first result, even after the conversation closed', async () => {
    const id = clientId();
    const first = await receive({ sender: { externalId: 'dup-1' }, clientId: id, text: 'once' });
    const repeat = await receive({ sender: { externalId: 'dup-1' }, clientId: id, text: 'once' });
    expect(repeat).toEqual({ ...first, createdConversation: false, duplicate: true });
    await p.conv.lifecycle.close(first.conversationId, { type: 'system', reason: 'test' });
    const late = await receive({ sender: { externalId: 'dup-1' }, clientId: id, text: 'once' });
    expect(late).toMatchObject({ conversationId: first.conversationId, messageId: first.messageId, duplicate: true });
    const items = (await admin.get(`/api/v1/conversations/${first.conversationId}/messages`)).body.items;
    expect(items.filter((m: { text: string }) => m.text === 'once')).toHaveLength(1);
    // A new message after the close opens a new conversation for the same person.
    const next = await receive({ sender: { externalId: 'dup-1' }, text: 'back again' });
    expect(next.createdConversation).toBe(true);
    expect(next.conversationId).not.toBe(first.conversationId);
    const [a, b] = await Promise.all([
      p.conv.conversations.peek(first.conversationId),
      p.conv.conversations.peek(next.conversationId),
    ]);
    expect(a!.contact_id).toBe(b!.contact_id);
  });

  it('a widget visitor whose email was verified and the channel sender with that email are one contact', async () => {
    const v = await p.visitor({ name: 'Vera', email: 'vera@example.test' });
    const asked = await v.api.post('/api/v1/widget/verification/code', {});
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const mail = await smtp.next((m) => m.to.includes('vera@example.test'));
    const code = /verification code: (\d{6})/.exec(mail.raw)![1]!;
    expect((await v.api.post('/api/v1/widget/verification/check', { code })).status).toBe(200);
    const visitor = (await admin.get(`/api/v1/visitors/${v.visitorId}`)).body;

    const r = await receive({ sender: { externalId: 'app-user-77', email: 'Vera@Example.test', name: 'Vera' } });
    const c = await p.conv.conversations.peek(r.conversationId);
    expect(c!.contact_id).toBe(visitor.contact.id);
    const contact = (await admin.get(`/api/v1/contacts/${visitor.contact.id}`)).body;
    expect(contact.channelList.map((ch: { channel: string }) => ch.channel).sort()).toEqual(
      [channelId, 'widget'].sort(),
    );
  });

  it('a phone matching a contact joins it; an unknown person gets a contact of their own', async () => {
    const known = await receive({ sender: { externalId: 'x-1', phone: '+44 20 7946 0958' } });
    const other = await receive({ sender: { externalId: 'x-2', phone: '+442079460958' } });
    const stranger = await receive({ sender: { externalId: 'x-3' } });
    const [a, b, s] = await Promise.all(
      [known, other, stranger].map((r) => p.conv.conversations.peek(r.conversationId)),
    );
    expect(a!.contact_id).toBe(b!.contact_id);
    expect(s!.contact_id).not.toBe(a!.contact_id);
  });

  it('refuses a disabled channel', async () => {
    const ch = (await admin.post('/api/v1/channels', { type: 'api', name: 'Soon off' })).body.channel;
    await admin.patch(`/api/v1/channels/${ch.id}`, { enabled: false });
    await expect(receive({ channelId: ch.id })).rejects.toMatchObject({ code: 'channel.disabled' });
    await admin.patch(`/api/v1/channels/${ch.id}`, { enabled: true });
    await expect(receive({ channelId: ch.id })).resolves.toMatchObject({ createdConversation: true });
  });

  it('refuses a blocked channel identity as the widget does; the contact’s other channels still work', async () => {
    const r = await receive({ sender: { externalId: 'blocked-1', email: 'blocked@example.test' } });
    const c = (await p.conv.conversations.peek(r.conversationId))!;
    const blocked = await admin.post(`/api/v1/contacts/${c.contact_id}/channels/${c.visitor_id}/block`);
    expect(blocked.status, JSON.stringify(blocked.body)).toBe(200);
    await expect(receive({ sender: { externalId: 'blocked-1' } })).rejects.toMatchObject({
      code: 'conversation.no-agent-online',
    });
    const items = (await admin.get(`/api/v1/conversations/${r.conversationId}/messages`)).body.items;
    expect(items.filter((m: { kind: string }) => m.kind !== 'system')).toHaveLength(1);
  });

  it('stores attachments through the uploads (within their limits) and refuses an empty message', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const r = await receive({
      sender: { externalId: 'files-1' },
      text: 'see the picture',
      attachments: [{ filename: 'dot.png', contentType: 'image/png', data: png }],
    });
    const items = (await admin.get(`/api/v1/conversations/${r.conversationId}/messages`)).body.items;
    expect(items.find((m: { kind: string }) => m.kind === 'file').attachment).toMatchObject({
      name: 'dot.png',
      contentType: 'image/png',
      size: png.length,
    });
    await expect(receive({ sender: { externalId: 'files-1' }, text: '  ' })).rejects.toMatchObject({
      code: 'message.empty',
    });
    await expect(
      receive({
        sender: { externalId: 'files-1' },
        attachments: [{ filename: 'x.exe', contentType: 'application/x-msdownload', data: Buffer.from('MZ') }],
      }),
    ).rejects.toMatchObject({ code: 'upload.type-not-allowed' });
  });

  it('a message whose file failed after its text was stored: the retry stores the file, not the text again', async () => {
    const id = clientId();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const send = (contentType: string) =>
      receive({
        sender: { externalId: 'half-1' },
        clientId: id,
        text: 'the receipt',
        attachments: [{ filename: 'receipt.png', contentType, data: png }],
      });
    await expect(send('application/x-msdownload')).rejects.toMatchObject({ code: 'upload.type-not-allowed' });
    const retried = await send('image/png');
    expect(retried.duplicate).toBe(false);
    const items = (await admin.get(`/api/v1/conversations/${retried.conversationId}/messages`)).body.items as Array<{
      id: string;
      kind: string;
      text: string;
    }>;
    expect(items.filter((m) => m.text === 'the receipt')).toHaveLength(1);
    expect(items.filter((m) => m.kind === 'file')).toHaveLength(1);
    expect(retried.messageId).toBe(items.find((m) => m.text === 'the receipt')!.id);
    // Whole now: a third try is a repeat answered with the first part.
    expect(await send('image/png')).toMatchObject({ duplicate: true, messageId: retried.messageId });
  });
});
