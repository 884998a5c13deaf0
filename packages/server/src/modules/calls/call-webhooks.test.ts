import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WebhookReceiver } from '../../test-support/webhook-receiver.js';

/**
 * Issue 17 item 5: call started and ended reach the CRM webhook (crm.on.call, a LivechatCall body of
 * Parley's own) and endpoints subscribed to `call`; off by default, nothing is sent.
 */
describe('calls at the CRM webhook', () => {
  let p: TestParley;
  let rx: WebhookReceiver;
  beforeAll(async () => {
    rx = await WebhookReceiver.start();
    p = await startTestParley({
      settings: { ...byHand, 'calls.provider': 'jitsi', 'crm.webhookUrl': rx.url, 'crm.secretToken': 's3cret' },
    });
  });
  afterAll(async () => {
    await p.stop();
    await rx.stop();
  });

  const calls = () => rx.received.filter((r) => (r.body as { type?: string }).type === 'LivechatCall');

  it('sends nothing with crm.on.call off (the default), then a body at the start and at the end of a call', async () => {
    const admin = await p.admin();
    const agent = await p.onlineAgent({ name: 'Cora Caller' });
    const v = await p.visitor({ name: 'Vic' });
    const id = (await v.api.post('/api/v1/widget/conversations', { text: 'call me' })).body.conversation.id as string;
    await agent.api.post(`/api/v1/conversations/${id}/take`);

    const quiet = (await agent.api.post('/api/v1/calls', { conversationId: id, kind: 'audio' })).body;
    await agent.api.post(`/api/v1/calls/${quiet.id}/end`);
    await p.settle();
    expect(calls()).toHaveLength(0);

    await admin.patch('/api/v1/settings', { 'crm.on.call': true });
    const call = (await agent.api.post('/api/v1/calls', { conversationId: id, kind: 'video' })).body;
    await v.api.post(`/api/v1/widget/calls/${call.id}/decline`);
    await p.settle();
    const sent = calls().map((r) => r.body as Record<string, any>);
    expect(sent.map((b) => b.event)).toEqual(['started', 'ended']);
    expect(sent[0]).toMatchObject({
      _id: call.id,
      kind: 'video',
      direction: 'outbound',
      status: 'ringing',
      rid: id,
      agent: { _id: agent.userId, name: 'Cora Caller' },
      contact: { name: 'Vic' },
    });
    expect(sent[1]).toMatchObject({ _id: call.id, status: 'ended', outcome: 'declined' });
    await admin.patch('/api/v1/settings', { 'crm.on.call': false });
    await agent.ws.close();
  });

  it('a phone system call (no conversation) goes out on its own line, and to an endpoint subscribed to calls', async () => {
    const admin = await p.admin();
    const other = await WebhookReceiver.start();
    try {
      const endpoint = await admin.post('/api/v1/webhooks/endpoints', {
        name: 'Call log',
        url: other.url,
        events: ['call'],
      });
      expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
      const token = (await admin.post('/api/v1/auth/tokens', { name: 'PBX' })).body.token as string;
      const pbx = p.api.as({ authorization: `Bearer ${token}` });
      const reported = await pbx.post('/api/v1/calls/reports', {
        externalId: 'pbx-webhook-1',
        direction: 'inbound',
        from: '+1 415 555 2671',
        to: '+49 30 901820',
        startedAt: '2026-01-05T10:00:00.000Z',
        answeredAt: '2026-01-05T10:00:05.000Z',
        endedAt: '2026-01-05T10:02:05.000Z',
      });
      expect(reported.status, JSON.stringify(reported.body)).toBe(201);
      await p.settle();
      const bodies = other.received.map((r) => r.body as Record<string, any>);
      expect(bodies.map((b) => [b.type, b.event])).toEqual([
        ['LivechatCall', 'started'],
        ['LivechatCall', 'ended'],
      ]);
      expect(bodies[1]).toMatchObject({
        kind: 'phone',
        rid: null,
        fromNumber: '+14155552671',
        outcome: 'completed',
        durationSeconds: 120,
      });
      // crm.on.call is off: the CRM endpoint got none of it.
      expect(calls().filter((r) => (r.body as { _id?: string })._id === reported.body.id)).toHaveLength(0);
      await admin.delete(`/api/v1/webhooks/endpoints/${endpoint.body.id}`);
    } finally {
      await other.stop();
    }
  });
});
