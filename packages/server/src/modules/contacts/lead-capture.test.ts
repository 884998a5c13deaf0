import { settingsCatalog, type MessageView } from '@parley/shared';
import { RE2JS } from 're2js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventMap } from '../../kernel/events.js';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { LEAD_MAX_VALUES, LEAD_SCAN_MAX_CHARS } from './lead-capture.js';

type Captured = EventMap['lead.captured'];

/** Issue 15 item 7: what a visitor writes of their email and phone lands on their contact, once. */
describe('lead capture', () => {
  let p: TestParley;
  let admin: Awaited<ReturnType<TestParley['admin']>>;
  let agent: Awaited<ReturnType<TestParley['staff']>>;
  const captured: Captured[] = [];

  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
    admin = await p.admin();
    agent = await p.staff(['agent']);
    p.bus.on('lead.captured', (e) => void captured.push(e.payload));
  });
  afterAll(() => p.stop());
  beforeEach(async () => {
    captured.length = 0;
    const res = await admin.patch('/api/v1/settings', {
      'crm.leadEmailRegex': settingsCatalog['crm.leadEmailRegex'].default,
      'crm.leadPhoneRegex': settingsCatalog['crm.leadPhoneRegex'].default,
    });
    expect([200, 204]).toContain(res.status);
  });

  /** A visitor with a conversation; `say` sends a message as them and waits for its listeners. */
  async function chat(first = 'hello') {
    const v = await p.visitor();
    const res = await v.api.post('/api/v1/widget/conversations', { text: first });
    expect(res.status).toBe(201);
    const id = res.body.conversation.id as string;
    const say = async (text: string) => {
      const r = await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text });
      expect(r.status).toBe(201);
      await p.settle();
      return r.body.id as string;
    };
    const details = async () => (await agent.api.get(`/api/v1/visitors/${v.visitorId}`)).body;
    return { v, id, say, details };
  }

  async function setting(values: Record<string, unknown>) {
    const res = await admin.patch('/api/v1/settings', values);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  }

  it('adds the email and phone a visitor writes to the contact and the visitor, with one event', async () => {
    const { v, id, say, details } = await chat();
    const messageId = await say('mail me at Ada@Example.com or call 11 98765 4321, thanks');

    const d = await details();
    expect(d.contact.emails).toEqual(['ada@example.com']);
    expect(d.contact.phones).toEqual(['11 98765 4321']);
    // The visitor had neither: the panel's Email and Phone rows show what was captured.
    expect(d.visitor.email).toBe('ada@example.com');
    expect(d.visitor.phone).toBe('11 98765 4321');
    expect(captured).toEqual([
      {
        conversationId: id,
        visitorId: v.visitorId,
        contactId: d.contact.id,
        messageId,
        emails: ['ada@example.com'],
        phones: ['11 98765 4321'],
      },
    ]);
    // The conversation's own copy of the visitor's email follows (lists, search).
    const conv = (await admin.get(`/api/v1/conversations/${id}`)).body;
    expect(conv.visitor.email).toBe('ada@example.com');

    // The same again, in other spellings: nothing new, no second event.
    await say('again: ADA@example.COM, 11-98765-4321 or 11 987654321');
    expect((await details()).contact).toMatchObject({ emails: ['ada@example.com'], phones: ['11 98765 4321'] });
    expect(captured).toHaveLength(1);

    // Something new is added (the visitor's own email stays the first one); only the new one is in the event.
    const third = await say('or my work address bob@corp.example');
    const after = await details();
    expect(after.contact.emails).toEqual(['ada@example.com', 'bob@corp.example']);
    expect(after.visitor.email).toBe('ada@example.com');
    expect(captured[1]).toMatchObject({ messageId: third, emails: ['bob@corp.example'], phones: [] });
  });

  it('scans the message that starts the conversation; a message with nothing to capture reads nothing', async () => {
    const { v, details } = await chat('Hi, I am Tom (tom@example.net) and want a callback on 5551234567');
    expect((await details()).contact).toMatchObject({ emails: ['tom@example.net'], phones: ['5551234567'] });
    expect(captured).toHaveLength(1);

    // The hot path: a visitor message with nothing to capture does not touch the database.
    const message = { id: 'm', conversationId: 'c', author: { type: 'visitor', id: null, name: null }, kind: 'text' };
    const queries = vi.spyOn(p.db, 'q', 'get');
    try {
      await p.visitors.leads.onMessage(
        { ...message, text: 'Hello, how much is the premium plan? Thanks!' } as MessageView,
        v.visitorId,
      );
      expect(queries).not.toHaveBeenCalled();
      await p.visitors.leads.onMessage({ ...message, text: 'It is tom@example.net' } as MessageView, v.visitorId);
      expect(queries).toHaveBeenCalled();
    } finally {
      queries.mockRestore();
    }
  });

  it('keeps the email a visitor registered with, and adds nothing it already has', async () => {
    const v = await p.visitor({ name: 'Grace', email: 'grace@example.com' });
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'I am Grace@Example.com' }))
      .body;
    await p.settle();
    const d = (await agent.api.get(`/api/v1/visitors/${v.visitorId}`)).body;
    expect(d.contact.emails).toEqual(['grace@example.com']);
    expect(captured).toEqual([]);
    await v.api.post(`/api/v1/widget/conversations/${conversation.id}/messages`, { text: 'also gh@example.org' });
    await p.settle();
    const after = (await agent.api.get(`/api/v1/visitors/${v.visitorId}`)).body;
    expect(after.contact.emails).toEqual(['grace@example.com', 'gh@example.org']);
    expect(after.visitor.email).toBe('grace@example.com');
  });

  it('does not scan what agents write', async () => {
    const { id, details } = await chat();
    expect((await agent.api.post(`/api/v1/conversations/${id}/take`)).status).toBe(200);
    const sent = await agent.api.post(`/api/v1/conversations/${id}/messages`, {
      text: 'write to support@example.com or call 11 98765 4321',
    });
    expect(sent.status).toBe(201);
    await p.settle();
    expect((await details()).contact).toMatchObject({ emails: [], phones: [] });
    expect(captured).toEqual([]);
  });

  it('follows crm.leadEmailRegex and crm.leadPhoneRegex (custom, and empty: nothing of that kind)', async () => {
    const sentence = 'mail me at Ada@Example.com or call +1 415 555 0100';
    // The guide's phone pattern does not know this format.
    const before = await chat();
    await before.say(sentence);
    expect((await before.details()).contact).toMatchObject({ emails: ['ada@example.com'], phones: [] });

    await setting({
      'crm.leadEmailRegex': '[a-z0-9._-]+@corp\\.example\\b',
      'crm.leadPhoneRegex': '\\+[0-9][0-9 ]{8,16}[0-9]',
    });
    const custom = await chat();
    await custom.say(`${sentence}, or at work: Ada.L@Corp.Example`);
    expect((await custom.details()).contact).toMatchObject({
      emails: ['ada.l@corp.example'],
      phones: ['+1 415 555 0100'],
    });

    await setting({ 'crm.leadEmailRegex': '', 'crm.leadPhoneRegex': '' });
    const none = await chat();
    await none.say(sentence);
    expect((await none.details()).contact).toMatchObject({ emails: [], phones: [] });
    expect(captured.map((c) => [c.emails, c.phones])).toEqual([
      [['ada@example.com'], []],
      [['ada.l@corp.example'], ['+1 415 555 0100']],
    ]);
  });

  it(`takes at most ${LEAD_MAX_VALUES} of each per message, from its first ${LEAD_SCAN_MAX_CHARS} characters`, async () => {
    const { say, details } = await chat();
    const many = Array.from({ length: 15 }, (_, i) => `u${i}@example.com`).join(' ');
    await say(many);
    expect((await details()).contact.emails).toEqual(Array.from({ length: 10 }, (_, i) => `u${i}@example.com`));
    await say(`${'x'.repeat(LEAD_SCAN_MAX_CHARS - 5)} late@example.com`);
    expect((await details()).contact.emails).not.toContain('late@example.com');
  });

  it('runs a catastrophic admin regex in linear time (RE2), where a backtracking RegExp would not return', async () => {
    await setting({ 'crm.leadEmailRegex': '(a+)+$' });
    // The engine in use is RE2's: with a native RegExp, the message below would take 2^40 steps.
    expect(p.visitors.leads.engine('email')).toBeInstanceOf(RE2JS);
    const { say, details } = await chat();
    await say(`${'a'.repeat(40)}!`);
    await say(`${'a'.repeat(9_999)}!`);
    expect((await details()).contact.emails).toEqual([]);
    // A changed setting is compiled again.
    await setting({ 'crm.leadEmailRegex': 'a{3}!' });
    await say('aaa!');
    expect((await details()).contact.emails).toEqual(['aaa!']);
  }, 10_000);

  it('refuses at save, with 400 naming the setting, a pattern that is invalid or that RE2 cannot run', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['crm.leadEmailRegex', '([', /valid regular expression/],
      ['crm.leadPhoneRegex', '(a)\\1', /RE2/],
      ['crm.leadPhoneRegex', '[0-9]{8}(?=\\D)', /RE2/],
      ['crm.leadEmailRegex', '(?<!x)@', /RE2/],
      ['crm.leadEmailRegex', '(?:\\w+\\s*){100}', /too complex/],
    ];
    for (const [key, value, message] of cases) {
      const res = await admin.patch('/api/v1/settings', { [key]: value });
      expect(res.status, value).toBe(400);
      expect(res.body, value).toMatchObject({ code: 'setting.invalid', field: key });
      expect(res.body.message, value).toMatch(message);
      expect(p.settings.get(key as 'crm.leadEmailRegex')).toBe(settingsCatalog[key as 'crm.leadEmailRegex'].default);
    }
  });
});
