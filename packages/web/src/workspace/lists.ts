import type { AgentState, ConversationView, MessageView } from '@parley/shared';

/**
 * The workspace's rules as pure functions: where a changed conversation belongs (my list, the queue,
 * neither), what a new message does to its row, which messages count as unread, and when to alert.
 */

export interface Lists {
  mine: ConversationView[];
  queue: ConversationView[];
}

export function byActivity(a: ConversationView, b: ConversationView): number {
  const at = (c: ConversationView) => c.lastMessageAt ?? c.assignedAt ?? c.createdAt;
  return at(b).localeCompare(at(a));
}

export function byWaiting(a: ConversationView, b: ConversationView): number {
  return (a.queuedAt ?? a.createdAt).localeCompare(b.queuedAt ?? b.createdAt);
}

export interface Placement extends Lists {
  /** Where it newly arrived (an alert is due): given to me, or new in the queue (agents only). */
  arrived: 'mine' | 'queue' | undefined;
}

/**
 * A conversation's new state placed in the lists: mine while I serve it (open or on hold), the queue
 * while it waits. Undefined when it concerns neither list, before or after.
 */
export function place(
  lists: Lists,
  c: ConversationView,
  me: { userId: string; agent: boolean },
): Placement | undefined {
  const wasMine = lists.mine.some((x) => x.id === c.id);
  const wasQueued = lists.queue.some((x) => x.id === c.id);
  const isMine = me.agent && c.agent?.id === me.userId && (c.status === 'open' || c.status === 'on-hold');
  const isQueued = c.status === 'queued';
  if (!wasMine && !wasQueued && !isMine && !isQueued) return undefined;
  const others = (list: ConversationView[]) => list.filter((x) => x.id !== c.id);
  return {
    mine: isMine ? [...others(lists.mine), c].sort(byActivity) : others(lists.mine),
    queue: isQueued ? [...others(lists.queue), c].sort(byWaiting) : others(lists.queue),
    arrived: isMine && !wasMine ? 'mine' : isQueued && !wasQueued && me.agent ? 'queue' : undefined,
  };
}

/** A conversation's row after one of its messages arrived or changed: its last seq, and preview when newer. */
export function withMessage(
  c: ConversationView,
  type: 'message.created' | 'message.updated',
  m: MessageView,
): ConversationView {
  // Like the server's: system messages and internal notes are not the conversation's last message.
  const newer =
    type === 'message.created' && m.kind !== 'system' && m.kind !== 'note' && (c.lastMessageAt ?? '') <= m.createdAt;
  return {
    ...c,
    lastSeq: Math.max(c.lastSeq, m.updatedSeq),
    ...(newer ? { lastMessageAt: m.createdAt, lastMessagePreview: m.attachment ? m.attachment.name : m.text } : {}),
  };
}

export function isVisitorMessage(m: MessageView): boolean {
  return m.author.type === 'visitor' && m.kind !== 'system' && !m.deletedAt;
}

/**
 * Whether a message counts as unread: a new visitor message after what I have seen, not counted before
 * (replays and second deliveries count once), and not arriving while its conversation is on screen.
 */
export function countsAsUnread(
  type: 'message.created' | 'message.updated',
  m: MessageView,
  ctx: { seenSeq: number; counted: boolean; onScreen: boolean },
): boolean {
  return type === 'message.created' && isVisitorMessage(m) && m.seq > ctx.seenSeq && !ctx.counted && !ctx.onScreen;
}

/**
 * What waits for me, for the tab title and the navigation's badge: unread visitor messages in my chats
 * and, for agents, chats waiting in the queue.
 */
export function attention(s: { unread: Record<string, number>; queue: readonly unknown[] }, agent: boolean): number {
  const unread = Object.values(s.unread).reduce((a, b) => a + b, 0);
  return unread + (agent ? s.queue.length : 0);
}

/** An agent's (or bot's) message to the visitor: the chat is answered (notes and system lines are not). */
export function answersVisitor(type: 'message.created' | 'message.updated', m: MessageView): boolean {
  return (
    type === 'message.created' &&
    (m.author.type === 'agent' || m.author.type === 'bot') &&
    m.kind !== 'note' &&
    m.kind !== 'system'
  );
}

/**
 * `general.continuousSound`: the new-chat chime repeats while a chat waits in the queue, or while a chat
 * given to me waits for my first answer; only for an agent who is available (one on a break is not called
 * back every few seconds).
 */
export function repeatsChime(
  continuousSound: boolean | undefined,
  agent: boolean,
  status: Pick<AgentState, 'availability'> | undefined,
  waiting: { queued: number; unanswered: number },
): boolean {
  return (
    continuousSound === true &&
    agent &&
    status?.availability === 'available' &&
    (waiting.queued > 0 || waiting.unanswered > 0)
  );
}
