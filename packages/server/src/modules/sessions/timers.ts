import type { ConversationTimer, ConversationTimerAction, ConversationTimerKind } from '@parley/shared';
import type { ConversationRow } from '../conversations/index.js';
import type { AgentOfflineSessions } from './agent-offline.js';
import type { SessionsDeps } from './deps.js';
import type { OnHoldAutoClose } from './on-hold-close.js';
import type { UnansweredTransfer } from './unanswered.js';

/** A timer that knows when it will act on one conversation. */
export interface ConversationDueTime {
  dueAt(conversationId: string): Promise<Date | undefined>;
}

/**
 * The queue max wait (`queue.maxWaitMinutes`) is routing's, and routing comes after sessions in
 * design.md's module order: sessions declares what it asks and compose.ts passes routing's answer in.
 */
export type QueueTimeoutTimer = ConversationDueTime;

export interface TimerSources {
  onHold: OnHoldAutoClose;
  unanswered: UnansweredTransfer;
  agentOffline: AgentOfflineSessions;
  /** Visitor abandonment (`sessions/abandonment.ts`), when it exists; without it that kind is never listed. */
  abandonment: ConversationDueTime | undefined;
  queueTimeout: QueueTimeoutTimer;
}

/**
 * What the pending timers will do to a conversation, and when: what agents read on an on-hold, unanswered
 * or waiting chat. Each kind is listed only while its feature is on and the conversation is in the state
 * the timer acts on when it runs (the timers themselves check that again under the row lock), so a
 * leftover job never shows as a promise the timer will not keep.
 */
export class ConversationTimersView {
  constructor(
    private readonly d: Pick<SessionsDeps, 'settings'>,
    private readonly t: TimerSources,
  ) {}

  async of(c: ConversationRow): Promise<ConversationTimer[]> {
    if (c.status === 'closed') return [];
    const s = this.d.settings;
    const found: Array<[ConversationTimerKind, ConversationTimerAction, () => Promise<Date | undefined>]> = [];
    if (c.status === 'on-hold' && s.get('sessions.onHold.autoCloseSeconds') > 0)
      found.push(['on-hold-timeout', 'close', () => this.t.onHold.dueAt(c.id)]);
    if (c.status === 'open' && s.get('sessions.autoTransferUnansweredSeconds') > 0 && !answered(c))
      found.push(['unanswered', 'transfer', () => this.t.unanswered.dueAt(c.id)]);
    const offline = s.get('sessions.agentOffline.action');
    // Per agent: it takes the chats that are open (on-hold ones are left to the on-hold auto-close).
    const agentId = c.agent_id;
    if (c.status === 'open' && agentId && offline !== 'none')
      found.push([
        'agent-offline',
        offline === 'forward' ? 'transfer' : 'close',
        () => this.t.agentOffline.dueAt(agentId),
      ]);
    const abandon = s.get('sessions.visitorAbandonment.action');
    const abandonment = this.t.abandonment;
    // The sweep acts on open chats waiting on their visitor (its dueAt says which, and when).
    if (abandonment && c.status === 'open' && s.get('sessions.visitorAbandonment.seconds') > 0 && abandon !== 'none')
      found.push(['abandonment', abandon === 'close' ? 'close' : 'hold', () => abandonment.dueAt(c.id)]);
    if (c.status === 'queued' && s.get('queue.maxWaitMinutes') >= 0)
      found.push(['queue-timeout', 'close', () => this.t.queueTimeout.dueAt(c.id)]);

    const items: ConversationTimer[] = [];
    for (const [kind, action, due] of found) {
      const at = await due();
      if (at) items.push({ kind, dueAt: at.toISOString(), action });
    }
    return items.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }
}

/** The agent wrote since the chat was assigned to them (what cancels the unanswered auto-transfer). */
function answered(c: ConversationRow): boolean {
  return Boolean(c.assigned_at && c.last_agent_message_at && c.last_agent_message_at >= c.assigned_at);
}
