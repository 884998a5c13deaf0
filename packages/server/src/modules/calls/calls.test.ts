import { callDetailsSchema, callPageSchema, callViewSchema, type MessageView, type ServerFrame } from '@parley/shared';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../test-support/api.js';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

const on = { 'calls.provider': 'jitsi' };
const SECRET = 'a-long-shared-secret-for-the-test-jitsi';

/**
 * Calls (issue 17): links in conversations (settings calls.provider, calls.jitsi.*), records and wrap-up
 * notes, a phone system's reports, the Calls tab's list, events, who sees what, bad input.
 */
describe('calls', () => {
  let p: TestParley;
  let admin: Api;
  let sales: string;
  const events: Array<{ name: string; payload: Record<string, unknown> }> = [];

  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
    admin = await p.admin();
    sales = (await admin.post('/api/v1/departments', { name: 'Sales' })).body.id;
    for (const name of ['call.started', 'call.ended'] as const)
      p.bus.on(name, (e) => void events.push({ name, payload: e.payload as unknown as Record<string, unknown> }));
  });
  afterAll(() => p.stop());

  /** A chat taken by an online agent; the visitor gave a phone number in the pre-chat form. */
  async function chat(phone = '+49 151 2345 6789') {
    const agent = await p.onlineAgent({ departmentIds: [sales], name: 'Ada Agent' });
    const v = await p.visitor({ departmentId: sales, name: 'Vera Visitor', phone });
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'call me?' })).body;
    const id = conversation.id as string;
    expect((await agent.api.post(`/api/v1/conversations/${id}/take`)).status).toBe(200);
    return { agent, v, id };
  }

  const settings = async (s: Record<string, unknown>) =>
    expect((await admin.patch('/api/v1/settings', s)).status).toBe(200);

  it('with calls.provider none (the default) starting a call is refused with a clear code; jitsi turns it on', async () => {
    const { agent, id } = await chat();
    const off = await agent.api.post('/api/v1/calls', { conversationId: id, kind: 'video' });
    expect(off.status).toBe(409);
    expect(off.body.code).toBe('call.provider-off');
    await settings(on);
    const started = await agent.api.post('/api/v1/calls', { conversationId: id, kind: 'video' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(callViewSchema.parse(started.body)).toMatchObject({
      kind: 'video',
      direction: 'outbound',
      status: 'ringing',
      outcome: null,
      conversationId: id,
      phone: '+4915123456789',
      agent: { id: agent.userId, name: 'Ada Agent' },
    });
    const settingsView = (await admin.get('/api/v1/settings')).body;
    const enforced = JSON.stringify(settingsView);
    expect(enforced).toContain('calls.provider');
  });

  it('posts a call card both sides see; the rooms are unguessable; audio-only via the URL config; calls.jitsi.baseUrl is used', async () => {
    await settings(on);
    const { agent, v, id } = await chat();
    const a = (await agent.api.post('/api/v1/calls', { conversationId: id, kind: 'video' })).body;
    const b = (await agent.api.post('/api/v1/calls', { conversationId: id, kind: 'audio' })).body;
    const history = (await v.api.get(`/api/v1/widget/conversations/${id}/messages`)).body.items as MessageView[];
    const cards = history.filter((m) => m.systemType === 'call');
    expect(cards.map((m) => m.data)).toEqual([
      { callId: a.id, kind: 'video', status: 'ringing', outcome: null },
      { callId: b.id, kind: 'audio', status: 'ringing', outcome: null },
    ]);
    expect(cards[1]!.text).toBe('Audio call started');
    const joinA = (await agent.api.post(`/api/v1/calls/${a.id}/join`)).body.url as string;
    const joinB = (await v.api.post(`/api/v1/widget/calls/${b.id}/join`)).body.url as string;
    const roomA = new URL(joinA).pathname.slice(1);
    expect(joinA.startsWith('https://meet.jit.si/parley-')).toBe(true);
    expect(roomA).toMatch(/^parley-[0-9a-f]{32}$/);
    expect(new URL(joinB).pathname.slice(1)).not.toBe(roomA);
    expect(new URL(joinA).hash).toBe('');
    expect(new URL(joinB).hash).toBe('#config.startWithVideoMuted=true&config.startAudioOnly=true');
    expect(new URL(joinA).searchParams.get('jwt')).toBeNull();

    await settings({ 'calls.jitsi.baseUrl': 'https://meet.example.org/rooms' });
    const moved = (await agent.api.post(`/api/v1/calls/${a.id}/join`)).body.url as string;
    expect(moved).toBe(`https://meet.example.org/rooms/${roomA}`);
    await settings({ 'calls.jitsi.baseUrl': '' });
    expect((await agent.api.post(`/api/v1/calls/${a.id}/join`)).body.code).toBe('call.provider-off');
    await settings({ 'calls.jitsi.baseUrl': 'https://meet.jit.si' });
  });

  it('with a JWT app id and secret the links carry an HS256 token for that room (moderator for the agent only)', async () => {
    await settings({ ...on, 'calls.jitsi.appId': 'parley-app', 'calls.jitsi.appSecret': SECRET });
    try {
      const { agent, v, id } = await chat();
      const call = (await agent.api.post('/api/v1/calls', { conversationId: id, kind: 'video' })).body;
      const key = new TextEncoder().encode(SECRET);
      const now = p.clock.now();
      const check = async (url: string) => {
        const jwt = new URL(url).searchParams.get('jwt')!;
        const { payload, protectedHeader } = await jwtVerify(jwt, key, {
          audience: 'jitsi',
          issuer: 'parley-app',
          subject: 'meet.jit.si',
          currentDate: now,
        });
        expect(protectedHeader.alg).toBe('HS256');
        expect(payload.room).toBe(new URL(url).pathname.slice(1));
        return payload as { context: { user: { moderator: boolean; name: string } } };
      };
      const staff = await check((await agent.api.post(`/api/v1/calls/${call.id}/join`)).body.url);
      const visitor = await check((await v.api.post(`/api/v1/widget/calls/${call.id}/join`)).body.url);
      expect(staff.context.user).toMatchObject({ moderator: true, name: 'Ada Agent' });
      expect(visitor.context.user).toMatchObject({ moderator: false, name: 'Vera Visitor' });
      // The secret is write-only: the settings list says only that it is set.
      expect(JSON.stringify((await admin.get('/api/v1/settings')).body)).not.toContain(SECRET);
    } finally {
      await settings({ 'calls.jitsi.appId': '', 'calls.jitsi.appSecret': '' });
    }
  });

  it('the visitor declines: the record says declined and the agent sees the card change live', async () => {
    await settings(on);
    const { agent, v, id } = await chat();
    agent.ws.send({ type: 'subscribe', topic: 'conversation', id });
    await agent.ws.next((f) => f.type === 'subscribed');
    const call = (await agent.api.post('/api/v1/calls', { conversationId: id, kind: 'video' })).body;
    const mark = agent.ws.frames.length;
    const declined = await v.api.post(`/api/v1/widget/calls/${call.id}/decline`);
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'ended', outcome: 'declined' });
    const frame = await agent.ws.next<Extract<ServerFrame, { type: 'message.created' | 'message.updated' }>>(
      (f) => f.type === 'message.updated' && (f.message.data as { callId?: string } | null)?.callId === call.id,
      mark,
    );
    expect(frame.message.data).toMatchObject({ status: 'ended', outcome: 'declined' });
    expect(frame.message.text).toBe('Video call declined');
    const rec = (await agent.api.get(`/api/v1/calls/${call.id}`)).body;
    expect(rec).toMatchObject({ status: 'ended', outcome: 'declined', durationSeconds: null });
    expect((await v.api.post(`/api/v1/widget/calls/${call.id}/decline`)).body.code).toBe('call.ended');
    expect((await v.api.post(`/api/v1/widget/calls/${call.id}/join`)).body.code).toBe('call.ended');
  });

  it('join answers, end completes with a duration, the agent writes and edits wrap-up notes; events on the bus', async () => {
    await settings(on);
    const { agent, v, id } = await chat();
    events.length = 0;
    const call = (await agent.api.post('/api/v1/calls', { conversationId: id, kind: 'audio' })).body;
    p.fakeClock!.advance(5_000);
    await v.api.post(`/api/v1/widget/calls/${call.id}/join`);
    p.fakeClock!.advance(95_000);
    const ended = await agent.api.post(`/api/v1/calls/${call.id}/end`);
    expect(ended.body).toMatchObject({ status: 'ended', outcome: 'completed', durationSeconds: 95 });
    expect(ended.body.answeredAt).not.toBeNull();
    expect((await agent.api.post(`/api/v1/calls/${call.id}/end`)).body.code).toBe('call.ended');
    const w1 = await agent.api.put(`/api/v1/calls/${call.id}/wrap-up`, { notes: 'Wants the premium plan' });
    expect(w1.body.wrapUpNotes).toBe('Wants the premium plan');
    const w2 = await agent.api.put(`/api/v1/calls/${call.id}/wrap-up`, {
      notes: 'Wants the premium plan; call back Monday',
    });
    expect(callViewSchema.parse(w2.body).wrapUpNotes).toBe('Wants the premium plan; call back Monday');
    await p.settle();
    expect(events.map((e) => e.name)).toEqual(['call.started', 'call.ended']);
    expect(events[1]!.payload).toMatchObject({ callId: call.id, outcome: 'completed', durationSeconds: 95 });
    // Not answered and ended: missed. Closing the conversation ends a ringing call too.
    const missed = (await agent.api.post('/api/v1/calls', { conversationId: id, kind: 'video' })).body;
    expect((await agent.api.post(`/api/v1/conversations/${id}/close`, {})).status).toBe(200);
    expect((await agent.api.get(`/api/v1/calls/${missed.id}`)).body).toMatchObject({
      status: 'ended',
      outcome: 'missed',
    });
  });

  it('a phone system reports calls with an admin access token: numbers in E.164, unknown numbers make unknown contacts, updates by externalId', async () => {
    const agent = await p.staff(['agent'], { name: 'Phil Phone' });
    const token = (await admin.post('/api/v1/auth/tokens', { name: 'PBX' })).body.token as string;
    const pbx = p.api.as({ authorization: `Bearer ${token}` });
    const started = await pbx.post('/api/v1/calls/reports', {
      externalId: 'pbx-1',
      direction: 'inbound',
      from: '+1 (415) 555-2671',
      to: '+49 30 901820',
      startedAt: '2026-01-05T10:00:00.000Z',
      agentId: agent.userId,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body).toMatchObject({
      kind: 'phone',
      direction: 'inbound',
      status: 'ringing',
      phone: '+14155552671',
      fromNumber: '+14155552671',
      toNumber: '+4930901820',
      contact: { name: null, unknown: true },
    });
    const contactId = started.body.contact.id as string;
    const contact = (await admin.get(`/api/v1/contacts/${contactId}`)).body;
    expect(contact.phones).toEqual(['+14155552671']);
    expect(contact.channelList.map((c: { channel: string }) => c.channel)).toEqual(['phone']);
    const ended = await pbx.post('/api/v1/calls/reports', {
      externalId: 'pbx-1',
      direction: 'inbound',
      from: '+14155552671',
      to: '+4930901820',
      startedAt: '2026-01-05T10:00:00.000Z',
      answeredAt: '2026-01-05T10:00:10.000Z',
      endedAt: '2026-01-05T10:03:10.000Z',
      recordingUrl: 'https://pbx.example.com/rec/1.mp3',
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      id: started.body.id,
      status: 'ended',
      outcome: 'completed',
      durationSeconds: 180,
      recordingUrl: 'https://pbx.example.com/rec/1.mp3',
      agent: { id: agent.userId },
    });
    // The same number again (another format): the same contact.
    const again = await pbx.post('/api/v1/calls/reports', {
      externalId: 'pbx-2',
      direction: 'outbound',
      from: '+4930901820',
      to: '0014155552671',
      startedAt: '2026-01-06T09:00:00.000Z',
      endedAt: '2026-01-06T09:00:30.000Z',
      agentId: agent.userId,
    });
    expect(again.body).toMatchObject({ contact: { id: contactId }, outcome: 'missed', durationSeconds: null });
    // The agent's wrap-up prompt: their ended calls without notes.
    const pending = (await agent.api.get('/api/v1/calls?wrapUp=pending')).body;
    expect(pending.items.map((c: { externalId: string }) => c.externalId)).toEqual(['pbx-2', 'pbx-1']);
    // Details: the last call with the same contact.
    const details = callDetailsSchema.parse((await agent.api.get(`/api/v1/calls/${again.body.id}`)).body);
    expect(details.previousCall?.id).toBe(started.body.id);
    // Agents may not report; an agent's token neither.
    expect((await agent.api.post('/api/v1/calls/reports', {})).status).toBe(403);
  });

  it('bad input: 400 naming the field (numbers, times, ids); unknown conversation', async () => {
    const pbx = admin;
    const base = {
      externalId: 'bad-1',
      direction: 'inbound',
      from: '+14155550100',
      to: '+4930901820',
      startedAt: '2026-01-05T10:00:00.000Z',
    };
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ from: '12' }, 'body.from', 'call.phone-invalid'],
      [{ to: 'not a number' }, 'body.to', 'call.phone-invalid'],
      [{ endedAt: '2026-01-05T09:59:00.000Z' }, 'body.endedAt', 'call.times-invalid'],
      [{ answeredAt: '2026-01-05T09:00:00.000Z' }, 'body.answeredAt', 'call.times-invalid'],
      [{ agentId: '0190aaaa-0000-7000-8000-000000000000' }, 'body.agentId', 'request.invalid'],
      [{ contactId: '0190aaaa-0000-7000-8000-000000000000' }, 'body.contactId', 'request.invalid'],
      [{ outcome: 'declined' }, 'body.outcome', 'request.invalid'],
      [{ direction: 'sideways' }, 'body.direction', 'request.invalid'],
      [{ startedAt: 'yesterday' }, 'body.startedAt', 'request.invalid'],
    ];
    for (const [change, field, code] of cases) {
      const r = await pbx.post('/api/v1/calls/reports', { ...base, ...change });
      expect([r.status, r.body.code, r.body.field], JSON.stringify(change)).toEqual([400, code, field]);
    }
    expect((await admin.get('/api/v1/calls?q=4155550100')).body.total).toBe(0); // nothing half-written
    await settings(on);
    const agent = await p.staff(['agent']);
    const unknown = await agent.api.post('/api/v1/calls', {
      conversationId: '0190aaaa-0000-7000-8000-000000000000',
      kind: 'video',
    });
    expect([unknown.status, unknown.body.field]).toEqual([400, 'body.conversationId']);
    const kind = await agent.api.post('/api/v1/calls', {
      conversationId: '0190aaaa-0000-7000-8000-000000000000',
      kind: 'fax',
    });
    expect([kind.status, kind.body.field]).toEqual([400, 'body.kind']);
    const range = await admin.get('/api/v1/calls?from=2026-02-01T00:00:00.000Z&to=2026-01-01T00:00:00.000Z');
    expect([range.status, range.body.field]).toEqual([400, 'query.to']);
    const contact = await admin.get('/api/v1/calls?contactId=0190aaaa-0000-7000-8000-000000000000');
    expect([contact.status, contact.body.field]).toEqual([400, 'query.contactId']);
  });

  it('the Calls tab: newest first, search by name or phone digits, filters; agents see their own calls, managers all', async () => {
    await settings(on);
    const { agent, v, id } = await chat('+44 20 7946 0958');
    const link = (await agent.api.post('/api/v1/calls', { conversationId: id, kind: 'video' })).body;
    const other = await p.onlineAgent({ departmentIds: [sales] });
    const manager = await p.staff(['manager']);
    const monitor = await p.staff(['monitor']);
    const pbxCall = (
      await admin.post('/api/v1/calls/reports', {
        externalId: 'tab-1',
        direction: 'inbound',
        from: '+44 20 7946 0958',
        to: '+4930901820',
        startedAt: new Date(p.clock.now().getTime() + 60_000).toISOString(),
        agentId: other.userId,
      })
    ).body;
    // The phone call found the visitor's contact by the number they typed in the pre-chat form.
    expect(pbxCall.contact.id).toBe(link.contact.id);
    const ids = (r: { body: { items: Array<{ id: string }> } }) => r.body.items.map((c) => c.id);
    const all = await manager.api.get('/api/v1/calls?q=020 7946 0958');
    expect(ids(all)).toEqual([]); // a national number without the country code has other digits
    const byDigits = await manager.api.get(`/api/v1/calls?q=${encodeURIComponent('+44 20 7946 0958')}`);
    expect(callPageSchema.parse(byDigits.body).total).toBe(2);
    expect(ids(byDigits)).toEqual([pbxCall.id, link.id]); // newest first
    expect(ids(await manager.api.get('/api/v1/calls?q=79460958'))).toEqual([pbxCall.id, link.id]);
    expect(ids(await manager.api.get('/api/v1/calls?q=vera&kind=phone'))).toContain(pbxCall.id);
    expect(ids(await manager.api.get('/api/v1/calls?q=79460958&direction=outbound'))).toEqual([link.id]);
    expect(ids(await manager.api.get(`/api/v1/calls?q=79460958&agentId=${other.userId}`))).toEqual([pbxCall.id]);
    expect(ids(await monitor.api.get('/api/v1/calls?q=79460958'))).toEqual([pbxCall.id, link.id]);
    // Agents: their own calls only, in the list and by id.
    expect(ids(await agent.api.get('/api/v1/calls?q=79460958'))).toEqual([link.id]);
    expect(ids(await other.api.get('/api/v1/calls?q=79460958'))).toEqual([pbxCall.id]);
    expect((await other.api.get(`/api/v1/calls/${link.id}`)).status).toBe(404);
    expect((await other.api.put(`/api/v1/calls/${link.id}/wrap-up`, { notes: 'x' })).status).toBe(404);
    expect((await monitor.api.put(`/api/v1/calls/${link.id}/wrap-up`, { notes: 'x' })).status).toBe(403);
    // Date range and outcome.
    await v.api.post(`/api/v1/widget/calls/${link.id}/decline`);
    expect(ids(await manager.api.get('/api/v1/calls?q=79460958&outcome=declined'))).toEqual([link.id]);
    const later = new Date(p.clock.now().getTime() + 30_000).toISOString();
    expect(ids(await manager.api.get(`/api/v1/calls?q=79460958&from=${later}`))).toEqual([pbxCall.id]);
    expect(ids(await manager.api.get(`/api/v1/calls?q=79460958&to=${later}`))).toEqual([link.id]);
    // Another visitor cannot see or touch this call.
    const stranger = await p.visitor({});
    expect((await stranger.api.post(`/api/v1/widget/calls/${link.id}/join`)).status).toBe(404);
  });

  it('the visitor’s socket gets the card live', async () => {
    await settings(on);
    const { agent, v, id } = await chat();
    const vws = await WsClient.connect(await p.baseUrl(), { visitorToken: v.token });
    vws.send({ type: 'subscribe', topic: 'conversation', id });
    await vws.next((f) => f.type === 'subscribed');
    const call = (await agent.api.post('/api/v1/calls', { conversationId: id, kind: 'video' })).body;
    const f = await vws.next<Extract<ServerFrame, { type: 'message.created' | 'message.updated' }>>(
      (x) => x.type === 'message.created' && x.message.systemType === 'call',
    );
    expect(f.message.data).toMatchObject({ callId: call.id, status: 'ringing' });
    vws.close();
  });
});
