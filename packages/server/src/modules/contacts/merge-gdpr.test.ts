import { contactDetailsSchema, contactMergePreviewSchema, contactPageSchema } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';

type Api = Awaited<ReturnType<TestParley['admin']>>;
type Staff = Awaited<ReturnType<TestParley['staff']>>;

/** Issue 16 items 9 (merge) and 11 (GDPR export and erasure). */
describe('contact center: merge and GDPR', () => {
  let p: TestParley;
  let admin: Api;
  let manager: Staff;
  let agent: Staff;
  let monitor: Staff;
  let otherAgent: Staff;

  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
    admin = await p.admin();
    manager = await p.staff(['manager'], { name: 'Mona Manager' });
    agent = await p.staff(['agent'], { name: 'Agent Smith' });
    otherAgent = await p.staff(['agent'], { name: 'Agent Jones' });
    monitor = await p.staff(['monitor']);
    const f = await admin.post('/api/v1/custom-fields', {
      id: 'customerNo',
      label: 'Customer number',
      scope: 'visitor',
      searchable: true,
    });
    expect(f.status, JSON.stringify(f.body)).toBe(201);
  });
  afterAll(() => p.stop());

  /** A widget visitor (an unknown contact) with `chats` closed conversations; its contact id. */
  async function visitorWithChats(body: Record<string, unknown>, chats: number) {
    const v = await p.visitor(body);
    for (let i = 0; i < chats; i++) {
      const res = await v.api.post('/api/v1/widget/conversations', { text: `hello ${i}` });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await p.settle();
      const closed = await admin.post(`/api/v1/conversations/${res.body.conversation.id}/close`, {});
      expect(closed.status, JSON.stringify(closed.body)).toBe(200);
      await p.settle();
    }
    return { ...v, contactId: (await p.visitors.get(v.visitorId)).contact_id };
  }
  const details = async (id: string, api: Api = admin) => {
    const res = await api.get(`/api/v1/contacts/${id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return contactDetailsSchema.parse(res.body);
  };

  it('previews the conflicts, merges with the chosen values, keeps the rest as conflicts, moves channels and history', async () => {
    const a = await visitorWithChats({ name: 'Ann Merge' }, 2);
    const b = await visitorWithChats({ name: 'Annie Merge' }, 1);
    expect(
      (
        await admin.patch(`/api/v1/contacts/${a.contactId}`, {
          name: 'Ann Merge',
          emails: ['ann@example.com'],
          phones: ['+49 151 1111 1111'],
          customFields: { customerNo: 'A-1' },
          contactManagerId: agent.userId,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await admin.patch(`/api/v1/contacts/${b.contactId}`, {
          name: 'Annie Merge',
          emails: ['annie@example.com', 'ANN@example.com'],
          phones: ['+49 151 2222 2222'],
          customFields: { customerNo: 'B-2' },
          contactManagerId: otherAgent.userId,
        })
      ).status,
    ).toBe(200);

    const preview = await agent.api.get(`/api/v1/contacts/${a.contactId}/merge-preview?otherId=${b.contactId}`);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const pv = contactMergePreviewSchema.parse(preview.body);
    expect(pv.conflicts.map((c) => c.field).sort()).toEqual(['contactManagerId', 'customFields.customerNo', 'name']);
    expect(pv.conflicts.find((c) => c.field === 'contactManagerId')).toMatchObject({
      survivorText: 'Agent Smith',
      otherText: 'Agent Jones',
    });
    expect(pv.conflicts.find((c) => c.field === 'customFields.customerNo')?.label).toBe('Customer number');
    expect(pv.emails).toEqual(['ann@example.com', 'annie@example.com']);

    // Bad requests say what and where; monitors never write.
    const bad = await agent.api.post(`/api/v1/contacts/${a.contactId}/merge`, {
      otherId: b.contactId,
      choices: { emails: 'other' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('body.choices.emails');
    const self = await agent.api.post(`/api/v1/contacts/${a.contactId}/merge`, { otherId: a.contactId });
    expect([self.status, self.body.code, self.body.field]).toEqual([400, 'contact.merge-self', 'body.otherId']);
    const missing = await agent.api.post(`/api/v1/contacts/${a.contactId}/merge`, {
      otherId: '01900000-0000-7000-8000-000000000000',
    });
    expect([missing.status, missing.body.field]).toEqual([404, 'body.otherId']);
    expect((await monitor.api.post(`/api/v1/contacts/${a.contactId}/merge`, { otherId: b.contactId })).status).toBe(
      403,
    );
    expect((await details(b.contactId)).id).toBe(b.contactId); // nothing happened

    // The other's name and manager win; the customer number is left to resolve later.
    const res = await agent.api.post(`/api/v1/contacts/${a.contactId}/merge`, {
      otherId: b.contactId,
      choices: { name: 'other', contactManagerId: 'other' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const merged = contactDetailsSchema.parse(res.body);
    expect(merged).toMatchObject({
      id: a.contactId,
      name: 'Annie Merge',
      emails: ['ann@example.com', 'annie@example.com'],
      phones: ['+4915111111111', '+4915122222222'],
      customFields: { customerNo: 'A-1' },
      contactManager: { id: otherAgent.userId, name: 'Agent Jones' },
      conflicts: [{ field: 'customFields.customerNo', value: 'B-2' }],
    });
    expect(merged.channelList.map((c) => c.id).sort()).toEqual([a.visitorId, b.visitorId].sort());

    // The whole history is the survivor's; the old id still resolves, to the survivor.
    const history = await admin.get(`/api/v1/contacts/${a.contactId}/history`);
    expect(history.body.items).toHaveLength(3);
    expect((await details(b.contactId)).id).toBe(a.contactId);
    const oldHistory = await admin.get(`/api/v1/contacts/${b.contactId}/history`);
    expect(oldHistory.body.items).toHaveLength(3);
    // The list and the search know one contact.
    const found = contactPageSchema.parse((await admin.get('/api/v1/contacts?q=annie%40example.com')).body);
    expect(found.items.map((i) => i.id)).toEqual([a.contactId]);
    const byNumber = contactPageSchema.parse((await admin.get('/api/v1/contacts?q=B-2')).body);
    expect(byNumber.items).toEqual([]);
    // Routing's contact-manager preference reads the survivor's manager for both channels.
    const prefs = await p.visitors.preferences([a.visitorId, b.visitorId]);
    expect(prefs.get(b.visitorId)?.contactManagerId).toBe(otherAgent.userId);
    expect(prefs.get(a.visitorId)?.contactManagerId).toBe(otherAgent.userId);
    // Audited.
    const audit = await admin.get(`/api/v1/audit?targetId=${a.contactId}&action=contact.merged`);
    expect(audit.body.items[0].changes).toMatchObject({
      mergedId: b.contactId,
      keptAsConflicts: ['customFields.customerNo'],
      conversationsMoved: 1,
      channelsMoved: 1,
    });

    // Resolving: only the current value or a conflicting one; then the conflict is gone.
    const wrong = await agent.api.post(`/api/v1/contacts/${a.contactId}/conflicts/resolve`, {
      field: 'customFields.customerNo',
      value: 'Z-9',
    });
    expect([wrong.status, wrong.body.field]).toEqual([400, 'body.value']);
    const noConflict = await agent.api.post(`/api/v1/contacts/${a.contactId}/conflicts/resolve`, {
      field: 'name',
      value: 'Ann Merge',
    });
    expect([noConflict.status, noConflict.body.field]).toEqual([400, 'body.field']);
    const resolved = await agent.api.post(`/api/v1/contacts/${a.contactId}/conflicts/resolve`, {
      field: 'customFields.customerNo',
      value: 'B-2',
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body).toMatchObject({ customFields: { customerNo: 'B-2' }, conflicts: [] });

    // Merging the merged-away id again is merging the survivor into itself.
    const again = await agent.api.post(`/api/v1/contacts/${a.contactId}/merge`, { otherId: b.contactId });
    expect(again.body.code).toBe('contact.merge-self');
  });

  it('a redirect chain collapses: C merged into B merged into A all lead to A', async () => {
    const a = await visitorWithChats({ name: 'Chain A' }, 1);
    const b = await visitorWithChats({ name: 'Chain B' }, 1);
    const c = await visitorWithChats({ name: 'Chain C' }, 1);
    expect((await admin.post(`/api/v1/contacts/${b.contactId}/merge`, { otherId: c.contactId })).status).toBe(200);
    expect((await admin.post(`/api/v1/contacts/${a.contactId}/merge`, { otherId: b.contactId })).status).toBe(200);
    expect((await details(c.contactId)).id).toBe(a.contactId);
    expect((await admin.get(`/api/v1/contacts/${c.contactId}/history`)).body.items).toHaveLength(3);
    // unknown + unknown stays unknown; conflicting names were kept to resolve
    const d = await details(a.contactId);
    expect(d.unknown).toBe(true);
    expect(d.conflicts.map((x) => x.value).sort()).toEqual(['Chain B', 'Chain C']);
  });

  it('two merges of the same pair at once, either way round: one wins, the other is refused, no deadlock', async () => {
    const a = await visitorWithChats({ name: 'Race A' }, 1);
    const b = await visitorWithChats({ name: 'Race B' }, 1);
    const [x, y] = await Promise.all([
      admin.post(`/api/v1/contacts/${a.contactId}/merge`, { otherId: b.contactId }),
      admin.post(`/api/v1/contacts/${b.contactId}/merge`, { otherId: a.contactId }),
    ]);
    expect([x.status, y.status].filter((s) => s === 200)).toHaveLength(1);
    // The loser saw the pair already merged: after the winner's commit it is one contact (merge-self), or
    // under the winner's lock its row had become a redirect (not found).
    const loser = x.status === 200 ? y : x;
    expect(['contact.merge-self', 'contact.not-found']).toContain(loser.body.code);
    const winner = x.status === 200 ? a.contactId : b.contactId;
    expect((await admin.get(`/api/v1/contacts/${winner}/history`)).body.items).toHaveLength(2);
  });

  it('a broad name prefix (more than 500 matches) pages in the sort order with the right total; a narrow one too', async () => {
    const now = Date.now();
    await p.db.kysely
      .insertInto('contacts')
      .values(
        Array.from({ length: 620 }, (_, i) => ({
          id: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
          name: `Broadsearch ${i}`,
          emails: [],
          phones: [],
          custom_fields: '{}',
          conflicting_fields: '[]',
          unknown: false,
          last_chat_at: new Date(now - i * 60_000),
          created_at: new Date(now - i * 60_000),
          updated_at: new Date(now),
        })),
      )
      .execute();
    const first = contactPageSchema.parse((await admin.get('/api/v1/contacts?q=broadsearch&limit=25')).body);
    expect(first.total).toBe(620);
    expect(first.items.map((i) => i.name)).toEqual(Array.from({ length: 25 }, (_, i) => `Broadsearch ${i}`));
    const later = contactPageSchema.parse(
      (await admin.get('/api/v1/contacts?q=broadsearch&limit=10&offset=600&sort=name&order=asc')).body,
    );
    expect(later.items).toHaveLength(10);
    const narrow = contactPageSchema.parse((await admin.get('/api/v1/contacts?q=broadsearch%2061')).body);
    expect(narrow.total).toBe(11); // 61, 610-619
    expect(narrow.items[0]!.name).toBe('Broadsearch 61');
  });

  it('a search merges its name matches and its exact matches in the sort order: one matching both counts once; pages and filters cross both', async () => {
    const now = Date.now();
    const contact = (n: number, name: string | null, emails: string[], unknown = false) => ({
      id: `01900000-0000-7000-9000-${String(n).padStart(12, '0')}`,
      name,
      emails,
      phones: [],
      custom_fields: '{}',
      conflicting_fields: '[]',
      unknown,
      last_chat_at: new Date(now - n * 60_000),
      created_at: new Date(now - n * 60_000),
      updated_at: new Date(now),
    });
    await p.db.kysely
      .insertInto('contacts')
      .values([
        contact(1, 'Unionq@example.com Alpha', []), // the name only
        contact(2, 'Zed', ['unionq@example.com']), // the email only
        contact(3, 'unionq@example.com Both', ['unionq@example.com']), // both
        contact(4, 'Unionq@example.com Delta', [], true),
        contact(5, null, ['unionq@example.com']), // the email and no name: last in a sort by name, either way
      ])
      .execute();
    const search = async (rest: string) =>
      contactPageSchema.parse((await admin.get(`/api/v1/contacts?q=unionq%40example.com${rest}`)).body);
    const names = (page: { items: { name: string | null }[] }) => page.items.map((i) => i.name);
    const all = await search('');
    expect(all.total).toBe(5);
    expect(all.totalCapped).toBeUndefined();
    expect(names(all)).toEqual([
      'Unionq@example.com Alpha',
      'Zed',
      'unionq@example.com Both',
      'Unionq@example.com Delta',
      null,
    ]);
    expect(names(await search('&sort=name&order=asc'))).toEqual([
      'Unionq@example.com Alpha',
      'unionq@example.com Both',
      'Unionq@example.com Delta',
      'Zed',
      null,
    ]);
    expect(names(await search('&sort=name&order=desc'))).toEqual([
      'Zed',
      'Unionq@example.com Delta',
      'unionq@example.com Both',
      'Unionq@example.com Alpha',
      null,
    ]);
    expect(names(await search('&sort=name&order=desc&limit=2&offset=1'))).toEqual([
      'Unionq@example.com Delta',
      'unionq@example.com Both',
    ]);
    expect(names(await search('&sort=created&order=asc&limit=2&offset=1'))).toEqual([
      'Unionq@example.com Delta',
      'unionq@example.com Both',
    ]);
    const known = await search('&status=known');
    expect(known.total).toBe(4);
    expect(names(known)).toEqual(['Unionq@example.com Alpha', 'Zed', 'unionq@example.com Both', null]);
    const unknown = await search('&status=unknown&sort=name&order=asc');
    expect([unknown.total, ...names(unknown)]).toEqual([1, 'Unionq@example.com Delta']);
  });

  describe('GDPR', () => {
    const NAME = 'Zelda Quuxworth';
    const EMAIL = 'zelda.quux@example.org';
    const PHONE = '+44 20 7946 0123';
    const SECRET = 'my passport number is XK-88231';
    let v: Awaited<ReturnType<typeof visitorWithChats>>;
    let conversationId: string;
    let fileId: string;

    beforeAll(async () => {
      v = await visitorWithChats({ name: NAME, email: EMAIL, phone: PHONE, consent: true }, 1);
      await v.api.post('/api/v1/widget/page-views', { url: 'https://shop.example/zelda-orders', title: 'Orders' });
      const started = await v.api.post('/api/v1/widget/conversations', { text: SECRET });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      conversationId = started.body.conversation.id;
      await p.settle();
      const joined = await agent.api.post(`/api/v1/conversations/${conversationId}/take`, {});
      expect(joined.status, JSON.stringify(joined.body)).toBeLessThan(300);
      const reply = await agent.api.post(`/api/v1/conversations/${conversationId}/messages`, {
        text: `Hello ${NAME}, noted.`,
      });
      expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
      const boundary = 'gdprtest';
      const form =
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="zelda-id.txt"\r\nContent-Type: text/plain\r\n\r\n` +
        `ID card of ${NAME}\r\n--${boundary}--\r\n`;
      const up = await v.api.request('POST', `/api/v1/widget/conversations/${conversationId}/files`, form, {
        'content-type': `multipart/form-data; boundary=${boundary}`,
      });
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      fileId = up.body.attachment.id;
      await v.api.post('/api/v1/widget/offline-messages', { name: NAME, email: EMAIL, message: 'call me back' });
      await admin.patch(`/api/v1/contacts/${v.contactId}`, { phones: [PHONE], customFields: { customerNo: 'Z-777' } });
      // A phone system reports a call from the number: the contact gets a phone channel named by it.
      const token = (await admin.post('/api/v1/auth/tokens', { name: 'PBX' })).body.token as string;
      const call = await p.api.as({ authorization: `Bearer ${token}` }).post('/api/v1/calls/reports', {
        externalId: 'gdpr-call-1',
        direction: 'inbound',
        from: PHONE,
        to: '+49 30 901820',
        startedAt: '2026-01-05T10:00:00.000Z',
      });
      expect(call.status, JSON.stringify(call.body)).toBe(201);
      expect(call.body.contact.id).toBe(v.contactId);
      await p.settle();
      // A transcript still waiting to be mailed to the person (its mail server down: retried later).
      await p.db.tx(() =>
        p.jobs.enqueue(
          'transcript.email',
          { conversationId, email: EMAIL },
          { runAt: new Date(p.fakeClock!.now().getTime() + 3_600_000) },
        ),
      );
    });

    it('only admins and managers export; only admins erase (with the typed confirmation)', async () => {
      expect((await agent.api.get(`/api/v1/contacts/${v.contactId}/export`)).status).toBe(403);
      expect((await monitor.api.get(`/api/v1/contacts/${v.contactId}/export`)).status).toBe(403);
      expect((await manager.api.get(`/api/v1/contacts/${v.contactId}/export`)).status).toBe(200);
      for (const s of [agent, manager, monitor]) {
        expect((await s.api.post(`/api/v1/contacts/${v.contactId}/erase`, { confirm: 'ERASE' })).status).toBe(403);
      }
      const noConfirm = await admin.post(`/api/v1/contacts/${v.contactId}/erase`, {});
      expect([noConfirm.status, noConfirm.body.field]).toEqual([400, 'body.confirm']);
      expect((await details(v.contactId)).name).toBe(NAME);
    });

    it('the export holds the profile, channels with consent, page views, offline messages, conversations, messages and files', async () => {
      const res = await admin.get(`/api/v1/contacts/${v.contactId}/export`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toContain(`contact-${v.contactId}.json`);
      const doc = JSON.parse(typeof res.body === 'string' ? res.body : JSON.stringify(res.body));
      expect(doc.contact).toMatchObject({ id: v.contactId, name: NAME, customFields: { customerNo: 'Z-777' } });
      expect(doc.channels[0]).toMatchObject({ id: v.visitorId, name: NAME, email: EMAIL });
      expect(doc.channels[0].consent.at).toBeTruthy();
      expect(doc.channels[0].external_id).toBeUndefined();
      expect(doc.pageViews[0].url).toBe('https://shop.example/zelda-orders');
      expect(doc.offlineMessages[0]).toMatchObject({ email: EMAIL, message: 'call me back' });
      expect(doc.conversations).toHaveLength(2);
      const conv = doc.conversations.find((c: { id: string }) => c.id === conversationId);
      expect(conv.messages.map((m: { text: string }) => m.text)).toContain(SECRET);
      expect(conv.files[0]).toMatchObject({ id: fileId, filename: 'zelda-id.txt' });
      const dl = await admin.get(conv.files[0].download);
      expect([dl.status, dl.body]).toEqual([200, `ID card of ${NAME}`]);
      expect(doc.verificationCodes).toEqual([]);
      expect(doc.calls).toHaveLength(1);
      expect(doc.calls[0].from_number).toBe('+442079460123');
      expect(doc.channels.map((c: { channel: string }) => c.channel).sort()).toEqual(['phone', 'widget']);
    });

    it('erasure leaves none of the personal data in any staff or widget answer, nor in search; the audit keeps that it happened', async () => {
      const res = await admin.post(`/api/v1/contacts/${v.contactId}/erase`, { confirm: 'ERASE' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ id: v.contactId, conversations: 2, files: 1 });
      const again = await admin.post(`/api/v1/contacts/${v.contactId}/erase`, { confirm: 'ERASE' });
      expect(again.body.code).toBe('contact.erased');

      const personal = [NAME, 'Zelda', 'Quuxworth', EMAIL, 'zelda.quux', '7946 0123', '79460123', 'XK-88231', 'Z-777'];
      const assertClean = (what: string, body: unknown) => {
        const text = (typeof body === 'string' ? body : JSON.stringify(body)).toLowerCase();
        for (const value of personal) expect(text, `${what} holds ${value}`).not.toContain(value.toLowerCase());
      };
      const answers: Array<[string, Api, string]> = [
        ['contact', admin, `/api/v1/contacts/${v.contactId}`],
        ['history', admin, `/api/v1/contacts/${v.contactId}/history`],
        ['visitor', admin, `/api/v1/visitors/${v.visitorId}`],
        ['conversation', admin, `/api/v1/conversations/${conversationId}`],
        ['messages', admin, `/api/v1/conversations/${conversationId}/messages`],
        ['conversation list', admin, '/api/v1/conversations?limit=100'],
        ['calls', admin, '/api/v1/calls?limit=100'],
        ['offline inbox', admin, '/api/v1/offline-messages'],
        ['audit', admin, '/api/v1/audit?limit=200'],
        ['export', admin, `/api/v1/contacts/${v.contactId}/export`],
        ['widget visitor', v.api, '/api/v1/widget/visitor'],
        ['widget conversation', v.api, `/api/v1/widget/conversations/${conversationId}`],
        ['widget messages', v.api, `/api/v1/widget/conversations/${conversationId}/messages`],
      ];
      for (const [what, api, url] of answers) {
        const r = await api.get(url);
        expect(r.status, `${what}: ${url} ${JSON.stringify(r.body)}`).toBeLessThan(500);
        assertClean(what, r.body);
      }
      for (const q of ['Zelda', EMAIL, '+442079460123', 'Z-777']) {
        const list = await admin.get(`/api/v1/contacts?q=${encodeURIComponent(q)}`);
        expect(list.body.items, q).toEqual([]);
        const chats = await admin.get(`/api/v1/conversations?q=${encodeURIComponent(q)}`);
        expect(chats.status).toBe(200);
        expect(chats.body.items, q).toEqual([]);
      }
      expect((await admin.get(`/api/v1/conversations/${conversationId}/files/${fileId}`)).status).toBe(404);
      // Nothing queued for the person runs after the erasure.
      const queued = await p.db.kysely
        .selectFrom('jobs')
        .select('payload')
        .where('kind', '=', 'transcript.email')
        .execute();
      assertClean('queued jobs', queued);
      expect((await v.api.get(`/api/v1/widget/conversations/${conversationId}/files/${fileId}`)).status).toBe(404);

      const d = await details(v.contactId);
      expect(d).toMatchObject({ name: null, emails: [], phones: [], customFields: {} });
      expect(d.erasedAt).not.toBeNull();
      const erased = await admin.get(`/api/v1/audit?targetId=${v.contactId}&action=contact.erased`);
      expect(erased.body.items).toHaveLength(1);
      expect(erased.body.items[0]).toMatchObject({ changes: { conversations: 2, files: 1, channels: 2 } });
      // The number calls again: a new unknown contact, not the erased one.
      const token = (await admin.post('/api/v1/auth/tokens', { name: 'PBX 2' })).body.token as string;
      const call = await p.api.as({ authorization: `Bearer ${token}` }).post('/api/v1/calls/reports', {
        externalId: 'gdpr-call-2',
        direction: 'inbound',
        from: PHONE,
        to: '+49 30 901820',
        startedAt: '2026-01-06T10:00:00.000Z',
      });
      expect(call.status, JSON.stringify(call.body)).toBe(201);
      expect(call.body.contact.id).not.toBe(v.contactId);
      // An erased contact takes no more edits or merges.
      const edit = await admin.patch(`/api/v1/contacts/${v.contactId}`, { name: 'Back again' });
      expect(edit.body.code).toBe('contact.erased');
      const other = await visitorWithChats({ name: 'Someone' }, 0);
      const merge = await admin.post(`/api/v1/contacts/${other.contactId}/merge`, { otherId: v.contactId });
      expect([merge.status, merge.body.field]).toEqual([409, 'body.otherId']);
    });
  });
});
