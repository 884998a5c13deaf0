import {
  mentionableSchema,
  mentionListSchema,
  mentionViewSchema,
  noteSentSchema,
  type MentionView,
  type MessageView,
  type ServerFrame,
} from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { TestSmtp } from '../../test-support/smtp.js';
import { WsClient } from '../../test-support/ws-client.js';
import { mentionedUsernames } from './notes.service.js';

const NOTE = 'Internal: this customer was refunded twice, check with billing';

/**
 * Internal notes (issue 18, item 2): staff who may read the conversation see them, the visitor never does
 * (widget HTTP API, the visitor's socket live and on replay, the transcript email); they are not a reply;
 * `@username` notifies a colleague who may read the conversation, and nobody else.
 */
describe('internal notes and mentions', () => {
  let p: TestParley;
  let smtp: TestSmtp;
  let sales: string;
  let support: string;
  beforeAll(async () => {
    smtp = await TestSmtp.start();
    p = await startTestParley({
      env: { SMTP_URL: smtp.url },
      settings: { ...byHand, 'general.transcript.ask': true, 'sessions.autoTransferUnansweredSeconds': 30 },
    });
    const admin = await p.admin();
    sales = (await admin.post('/api/v1/departments', { name: 'Sales' })).body.id;
    support = (await admin.post('/api/v1/departments', { name: 'Support' })).body.id;
  });
  afterAll(async () => {
    await p.stop();
    await smtp.close();
  });

  const username = async (userId: string) => (await p.users.byId(userId))!.username;
  const hasNote = (frames: ServerFrame[]) => JSON.stringify(frames).includes('refunded twice');

  /** A sales chat taken by a sales agent, the visitor's socket following it. */
  async function salesChat() {
    const agent = await p.onlineAgent({ departmentIds: [sales] });
    const v = await p.visitor({ departmentId: sales });
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'where is my refund?' })).body;
    const id = conversation.id as string;
    expect((await agent.api.post(`/api/v1/conversations/${id}/take`)).status).toBe(200);
    const vws = await WsClient.connect(await p.baseUrl(), { visitorToken: v.token });
    vws.send({ type: 'subscribe', topic: 'conversation', id });
    await vws.next((f) => f.type === 'subscribed');
    return { agent, v, vws, id };
  }

  it('parses @usernames: at a word start, each once, not in email addresses, without trailing dots', () => {
    expect(mentionedUsernames('@Ann and @bob.smith, ask @ann. mail ann@example.com')).toEqual(['ann', 'bob.smith']);
    expect(mentionedUsernames('no mention here')).toEqual([]);
  });

  it('staff see the note (API and socket); the visitor never does (API, socket live and replayed, transcript, edits)', async () => {
    const { agent, v, vws, id } = await salesChat();
    const colleague = await p.onlineAgent({ departmentIds: [sales] });
    colleague.ws.send({ type: 'subscribe', topic: 'conversation', id });
    await colleague.ws.next((f) => f.type === 'subscribed');
    const before = (await v.api.get(`/api/v1/widget/conversations/${id}`)).body;

    const sent = await agent.api.post(`/api/v1/conversations/${id}/notes`, { text: NOTE, clientId: 'n-1' });
    expect(sent.status).toBe(201);
    expect(noteSentSchema.strict().parse(sent.body)).toEqual(sent.body);
    const note = sent.body.message as MessageView;
    expect(note).toMatchObject({ kind: 'note', text: NOTE, author: { type: 'agent', id: agent.userId } });
    // A retried note is stored once.
    const again = await agent.api.post(`/api/v1/conversations/${id}/notes`, { text: NOTE, clientId: 'n-1' });
    expect(again.status).toBe(200);
    expect(again.body.message.id).toBe(note.id);
    // The visitor writes after it, the agent answers: the visitor gets those, never the note.
    await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text: 'hello?' });
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'Checking now' });
    await p.settle();

    // Staff: the colleague of the department through the API and live on the socket.
    const staffHistory = (await colleague.api.get(`/api/v1/conversations/${id}/messages`)).body.items;
    expect(staffHistory.filter((m: MessageView) => m.kind === 'note').map((m: MessageView) => m.text)).toEqual([NOTE]);
    const frame = await colleague.ws.next(
      (f) => f.type === 'message.created' && f.message.kind === 'note' && f.message.text === NOTE,
    );
    expect(frame).toBeTruthy();

    // Visitor: the widget history (any paging), the live socket, a socket replaying from 0, the conversation.
    await vws.next((f) => f.type === 'message.created' && f.message.text === 'Checking now');
    for (const q of [
      '',
      '?after=0',
      `?before=${note.seq + 5}`,
      '?changedSince=0',
      '?limit=1&after=' + (note.seq - 1),
    ]) {
      const items = (await v.api.get(`/api/v1/widget/conversations/${id}/messages${q}`)).body.items as MessageView[];
      expect(
        items.some((m) => m.kind === 'note' || m.text.includes('refunded')),
        q,
      ).toBe(false);
    }
    // A page right after the note's place is full of what the visitor may see (notes are not counted).
    const page = (await v.api.get(`/api/v1/widget/conversations/${id}/messages?limit=1&after=${note.seq - 1}`)).body;
    expect(page.items.map((m: MessageView) => m.text)).toEqual(['hello?']);
    expect(hasNote(vws.frames)).toBe(false);
    const replay = await WsClient.connect(await p.baseUrl(), { visitorToken: v.token });
    replay.send({ type: 'subscribe', topic: 'conversation', id, since: 0 });
    await replay.next((f) => f.type === 'subscribed');
    expect(replay.frames.some((f) => f.type === 'message.created' && f.message.text === 'hello?')).toBe(true);
    expect(hasNote(replay.frames)).toBe(false);
    const after = (await v.api.get(`/api/v1/widget/conversations/${id}`)).body;
    expect(JSON.stringify(after)).not.toContain('refunded');
    expect(after.status).toBe(before.status);

    // The staff's last message is the visitor's/agent's chat, not the note.
    const conv = (await colleague.api.get(`/api/v1/conversations/${id}`)).body;
    expect(conv.lastMessagePreview).toBe('Checking now');

    // The author edits the note: staff see it, the visitor's socket gets nothing; the visitor cannot touch it.
    await agent.api.patch(`/api/v1/conversations/${id}/messages/${note.id}`, { text: `${NOTE} (twice!)` });
    await p.settle();
    await colleague.ws.next((f) => f.type === 'message.updated' && f.message.id === note.id);
    const touch = await v.api.patch(`/api/v1/widget/conversations/${id}/messages/${note.id}`, { text: 'x' });
    expect(touch.status).toBe(404);
    expect(touch.body.code).toBe('message.not-found');
    expect(hasNote(vws.frames)).toBe(false);

    // The transcript emailed to the visitor.
    expect(
      (await v.api.post(`/api/v1/widget/conversations/${id}/transcript`, { email: 'vera@example.test' })).status,
    ).toBe(202);
    await agent.api.post(`/api/v1/conversations/${id}/close`, {});
    await expect
      .poll(async () => (await p.jobs.runDue()) + smtp.mails.filter((m) => m.to.includes('vera@example.test')).length)
      .toBeGreaterThan(0);
    const mail = await smtp.next((m) => m.to.includes('vera@example.test'));
    // Quoted-printable: soft line breaks joined, so a split word cannot hide.
    const text = mail.raw.replace(/=\r?\n/g, '');
    expect(text).toContain('Checking now');
    expect(text).toContain('where is my refund?');
    expect(text).not.toContain('refunded');
    expect(text).not.toContain('billing');
    expect(hasNote(vws.frames)).toBe(false);

    // A closed conversation still takes notes (they do not reopen it).
    expect((await agent.api.post(`/api/v1/conversations/${id}/notes`, { text: 'followed up by phone' })).status).toBe(
      201,
    );
    await p.settle();
    expect((await colleague.api.get(`/api/v1/conversations/${id}`)).body.status).toBe('closed');
    expect(hasNote(vws.frames) || JSON.stringify(vws.frames).includes('followed up')).toBe(false);
    for (const ws of [vws, replay, agent.ws, colleague.ws]) await ws.close();
  });

  it('refuses notes from those who may not read the conversation, monitors, and empty ones', async () => {
    const { agent, v, vws, id } = await salesChat();
    const outsider = await p.staff(['agent']);
    const monitor = await p.staff(['monitor']);
    expect((await outsider.api.post(`/api/v1/conversations/${id}/notes`, { text: 'hi' })).body.code).toBe(
      'conversation.not-found',
    );
    expect((await monitor.api.post(`/api/v1/conversations/${id}/notes`, { text: 'hi' })).status).toBe(403);
    const empty = await agent.api.post(`/api/v1/conversations/${id}/notes`, { text: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'message.empty', field: 'body.text' });
    const bad = await agent.api.post(`/api/v1/conversations/${id}/notes`, { text: 5 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('text');
    // The visitor's token does not reach the staff route.
    expect((await v.api.post(`/api/v1/conversations/${id}/notes`, { text: 'hi' })).status).toBe(401);
    for (const ws of [vws, agent.ws]) await ws.close();
  });

  it('a mention notifies a colleague who may read the chat (stored and live), not one of another department', async () => {
    const { agent, vws, id } = await salesChat();
    const colleague = await p.onlineAgent({ departmentIds: [sales] });
    const outsider = await p.onlineAgent({ departmentIds: [support] });
    const [mate, other] = [await username(colleague.userId), await username(outsider.userId)];
    const offline = await p.staff(['agent']);
    await p.departments.setAgents(
      sales,
      [...(await p.departments.get(sales)).agents.map((a) => a.userId), offline.userId],
      { kind: 'anonymous' },
    );
    const offlineName = await username(offline.userId);

    const sent = await agent.api.post(`/api/v1/conversations/${id}/notes`, {
      text: `@${mate} and @${other} and @${offlineName.toUpperCase()}: can you check? also @nobody-here`,
    });
    expect(sent.status).toBe(201);
    expect([...sent.body.mentioned].sort()).toEqual([mate, offlineName].sort());
    await p.settle();

    // Live, on the colleague's staff socket (not subscribed to the conversation).
    const live = await colleague.ws.next((f) => f.type === 'mention.created');
    const mention = (live as { mention: MentionView }).mention;
    expect(mention).toMatchObject({ conversationId: id, messageId: sent.body.message.id, by: { id: agent.userId } });
    expect(mention.excerpt).toContain('can you check');
    // Stored: the offline colleague finds it later; the outsider has none and got no frame.
    const list = (await offline.api.get('/api/v1/mentions?unread=true')).body;
    expect(mentionListSchema.parse(list)).toEqual(list);
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({ conversationId: id, readAt: null });
    expect((await outsider.api.get('/api/v1/mentions')).body).toEqual({ items: [], unread: 0 });
    expect(outsider.ws.frames.some((f) => f.type === 'mention.created')).toBe(false);
    // …and the link does not open the conversation for them.
    expect((await outsider.api.get(`/api/v1/conversations/${id}`)).status).toBe(404);
    expect(vws.frames.some((f) => f.type === 'mention.created')).toBe(false);

    // Reading: one, then the conversation's; another's mention is not theirs to mark.
    expect((await outsider.api.post(`/api/v1/mentions/${mention.id}/read`)).status).toBe(404);
    const read = await colleague.api.post(`/api/v1/mentions/${mention.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect(mentionViewSchema.parse(read.body)).toEqual(read.body);
    expect((await colleague.api.get('/api/v1/mentions?unread=true')).body).toEqual({ items: [], unread: 0 });
    expect((await colleague.api.get('/api/v1/mentions')).body.items).toHaveLength(1);
    expect((await offline.api.post('/api/v1/mentions/read', { conversationId: id })).body).toEqual({ marked: 1 });
    expect((await offline.api.get('/api/v1/mentions')).body.unread).toBe(0);
    expect((await offline.api.get('/api/v1/mentions?unread=maybe')).status).toBe(400);
    // Deleting the note takes its mentions away (their excerpts with them); an edit mentions nobody new.
    await agent.api.patch(`/api/v1/conversations/${id}/messages/${sent.body.message.id}`, {
      text: `@${mate} edited`,
    });
    await p.settle();
    expect((await colleague.api.get('/api/v1/mentions')).body.items).toHaveLength(1);
    expect((await agent.api.delete(`/api/v1/conversations/${id}/messages/${sent.body.message.id}`)).status).toBe(200);
    expect((await offline.api.get('/api/v1/mentions')).body).toEqual({ items: [], unread: 0 });
    expect((await colleague.api.get('/api/v1/mentions')).body.items).toEqual([]);

    // The picker lists those who may read it (not the author, not the outsider).
    const mentionable = (await agent.api.get(`/api/v1/conversations/${id}/mentionable`)).body;
    expect(mentionableSchema.parse(mentionable)).toEqual(mentionable);
    const picker = mentionable.items.map((u: { username: string }) => u.username);
    expect(picker).toEqual(expect.arrayContaining([mate, offlineName]));
    expect(picker).not.toContain(other);
    expect(picker).not.toContain(await username(agent.userId));
    for (const ws of [vws, agent.ws, colleague.ws, outsider.ws]) await ws.close();
  });

  it('a note is not a reply: the unanswered auto-transfer still fires, metrics do not count it', async () => {
    const a = await p.onlineAgent({ departmentIds: [support] });
    const b = await p.onlineAgent({ departmentIds: [support] });
    const v = await p.visitor({ departmentId: support });
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'anyone?' })).body;
    const id = conversation.id as string;
    await a.api.post(`/api/v1/conversations/${id}/take`);
    await p.settle();
    expect(await p.sessions.unanswered.dueAt(id)).toBeDefined();
    p.fakeClock!.advance(10_000);
    expect((await a.api.post(`/api/v1/conversations/${id}/notes`, { text: 'looking up the order' })).status).toBe(201);
    await p.settle();
    expect(await p.sessions.unanswered.dueAt(id)).toBeDefined();
    const conv = (await a.api.get(`/api/v1/conversations/${id}`)).body;
    expect(conv.metrics).toMatchObject({ firstResponseSeconds: null, reactionSeconds: null, responseCount: 0 });
    p.fakeClock!.advance(20_000);
    await p.settle();
    await p.dispatchOnce();
    const moved = (await (await p.admin()).get(`/api/v1/conversations/${id}`)).body;
    expect(moved.agent?.id).not.toBe(a.userId);
    expect((await (await p.admin()).get(`/api/v1/conversations/${id}/transfers`)).body.items[0]).toMatchObject({
      reason: 'unanswered',
    });
    for (const ws of [a.ws, b.ws]) await ws.close();
  });

  it('a note does not arm visitor abandonment: only the chat the agent answered is closed for it', async () => {
    const admin = await p.admin();
    const patch = {
      'sessions.autoTransferUnansweredSeconds': 0,
      'sessions.visitorAbandonment.seconds': 60,
      'sessions.visitorAbandonment.action': 'close',
    };
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, p.settings.get(k as keyof typeof patch)]));
    expect((await admin.patch('/api/v1/settings', patch)).status).toBe(200);
    const agent = await p.onlineAgent({ departmentIds: [support] });
    const chat = async () => {
      const v = await p.visitor({ departmentId: support });
      const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hello' })).body.conversation.id as string;
      expect((await agent.api.post(`/api/v1/conversations/${id}/take`)).status).toBe(200);
      return id;
    };
    const [noted, answered] = [await chat(), await chat()];
    expect((await agent.api.post(`/api/v1/conversations/${noted}/notes`, { text: 'waiting on billing' })).status).toBe(
      201,
    );
    expect((await agent.api.post(`/api/v1/conversations/${answered}/messages`, { text: 'Still there?' })).status).toBe(
      201,
    );
    await p.settle();
    p.fakeClock!.advance(120_000);
    await p.settle();
    const status = async (id: string) => (await admin.get(`/api/v1/conversations/${id}`)).body.status;
    expect(await status(answered)).toBe('closed');
    expect(await status(noted)).toBe('open');
    await admin.patch('/api/v1/settings', before);
    await agent.ws.close();
  });
});
