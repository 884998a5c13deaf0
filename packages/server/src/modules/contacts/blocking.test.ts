import { contactDetailsSchema } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

/**
 * Issue 16 item 6: a blocked channel cannot start a conversation nor write through any widget entry
 * point (HTTP and socket); the answer is the one a visitor gets when nobody is online, so it says
 * nothing about the block; the contact's other channels keep working; unblocking restores; audited.
 */
describe('blocking a contact channel', () => {
  let p: TestParley;
  let agent: Awaited<ReturnType<TestParley['staff']>>;
  let base: string;

  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
    agent = await p.staff(['manager'], { name: 'Blocker' });
    base = await p.baseUrl();
  });
  afterAll(() => p.stop());

  const neutral = (res: { status: number; body: any }, what: string) => {
    expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(409);
    expect(res.body.code, what).toBe('conversation.no-agent-online');
    expect(JSON.stringify(res.body).toLowerCase(), what).not.toContain('block');
  };

  async function upload(token: string, conversationId: string) {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('hello')], { type: 'text/plain' }), 'a.txt');
    const res = await fetch(`${base}/api/v1/widget/conversations/${conversationId}/files`, {
      method: 'POST',
      headers: { 'x-parley-visitor-token': token },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  it('refuses every widget entry point of the blocked channel, neutrally; other channels work; unblock restores', async () => {
    const v = await p.visitor({ name: 'Troll' });
    const contactId = (await p.visitors.get(v.visitorId)).contact_id;
    // The same person on another channel (as verification would link it): a second identity of the contact.
    const other = await p.visitor({ name: 'Troll elsewhere' });
    await p.db.kysely
      .updateTable('channel_identities')
      .set({ contact_id: contactId })
      .where('id', '=', other.visitorId)
      .execute();

    const started = await v.api.post('/api/v1/widget/conversations', { text: 'hello' });
    expect(started.status).toBe(201);
    const id = started.body.conversation.id as string;
    const sent = await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text: 'before' });
    expect(sent.status).toBe(201);
    await p.settle();

    const details = contactDetailsSchema.parse((await agent.api.get(`/api/v1/contacts/${contactId}`)).body);
    expect(details.channelList.map((c) => c.id).sort()).toEqual([v.visitorId, other.visitorId].sort());
    const block = await agent.api.post(`/api/v1/contacts/${contactId}/channels/${v.visitorId}/block`);
    expect(block.status, JSON.stringify(block.body)).toBe(200);
    expect(block.body).toMatchObject({ id: v.visitorId, blocked: true });

    // Every way in through HTTP.
    neutral(await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text: 'after' }), 'message');
    neutral(
      await v.api.patch(`/api/v1/widget/conversations/${id}/messages/${sent.body.id}`, { text: 'edited' }),
      'edit',
    );
    neutral(await v.api.delete(`/api/v1/widget/conversations/${id}/messages/${sent.body.id}`), 'delete');
    neutral(await upload(v.token, id), 'file');
    neutral(await v.api.post(`/api/v1/widget/conversations/${id}/typing`, { typing: true }), 'typing');
    const dept = (await (await p.admin()).post('/api/v1/departments', { name: 'Other desk' })).body as { id: string };
    neutral(await v.api.post(`/api/v1/widget/conversations/${id}/department`, { departmentId: dept.id }), 'dept');
    // Reading stays possible, and so does leaving; then a new start is refused too.
    expect((await v.api.get(`/api/v1/widget/conversations/${id}/messages`)).status).toBe(200);
    expect((await v.api.post(`/api/v1/widget/conversations/${id}/close`)).status).toBe(200);
    neutral(await v.api.post('/api/v1/widget/conversations', { text: 'again' }), 'start');
    neutral(await v.api.post('/api/v1/widget/conversations', {}), 'start without text');
    await p.settle();
    const texts = (await agent.api.get(`/api/v1/conversations/${id}/messages`)).body.items.map(
      (m: { text: string }) => m.text,
    );
    expect(texts).toContain('before');
    expect(texts).not.toContain('after');

    // The socket: following is reading (allowed); typing is writing (refused with the same answer).
    const ws = await WsClient.connect(base, { visitorToken: v.token });
    const reopened = await other.api.post('/api/v1/widget/conversations', { text: 'from my other channel' });
    expect(reopened.status, 'the other channel keeps working').toBe(201);
    ws.send({ type: 'subscribe', topic: 'conversation', id });
    await ws.next((f) => f.type === 'subscribed');
    ws.send({ type: 'typing', conversationId: id, typing: true });
    const err = await ws.next((f) => f.type === 'error');
    expect(err).toMatchObject({ code: 'conversation.no-agent-online' });
    await ws.close();

    // Unblock: the channel works again.
    const unblock = await agent.api.post(`/api/v1/contacts/${contactId}/channels/${v.visitorId}/unblock`);
    expect(unblock.body).toMatchObject({ blocked: false });
    const back = await v.api.post('/api/v1/widget/conversations', { text: 'sorry' });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    const msg = await v.api.post(`/api/v1/widget/conversations/${back.body.conversation.id}/messages`, {
      text: 'really',
    });
    expect(msg.status).toBe(201);

    // Both acts are in the audit log, with who did them.
    const audit = (await (await p.admin()).get(`/api/v1/audit?targetId=${v.visitorId}`)).body.items as any[];
    expect(audit.map((a) => a.action)).toEqual(['contact.channel-unblocked', 'contact.channel-blocked']);
    expect(audit[1]).toMatchObject({
      targetType: 'channel-identity',
      changes: { contactId, channel: 'widget', blocked: { from: false, to: true } },
    });
    expect(audit[1].actor.id).toBe(agent.userId);
  });

  it('a channel of another contact, or an unknown one, is not found; blocking twice changes nothing', async () => {
    const a = await p.visitor();
    const b = await p.visitor();
    const contactA = (await p.visitors.get(a.visitorId)).contact_id;
    const wrong = await agent.api.post(`/api/v1/contacts/${contactA}/channels/${b.visitorId}/block`);
    expect(wrong.status).toBe(404);
    expect(wrong.body.field).toBe('params.channelId');
    expect((await agent.api.post(`/api/v1/contacts/${contactA}/channels/not-a-uuid/block`)).status).toBe(400);
    await agent.api.post(`/api/v1/contacts/${contactA}/channels/${a.visitorId}/block`);
    const again = await agent.api.post(`/api/v1/contacts/${contactA}/channels/${a.visitorId}/block`);
    expect(again.status).toBe(200);
    const audit = (await (await p.admin()).get(`/api/v1/audit?targetId=${a.visitorId}`)).body.items as unknown[];
    expect(audit).toHaveLength(1);
  });
});
