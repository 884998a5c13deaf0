import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { conversationPageSchema, type ConversationListItem } from '@parley/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';

/**
 * History's text search (issue 18 item 4, issue 16 item 10): the words of messages (full-text, any
 * language, on PGlite and PostgreSQL alike), a contact's phone in any format, the visitor's verification,
 * notes for staff who read the conversation and never for the visitor, the access rule of the list; and
 * the closed chat's quick actions: transcript download and (admins) deletion of everything it holds.
 */
describe('conversation search and the Chats tab', () => {
  let p: TestParley;
  let sales: string;
  let support: string;
  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
    const admin = await p.admin();
    sales = (await admin.post('/api/v1/departments', { name: 'Sales' })).body.id;
    support = (await admin.post('/api/v1/departments', { name: 'Support' })).body.id;
  });
  afterAll(() => p.stop());

  /** A chat of a department, taken by one of its agents, with these visitor messages. */
  async function chat(departmentId: string, texts: string[], visitor: Record<string, unknown> = {}) {
    const agent = await p.onlineAgent({ departmentIds: [departmentId] });
    const v = await p.visitor({ departmentId, ...visitor });
    const [first, ...rest] = texts;
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: first })).body;
    const id = conversation.id as string;
    expect((await agent.api.post(`/api/v1/conversations/${id}/take`)).status).toBe(200);
    for (const text of rest)
      expect((await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text })).status).toBe(201);
    return { agent, v, id };
  }

  async function search(api: { get: TestParley['api']['get'] }, q: string): Promise<ConversationListItem[]> {
    const r = await api.get(`/api/v1/conversations?q=${encodeURIComponent(q)}&limit=100`);
    expect(r.status).toBe(200);
    return conversationPageSchema.parse(r.body).items;
  }
  const ids = (items: ConversationListItem[]) => items.map((c) => c.id);
  const hits = (c: ConversationListItem | undefined) =>
    c?.match?.excerpt.filter((x) => x.hit).map((x) => x.text.toLowerCase());

  it('finds a conversation by a word of a message, in any language, with the match marked', async () => {
    const admin = await p.admin();
    const { id } = await chat(sales, [
      'Hello, my parcel never arrived',
      'Die Rechnung für Müller ist falsch',
      'Привет, где мой заказ?',
    ]);
    const other = await chat(sales, ['Just a question about opening hours']);
    const markup = await chat(sales, ['my <b>kiwifruit</b> & <script>alert(1)</script> \u0002x\u0003']);

    const en = await search(admin, 'PARCEL');
    expect(ids(en)).toContain(id);
    expect(ids(en)).not.toContain(other.id);
    const item = en.find((c) => c.id === id)!;
    expect(item.match).toMatchObject({ kind: 'text', seq: expect.any(Number) });
    expect(hits(item)).toEqual(['parcel']);
    expect(item.match!.excerpt.map((x) => x.text).join('')).toBe('Hello, my parcel never arrived');

    // The visitor's markup comes back as written (as text: clients never parse it), the marker characters not.
    expect((await search(admin, 'kiwifruit')).find((c) => c.id === markup.id)?.match?.excerpt).toEqual([
      { text: 'my <b>', hit: false },
      { text: 'kiwifruit', hit: true },
      { text: '</b> & <script>alert(1)</script> x', hit: false },
    ]);
    expect(ids(await search(admin, 'müller'))).toContain(id);
    expect(hits((await search(admin, 'заказ')).find((c) => c.id === id))).toEqual(['заказ']);
    // A phrase matches the words in order only.
    expect(ids(await search(admin, '"rechnung für"'))).toContain(id);
    expect(ids(await search(admin, '"für rechnung"'))).not.toContain(id);
    // Whole words: no stemming, no substring.
    expect(ids(await search(admin, 'parc'))).not.toContain(id);
    // Punctuation alone searches nothing (and is no error).
    expect(await search(admin, '!!!')).toEqual([]);
  });

  it('merges the visitor and message matches: each conversation once, newest first, paged by the cursor', async () => {
    const admin = await p.admin();
    const byName = await chat(sales, ['hello'], { name: 'Walrus Keeper' });
    p.fakeClock!.advance(1000);
    const both = await chat(sales, ['my walrus is ill'], { name: 'Walrus Owner' });
    p.fakeClock!.advance(1000);
    const byWord = await chat(sales, ['the walrus ate my order']);
    const all = await search(admin, 'walrus');
    expect(ids(all)).toEqual([byWord.id, both.id, byName.id]);
    expect(all.find((c) => c.id === byName.id)!.match).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: any } = await admin.get(
        `/api/v1/conversations?q=walrus&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((c: ConversationListItem) => c.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([byWord.id, both.id, byName.id]);
  });

  it('keeps the list’s access rule: an agent finds only the chats they may read; supervisors all', async () => {
    const { agent, id } = await chat(sales, ['the zebrafish invoice is wrong']);
    const outsider = await p.onlineAgent({ departmentIds: [support] });
    const monitor = await p.staff(['monitor']);
    expect(ids(await search(agent.api, 'zebrafish'))).toEqual([id]);
    expect(ids(await search(outsider.api, 'zebrafish'))).toEqual([]);
    expect(ids(await search(monitor.api, 'zebrafish'))).toEqual([id]);
    expect(ids(await search(await p.admin(), 'zebrafish'))).toEqual([id]);
  });

  it('internal notes: staff who read the chat find them; the visitor’s audience never matches them', async () => {
    const { agent, id } = await chat(sales, ['hello there']);
    const note = await agent.api.post(`/api/v1/conversations/${id}/notes`, { text: 'suspected chargeback fraudster' });
    expect(note.status).toBe(201);
    const found = (await search(agent.api, 'chargeback')).find((c) => c.id === id);
    expect(found?.match).toMatchObject({ kind: 'note', messageId: note.body.message.id });
    const outsider = await p.onlineAgent({ departmentIds: [support] });
    expect(ids(await search(outsider.api, 'chargeback'))).not.toContain(id);

    // The messages module's search, as the visitor's side would ask it: notes never match.
    expect((await p.messages.search.matches([id], 'chargeback', 'staff')).get(id)?.kind).toBe('note');
    expect((await p.messages.search.matches([id], 'chargeback', 'visitor')).size).toBe(0);
    const visitorSide = await p.db.kysely
      .selectFrom('conversations')
      .select('id')
      .where('id', '=', id)
      .where(p.messages.search.matchIn('conversations.id', 'chargeback', 'visitor'))
      .execute();
    expect(visitorSide).toEqual([]);
  });

  it('a deleted message is no longer found', async () => {
    const { v, id } = await chat(sales, ['my flamingo password is hunter2']);
    const msg = (await v.api.get(`/api/v1/widget/conversations/${id}/messages`)).body.items.find((m: any) =>
      m.text.includes('flamingo'),
    );
    expect(ids(await search(await p.admin(), 'flamingo'))).toContain(id);
    expect((await v.api.delete(`/api/v1/widget/conversations/${id}/messages/${msg.id}`)).status).toBe(200);
    expect(ids(await search(await p.admin(), 'flamingo'))).not.toContain(id);
  });

  it('finds a contact’s chats by phone in any format; says whether the visitor is verified', async () => {
    const { id, v } = await chat(sales, ['call me back'], { name: 'Phone Person', phone: '+49 151 23456789' });
    const admin = await p.admin();
    for (const q of ['+49 151 23456789', '0049 (151) 2345-6789', '4915123456789']) {
      const found = (await search(admin, q)).find((c) => c.id === id);
      expect(found, q).toBeDefined();
      expect(found!.match).toBeNull();
    }
    expect(ids(await search(admin, '+49 151 99999999'))).not.toContain(id);

    expect((await search(admin, 'Phone Person')).find((c) => c.id === id)?.visitorVerified).toBe(false);
    await p.db.kysely.updateTable('channel_identities').set({ verified: true }).where('id', '=', v.visitorId).execute();
    expect((await search(admin, 'Phone Person')).find((c) => c.id === id)?.visitorVerified).toBe(true);
  });

  it('rejects a bad query with its field, never a 500', async () => {
    const admin = await p.admin();
    const long = await admin.get(`/api/v1/conversations?q=${'a'.repeat(101)}`);
    expect(long.status).toBe(400);
    expect(long.body.field).toContain('q');
    for (const q of ['"', '-', '&|!():*', "'; drop table messages; --", 'a & b | !c', '<b>x</b>']) {
      expect((await admin.get(`/api/v1/conversations?q=${encodeURIComponent(q)}`)).status, q).toBe(200);
    }
  });

  it('downloads the transcript as text, without notes', async () => {
    const { agent, id } = await chat(sales, ['where is my order 77?']);
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'It ships today' });
    await agent.api.post(`/api/v1/conversations/${id}/notes`, { text: 'secret internal remark' });
    const r = await agent.api.get(`/api/v1/conversations/${id}/transcript`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain');
    expect(r.headers['content-disposition']).toContain(`transcript-${id}.txt`);
    expect(r.body as string).toContain('where is my order 77?');
    expect(r.body as string).toContain('It ships today');
    expect(r.body as string).not.toContain('secret internal remark');
    const outsider = await p.onlineAgent({ departmentIds: [support] });
    expect((await outsider.api.get(`/api/v1/conversations/${id}/transcript`)).status).toBe(404);
  });

  it('admins delete a closed conversation with its messages, notes, mentions and files; audited', async () => {
    const { agent, v, id } = await chat(sales, ['please delete the okapi chat']);
    const colleague = await p.onlineAgent({ departmentIds: [sales] });
    const username = (await p.users.byId(colleague.userId))!.username;
    expect((await agent.api.post(`/api/v1/conversations/${id}/notes`, { text: `@${username} see okapi` })).status).toBe(
      201,
    );
    const form = new FormData();
    form.append('file', new Blob(['okapi receipt'], { type: 'text/plain' }), 'receipt.txt');
    const up = await fetch(`${await p.baseUrl()}/api/v1/widget/conversations/${id}/files`, {
      method: 'POST',
      headers: { 'x-parley-visitor-token': v.token },
      body: form,
    });
    expect(up.status).toBe(201);
    const upload = await p.db.kysely
      .selectFrom('uploads')
      .selectAll()
      .where('conversation_id', '=', id)
      .executeTakeFirstOrThrow();
    const file = join(p.cluster.dataDir, 'uploads', upload.storage_key);
    expect(existsSync(file)).toBe(true);

    const admin = await p.admin();
    // Not while it is open; never by an agent or a manager.
    expect((await admin.delete(`/api/v1/conversations/${id}`)).status).toBe(409);
    expect((await agent.api.post(`/api/v1/conversations/${id}/close`, {})).status).toBe(200);
    expect((await agent.api.delete(`/api/v1/conversations/${id}`)).status).toBe(403);
    const manager = await p.staff(['manager']);
    expect((await manager.api.delete(`/api/v1/conversations/${id}`)).status).toBe(403);
    expect((await admin.delete('/api/v1/conversations/not-a-uuid')).status).toBe(400);

    const count = async (table: 'messages' | 'uploads' | 'mentions' | 'conversation_transfers' | 'inquiries') =>
      Number(
        (
          await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where conversation_id = ${id}`.execute(
            p.db.kysely,
          )
        ).rows[0]!.n,
      );
    expect(await count('messages')).toBeGreaterThan(2);
    expect(await count('mentions')).toBe(1);

    expect((await admin.delete(`/api/v1/conversations/${id}`)).status).toBe(204);
    await p.settle();
    expect((await admin.get(`/api/v1/conversations/${id}`)).status).toBe(404);
    expect((await admin.delete(`/api/v1/conversations/${id}`)).status).toBe(404);
    for (const t of ['messages', 'uploads', 'mentions', 'conversation_transfers', 'inquiries'] as const)
      expect(await count(t), t).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(ids(await search(admin, 'okapi'))).not.toContain(id);
    // The visitor's widget no longer finds it either.
    expect((await v.api.get(`/api/v1/widget/conversations/${id}`)).status).toBe(404);

    const audit = await p.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'conversation.deleted')
      .where('target_id', '=', id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.changes)).not.toContain('okapi');
    expect(audit[0]!.changes).toMatchObject({ visitorId: v.visitorId, files: 1 });
  });
});
