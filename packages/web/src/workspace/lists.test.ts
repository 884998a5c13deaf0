import type { ConversationView, MessageView } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { shouldNotify } from './alerts';
import { attention, countsAsUnread, place, repeatsChime, withMessage } from './lists';

const me = { userId: 'u-me', agent: true };
const agentInfo = (id: string) => ({ id, name: id, username: id });

function conv(id: string, over: Partial<ConversationView> = {}): ConversationView {
  return {
    id,
    status: 'queued',
    channel: 'livechat',
    contactId: 'k1',
    visitor: { id: 'v1', name: null, username: 'guest-1', email: null, phone: null },
    departmentId: null,
    agent: null,
    topic: '',
    tags: [],
    priorityId: null,
    slaId: null,
    customFields: {},
    lastSeq: 1,
    lastMessageAt: null,
    lastMessagePreview: null,
    createdAt: '2025-01-01T10:00:00.000Z',
    queuedAt: '2025-01-01T10:00:00.000Z',
    assignedAt: null,
    onHoldAt: null,
    closedAt: null,
    closedBy: null,
    closeComment: null,
    metrics: {
      waitSeconds: null,
      firstResponseSeconds: null,
      reactionSeconds: null,
      averageResponseSeconds: null,
      responseCount: 0,
      chatDurationSeconds: null,
      serviceDurationSeconds: null,
    },
    ...over,
  };
}

function msg(seq: number, over: Partial<MessageView> = {}): MessageView {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    updatedSeq: seq,
    clientId: null,
    author: { type: 'visitor', id: 'v1', name: null },
    kind: 'text',
    systemType: null,
    text: `hello ${seq}`,
    attachment: null,
    data: null,
    createdAt: '2025-01-01T10:05:00.000Z',
    editedAt: null,
    deletedAt: null,
    ...over,
  };
}

describe('where a changed conversation goes', () => {
  it('a new queued chat joins the queue, longest waiting first, and is news for an agent', () => {
    const older = conv('c0', { queuedAt: '2025-01-01T09:00:00.000Z' });
    const p = place({ mine: [], queue: [] }, older, me);
    const p2 = place(p!, conv('c1'), me);
    expect(p2!.queue.map((c) => c.id)).toEqual(['c0', 'c1']);
    expect(p2!.arrived).toBe('queue');
    // A monitor sees the queue but is not alerted.
    expect(place({ mine: [], queue: [] }, conv('c1'), { userId: 'u-mon', agent: false })!.arrived).toBeUndefined();
  });

  it('taken by me: leaves the queue, joins my list, and is news; a second update is not', () => {
    const queued = conv('c1');
    const mine = conv('c1', { status: 'open', agent: agentInfo('u-me'), assignedAt: '2025-01-01T10:01:00.000Z' });
    const p = place({ mine: [], queue: [queued] }, mine, me)!;
    expect(p.queue).toEqual([]);
    expect(p.mine.map((c) => c.id)).toEqual(['c1']);
    expect(p.arrived).toBe('mine');
    expect(place(p, { ...mine, topic: 'billing' }, me)!.arrived).toBeUndefined();
  });

  it('taken by someone else: it leaves the queue without news; closed: it leaves my list', () => {
    const other = conv('c1', { status: 'open', agent: agentInfo('u-other') });
    expect(place({ mine: [], queue: [conv('c1')] }, other, me)).toEqual({ mine: [], queue: [], arrived: undefined });
    const open = conv('c2', { status: 'open', agent: agentInfo('u-me') });
    const closed = { ...open, status: 'closed' as const };
    expect(place({ mine: [open], queue: [] }, closed, me)).toEqual({ mine: [], queue: [], arrived: undefined });
  });

  it('a conversation in neither list, before or after, changes nothing', () => {
    const other = conv('c9', { status: 'open', agent: agentInfo('u-other') });
    expect(place({ mine: [], queue: [] }, other, me)).toBeUndefined();
  });

  it('on hold stays mine; my list is ordered by last activity, newest first', () => {
    const a = conv('a', { status: 'open', agent: agentInfo('u-me'), lastMessageAt: '2025-01-01T10:10:00.000Z' });
    const b = conv('b', { status: 'on-hold', agent: agentInfo('u-me'), lastMessageAt: '2025-01-01T10:20:00.000Z' });
    const p = place({ mine: [a], queue: [] }, b, me)!;
    expect(p.mine.map((c) => c.id)).toEqual(['b', 'a']);
  });
});

