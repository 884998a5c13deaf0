import { contactDetailsSchema, contactHistorySchema, contactPageSchema } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { kit } from '../../test-support/routing-kit.js';

type Api = Awaited<ReturnType<TestParley['admin']>>;

/** Issue 16 items 1-5 and 12: the contacts list, a contact's page, New Contact and edit, the contact manager. */
describe('contact center: contacts', () => {
  let p: TestParley;
  let admin: Api;
  let agent: Awaited<ReturnType<TestParley['staff']>>;
  let monitor: Awaited<ReturnType<TestParley['staff']>>;

  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
    admin = await p.admin();
    agent = await p.staff(['agent'], { name: 'Agent Smith' });
    monitor = await p.staff(['monitor']);
    const f = await admin.post('/api/v1/custom-fields', {
      id: 'customerNo',
      label: 'Customer number',
      scope: 'visitor',
      searchable: true,
    });
    expect(f.status, JSON.stringify(f.body)).toBe(201);
    await admin.post('/api/v1/custom-fields', { id: 'secretNote', label: 'Note', scope: 'visitor' });
  });
  afterAll(() => p.stop());

  async function create(api: Api, body: Record<string, unknown>) {
    const res = await api.post('/api/v1/contacts', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return contactDetailsSchema.parse(res.body);
  }
  async function search(q: string, extra = '') {
    const res = await agent.api.get(`/api/v1/contacts?q=${encodeURIComponent(q)}${extra}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return contactPageSchema.parse(res.body);
  }

  it('creates a known contact with phones in E.164 and finds it by name, email, phone in any format, custom field', async () => {
    const c = await create(agent.api, {
      name: 'Ada Lovelace',
      emails: ['Ada@Example.COM'],
      phones: ['+49 151 2345 6789'],
      customFields: { customerNo: 'C-1815', secretNote: 'likes tea' },
    });
    expect(c).toMatchObject({
      name: 'Ada Lovelace',
      emails: ['ada@example.com'],
      phones: ['+4915123456789'],
      unknown: false,
      contactManager: null,
      channelList: [],
    });
    await create(agent.api, { name: 'Adam Other', phones: ['+1 415 555 2671'] });

    const ids = async (q: string) => (await search(q)).items.map((i) => i.id);
    expect(await ids('ada l')).toEqual([c.id]); // name prefix
    expect((await ids('ADA')).length).toBe(2); // "Ada Lovelace" and "Adam Other"
    expect(await ids('ada@example.com')).toEqual([c.id]);
    expect(await ids('ADA@EXAMPLE.COM')).toEqual([c.id]);
    for (const phone of ['+4915123456789', '+49 151 2345-6789', '0049 (151) 23456789', '4915123456789']) {
      expect(await ids(phone), phone).toEqual([c.id]);
    }
    expect(await ids('C-1815')).toEqual([c.id]); // searchable custom field
    expect(await ids('likes tea')).toEqual([]); // a custom field not marked searchable
    expect(await ids('lovelace')).toEqual([]); // prefix of the name only

    // A phone a visitor typed (stored as typed) is found by its digits too; and by the visitor's username.
    const v = await p.visitor({ name: 'Grace', phone: '+44 20 7946 0958' });
    const visitorRow = await p.visitors.get(v.visitorId);
    expect(await ids('+442079460958')).toEqual([visitorRow.contact_id]);
    expect(await ids(visitorRow.username)).toEqual([visitorRow.contact_id]);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await agent.api.post('/api/v1/contacts', body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.field).toBe(field);
    };
    await bad({ name: '' }, 'body.name');
    await bad({ name: 'X', emails: ['not-an-email'] }, 'body.emails.0');
    await bad({ name: 'X', phones: ['+49 151 2345 6789', 'call me maybe'] }, 'body.phones.1');
    await bad({ name: 'X', phones: ['12'] }, 'body.phones.0');
    await bad({ name: 'X', customFields: { nope: 'x' } }, 'body.customFields.nope');
    await bad({ name: 'X', contactManagerId: 'nope' }, 'body.contactManagerId');
    await bad({ name: 'X', extra: 1 }, 'body.extra');
    const c = await create(agent.api, { name: 'Valid' });
    const res = await agent.api.patch(`/api/v1/contacts/${c.id}`, { phones: ['+999'] });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('body.phones.0');
    expect((await agent.api.get('/api/v1/contacts?sort=size')).status).toBe(400);
    expect((await agent.api.get('/api/v1/contacts?limit=1000')).status).toBe(400);
    expect((await agent.api.get('/api/v1/contacts/00000000-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('assigns a contact manager only to an active agent or manager; "mine" and "none" filters', async () => {
    const manager = await p.staff(['manager']);
    const bot = await p.staff(['bot']);
    const gone = await p.staff(['agent']);
    await admin.patch(`/api/v1/users/${gone.userId}`, { active: false });
    const c = await create(agent.api, { name: 'Managed', contactManagerId: agent.userId });
    expect(c.contactManager).toEqual({ id: agent.userId, name: 'Agent Smith' });
    for (const who of [monitor.userId, bot.userId, gone.userId, '00000000-0000-7000-8000-000000000000']) {
      const res = await agent.api.patch(`/api/v1/contacts/${c.id}`, { contactManagerId: who });
      expect(res.status, who).toBe(400);
      expect(res.body.field).toBe('body.contactManagerId');
    }
    const m = await agent.api.patch(`/api/v1/contacts/${c.id}`, { contactManagerId: manager.userId });
    expect(m.body.contactManager.id).toBe(manager.userId);
    const mine = contactPageSchema.parse((await manager.api.get('/api/v1/contacts?manager=mine')).body);
    expect(mine.items.map((i) => i.id)).toEqual([c.id]);
    const byId = contactPageSchema.parse((await agent.api.get(`/api/v1/contacts?manager=${manager.userId}`)).body);
    expect(byId.items.map((i) => i.id)).toEqual([c.id]);
    const none = contactPageSchema.parse((await agent.api.get('/api/v1/contacts?manager=none&limit=100')).body);
    expect(none.items.map((i) => i.id)).not.toContain(c.id);
    const unset = await agent.api.patch(`/api/v1/contacts/${c.id}`, { contactManagerId: null });
    expect(unset.body.contactManager).toBeNull();
  });

  it('filters known/unknown, verified, blocked, channel; pages and sorts with a total', async () => {
    const v = await p.visitor({ name: 'Zed Unknown' });
    const contactId = (await p.visitors.get(v.visitorId)).contact_id;
    const unknown = contactPageSchema.parse((await agent.api.get('/api/v1/contacts?status=unknown&limit=100')).body);
    expect(unknown.items.map((i) => i.id)).toContain(contactId);
    const known = contactPageSchema.parse((await agent.api.get('/api/v1/contacts?status=known&limit=100')).body);
    expect(known.items.map((i) => i.id)).not.toContain(contactId);
    expect(known.items.every((i) => !i.unknown)).toBe(true);
    const widget = contactPageSchema.parse((await agent.api.get('/api/v1/contacts?channel=widget&limit=100')).body);
    expect(widget.items.map((i) => i.id)).toContain(contactId);
    expect(widget.items.every((i) => i.channels.includes('widget'))).toBe(true);
    const none = contactPageSchema.parse((await agent.api.get('/api/v1/contacts?channel=email')).body);
    expect(none.total).toBe(0);

    await p.db.kysely.updateTable('channel_identities').set({ verified: true }).where('id', '=', v.visitorId).execute();
    const verified = contactPageSchema.parse((await agent.api.get('/api/v1/contacts?verified=true')).body);
    expect(verified.items.map((i) => i.id)).toEqual([contactId]);
    expect(verified.items[0]!.verified).toBe(true);
    const unverified = contactPageSchema.parse((await agent.api.get('/api/v1/contacts?verified=false&limit=100')).body);
    expect(unverified.items.map((i) => i.id)).not.toContain(contactId);

    const details = contactDetailsSchema.parse((await agent.api.get(`/api/v1/contacts/${contactId}`)).body);
    const block = await agent.api.post(`/api/v1/contacts/${contactId}/channels/${details.channelList[0]!.id}/block`);
    expect(block.status).toBe(200);
    const blocked = contactPageSchema.parse((await agent.api.get('/api/v1/contacts?blocked=true')).body);
    expect(blocked.items.map((i) => i.id)).toEqual([contactId]);
    await agent.api.post(`/api/v1/contacts/${contactId}/channels/${details.channelList[0]!.id}/unblock`);
    expect(contactPageSchema.parse((await agent.api.get('/api/v1/contacts?blocked=true')).body).total).toBe(0);

    // Paging and sorting: names in order, pages that add up to the total.
    for (const name of ['Pager C', 'Pager A', 'Pager B']) {
      p.fakeClock!.advance(1000);
      await create(agent.api, { name });
    }
    const page = async (offset: number, order: string) =>
      contactPageSchema.parse(
        (await agent.api.get(`/api/v1/contacts?q=pager&sort=name&order=${order}&limit=2&offset=${offset}`)).body,
      );
    const first = await page(0, 'asc');
    const second = await page(2, 'asc');
    expect(first.total).toBe(3);
    expect([...first.items, ...second.items].map((i) => i.name)).toEqual(['Pager A', 'Pager B', 'Pager C']);
    expect((await page(0, 'desc')).items.map((i) => i.name)).toEqual(['Pager C', 'Pager B']);
    const byCreated = contactPageSchema.parse(
      (await agent.api.get('/api/v1/contacts?q=pager&sort=created&order=desc')).body,
    );
    expect(byCreated.items.map((i) => i.name)).toEqual(['Pager B', 'Pager A', 'Pager C']);
  });

  it('lists unsearched by name Z to A with the nameless last, page by page across the boundary', async () => {
    const keeper = await p.staff(['manager']);
    const now = p.fakeClock!.now().getTime();
    const row = (n: number, name: string | null) => ({
      id: `00000000-0000-7000-8000-${String(900000000000 + n)}`,
      name,
      emails: [],
      phones: [],
      custom_fields: '{}',
      conflicting_fields: '[]',
      contact_manager_id: keeper.userId,
      created_at: new Date(now - n * 1000),
      updated_at: new Date(now),
    });
    await p.db.kysely
      .insertInto('contacts')
      .values([row(1, 'Bea'), row(2, null), row(3, 'cid'), row(4, null), row(5, 'Ann'), row(6, null)])
      .execute();
    const list = async (rest: string) =>
      contactPageSchema.parse(
        (await agent.api.get(`/api/v1/contacts?manager=${keeper.userId}&sort=name&order=desc${rest}`)).body,
      );
    const label = (i: { id: string; name: string | null }) => i.name ?? `#${i.id.slice(-1)}`;
    const whole = await list('');
    expect(whole.total).toBe(6);
    // Names in descending byte order of the lower-cased name, then the nameless by id, newest id first.
    const expected = ['cid', 'Bea', 'Ann', '#6', '#4', '#2'];
    expect(whole.items.map(label)).toEqual(expected);
    for (const [limit, offset] of [
      [2, 0],
      [2, 2],
      [2, 4],
      [4, 1],
      [1, 3],
      [2, 5],
      [3, 6],
    ] as const) {
      const page = await list(`&limit=${limit}&offset=${offset}`);
      expect(page.items.map(label), `limit ${limit} offset ${offset}`).toEqual(expected.slice(offset, offset + limit));
    }
    const ascending = await agent.api.get(`/api/v1/contacts?manager=${keeper.userId}&sort=name&order=asc`);
    expect(contactPageSchema.parse(ascending.body).items.map(label)).toEqual(['Ann', 'Bea', 'cid', '#2', '#4', '#6']);
  });

  it('a contact page: details, channels, history newest first; editing makes an unknown contact known (audited)', async () => {
    const a = await p.onlineAgent({ name: 'Handler' });
    const v = await p.visitor({ name: 'Returning', email: 'ret@example.com' });
    const contactId = (await p.visitors.get(v.visitorId)).contact_id;
    const start = async (text: string) => {
      const res = await v.api.post('/api/v1/widget/conversations', { text });
      expect(res.status).toBe(201);
      return res.body.conversation.id as string;
    };
    const c1 = await start('first');
    await a.api.post(`/api/v1/conversations/${c1}/take`);
    await a.api.post(`/api/v1/conversations/${c1}/close`, {});
    p.fakeClock!.advance(60_000);
    const c2 = await start('second');
    await p.settle();

    const d = contactDetailsSchema.parse((await monitor.api.get(`/api/v1/contacts/${contactId}`)).body);
    expect(d).toMatchObject({ name: 'Returning', emails: ['ret@example.com'], unknown: true });
    expect(d.channelList).toHaveLength(1);
    expect(d.channelList[0]).toMatchObject({ id: v.visitorId, channel: 'widget', verified: false, blocked: false });
    expect(Date.parse(d.firstContactAt)).toBeLessThanOrEqual(Date.parse(d.lastContactAt!));

    // Admins, managers and monitors read the whole history; an agent what they may read (they served c1).
    const all = contactHistorySchema.parse((await monitor.api.get(`/api/v1/contacts/${contactId}/history`)).body);
    expect(all.items.map((i) => i.id)).toEqual([c2, c1]);
    const handled = contactHistorySchema.parse((await a.api.get(`/api/v1/contacts/${contactId}/history`)).body);
    expect(handled.items.map((i) => i.id)).toContain(c1);
    const stranger = await p.staff(['agent']);
    const dept = (await admin.post('/api/v1/departments', { name: 'Elsewhere' })).body as { id: string };
    await admin.put(`/api/v1/departments/${dept.id}/agents`, { agentIds: [stranger.userId] });
    const theirs = contactHistorySchema.parse((await stranger.api.get(`/api/v1/contacts/${contactId}/history`)).body);
    expect(theirs.items.map((i) => i.id)).not.toContain(c1); // served by someone else: omitted

    // Add contact (from the chat): the edit makes it known; the audit says who and what.
    const edited = await agent.api.patch(`/api/v1/contacts/${contactId}`, { name: 'Returning Customer' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Returning Customer', unknown: false });
    const audit = await admin.get(`/api/v1/audit?targetId=${contactId}`);
    expect(audit.body.items[0]).toMatchObject({
      action: 'contact.updated',
      changes: { name: { from: 'Returning', to: 'Returning Customer' }, unknown: { from: true, to: false } },
    });
    await a.ws.close();
  });

  it('monitors read but every write refuses them', async () => {
    const c = await create(agent.api, { name: 'Read Only' });
    expect((await monitor.api.get('/api/v1/contacts')).status).toBe(200);
    expect((await monitor.api.get(`/api/v1/contacts/${c.id}`)).status).toBe(200);
    expect((await monitor.api.post('/api/v1/contacts', { name: 'Nope' })).status).toBe(403);
    expect((await monitor.api.patch(`/api/v1/contacts/${c.id}`, { name: 'Nope' })).status).toBe(403);
    const v = await p.visitor();
    const contactId = (await p.visitors.get(v.visitorId)).contact_id;
    const path = `/api/v1/contacts/${contactId}/channels/${v.visitorId}`;
    expect((await monitor.api.post(`${path}/block`)).status).toBe(403);
    expect((await monitor.api.post(`${path}/unblock`)).status).toBe(403);
    expect((await p.api.get('/api/v1/contacts')).status).toBe(401);
  });
});

/** Issue 16 item 5 with #80: routing.contactManagerPreferred sends a returning visitor to their contact's manager. */
describe('contact manager and routing', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ settings: { 'queue.waitingQueue.enabled': true } });
  });
  afterAll(() => p.stop());

  it("a manager set through the API gets the contact's chats when routing.contactManagerPreferred is on", async () => {
    const k = kit(p);
    const admin = await p.admin();
    const a = await p.onlineAgent({ name: 'A' });
    const b = await p.onlineAgent({ name: 'B' });
    const v = await p.visitor({ name: 'Loyal' });
    const contactId = (await p.visitors.get(v.visitorId)).contact_id;
    const chatOnce = async () => {
      const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hi' })).body.conversation.id as string;
      await p.settle();
      const agentId = await k.agentOf(id);
      await (agentId === a.userId ? a : b).api.post(`/api/v1/conversations/${id}/close`, {});
      await p.settle();
      return agentId;
    };
    // Whoever got the first chat, the manager is the other one.
    const first = await chatOnce();
    const manager = first === a.userId ? b : a;
    const res = await admin.patch(`/api/v1/contacts/${contactId}`, { contactManagerId: manager.userId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    await k.set({ 'routing.contactManagerPreferred': true });
    expect(await chatOnce()).toBe(manager.userId);
    expect(await chatOnce()).toBe(manager.userId);
    // Off: round robin again, so the agent who waited longest (not the manager) gets the next chat.
    await k.set({ 'routing.contactManagerPreferred': false });
    expect(await chatOnce()).not.toBe(manager.userId);
    await a.ws.close();
    await b.ws.close();
  });
});