describe('a message in one of my conversations', () => {
  it('a new message updates the preview and the last seq; an edit moves only the seq', () => {
    const c = conv('c1', { status: 'open', lastSeq: 4, lastMessageAt: '2025-01-01T10:00:00.000Z' });
    const created = withMessage(c, 'message.created', msg(5));
    expect(created).toMatchObject({ lastSeq: 5, lastMessagePreview: 'hello 5', lastMessageAt: msg(5).createdAt });
    const edited = withMessage(c, 'message.updated', msg(3, { updatedSeq: 6, text: 'changed' }));
    expect(edited).toMatchObject({ lastSeq: 6, lastMessagePreview: null });
  });

  it('a file shows its name; a system message or an older one leaves the preview alone', () => {
    const c = conv('c1', { lastMessageAt: '2025-01-01T10:05:00.000Z', lastMessagePreview: 'before' });
    const file = msg(7, {
      kind: 'file',
      attachment: { id: 'f', name: 'invoice.pdf', size: 1, contentType: 'application/pdf', url: '/f' },
    });
    expect(withMessage(c, 'message.created', file).lastMessagePreview).toBe('invoice.pdf');
    const system = msg(8, { kind: 'system', author: { type: 'system', id: null, name: null } });
    expect(withMessage(c, 'message.created', system).lastMessagePreview).toBe('before');
    const note = msg(10, { kind: 'note', author: { type: 'agent', id: 'a', name: 'Ann' }, text: 'internal' });
    expect(withMessage(c, 'message.created', note).lastMessagePreview).toBe('before');
    expect(countsAsUnread('message.created', note, { seenSeq: 0, counted: false, onScreen: false })).toBe(false);
    const older = msg(9, { createdAt: '2025-01-01T09:00:00.000Z' });
    expect(withMessage(c, 'message.created', older).lastMessagePreview).toBe('before');
  });

  it('counts as unread: a new visitor message after what I saw, counted once, not while on screen', () => {
    const ctx = { seenSeq: 4, counted: false, onScreen: false };
    expect(countsAsUnread('message.created', msg(5), ctx)).toBe(true);
    expect(countsAsUnread('message.created', msg(4), ctx)).toBe(false);
    expect(countsAsUnread('message.created', msg(5), { ...ctx, counted: true })).toBe(false);
    expect(countsAsUnread('message.created', msg(5), { ...ctx, onScreen: true })).toBe(false);
    expect(countsAsUnread('message.updated', msg(5), ctx)).toBe(false);
    const mine = msg(6, { author: { type: 'agent', id: 'u-me', name: 'Me' } });
    expect(countsAsUnread('message.created', mine, ctx)).toBe(false);
    expect(countsAsUnread('message.created', msg(7, { deletedAt: '2025-01-01T10:06:00.000Z' }), ctx)).toBe(false);
  });
});

describe('alerts', () => {
  it('the chime repeats only for an available agent while a chat waits and the setting is on', () => {
    const available = { availability: 'available' as const };
    expect(repeatsChime(true, true, available, { queued: 1, unanswered: 0 })).toBe(true);
    expect(repeatsChime(false, true, available, { queued: 1, unanswered: 0 })).toBe(false);
    expect(repeatsChime(undefined, true, available, { queued: 1, unanswered: 0 })).toBe(false);
    expect(repeatsChime(true, true, { availability: 'unavailable' }, { queued: 1, unanswered: 0 })).toBe(false);
    expect(repeatsChime(true, true, available, { queued: 0, unanswered: 0 })).toBe(false);
    expect(repeatsChime(true, false, available, { queued: 1, unanswered: 0 })).toBe(false);
    expect(repeatsChime(true, true, undefined, { queued: 1, unanswered: 0 })).toBe(false);
    // A chat given to me that I have not answered yet calls too.
    expect(repeatsChime(true, true, available, { queued: 0, unanswered: 1 })).toBe(true);
    expect(repeatsChime(false, true, available, { queued: 0, unanswered: 1 })).toBe(false);
  });

  it('a desktop notification only when allowed and the app is not in front of the user', () => {
    expect(shouldNotify('granted', { visible: true, focused: false })).toBe(true);
    expect(shouldNotify('granted', { visible: false, focused: false })).toBe(true);
    expect(shouldNotify('granted', { visible: true, focused: true })).toBe(false);
    expect(shouldNotify('default', { visible: false, focused: false })).toBe(false);
    expect(shouldNotify('denied', { visible: false, focused: false })).toBe(false);
  });

  it('counts what waits: unread messages, and for agents the queue', () => {
    const s = { unread: { a: 2, b: 0, c: 1 }, queue: [1, 2] };
    expect(attention(s, true)).toBe(5);
    expect(attention(s, false)).toBe(3);
    expect(attention({ unread: {}, queue: [] }, true)).toBe(0);
  });
});
