import { listeners, listener, type Listener } from '../../kernel/listeners.js';
import type { VisitorAbandonment } from './abandonment.js';
import type { AgentOfflineSessions } from './agent-offline.js';
import type { OnHoldAutoClose } from './on-hold-close.js';
import type { UnansweredTransfer } from './unanswered.js';

/**
 * The session timers are armed and cancelled `in-transaction`: the job row commits or rolls back with
 * the state change that caused it, so no crash between the two can leave a timer without its cause.
 */
export function sessionsListeners(t: {
  onHold: OnHoldAutoClose;
  unanswered: UnansweredTransfer;
  agentOffline: AgentOfflineSessions;
  abandonment: VisitorAbandonment;
}): Listener[] {
  return [
    listener('conversation.on-hold', 'in-transaction', (e) => t.onHold.arm(e.payload.conversationId)),
    ...listeners(['conversation.resumed', 'conversation.transferred', 'conversation.closed'], 'in-transaction', (e) =>
      t.onHold.cancel(e.payload.conversationId),
    ),
    listener('conversation.taken', 'in-transaction', (e) =>
      t.unanswered.arm(e.payload.conversationId, e.payload.agentId),
    ),
    ...listeners(['conversation.on-hold', 'conversation.queued', 'conversation.closed'], 'in-transaction', (e) =>
      t.unanswered.cancel(e.payload.conversationId),
    ),
    // An internal note is not a reply: it neither cancels the unanswered transfer nor re-arms abandonment.
    listener('message.created', 'in-transaction', (e) =>
      e.payload.message.author.type === 'agent' && e.payload.message.kind !== 'note' && t.unanswered.enabled()
        ? t.unanswered.cancel(e.payload.message.conversationId)
        : undefined,
    ),
    listener('conversation.resumed', 'in-transaction', (e) => t.agentOffline.resumed(e.payload.agentId)),
    listener('agent.status-changed', 'in-transaction', (e) =>
      e.payload.presence === 'offline' ? t.agentOffline.arm(e.payload.userId) : t.agentOffline.cancel(e.payload.userId),
    ),
    listener('setting.changed', 'in-transaction', async (e) => {
      await t.onHold.settingChanged(e.payload.key);
      await t.unanswered.settingChanged(e.payload.key);
      await t.agentOffline.settingChanged(e.payload.key);
      await t.abandonment.settingChanged(e.payload.key);
    }),
    // Visitor abandonment needs nothing per message (the conversation row is its timer); this only books its
    // sweep once per process if it is missing, after the commit, outside the message's transaction.
    listener('message.created', 'after-commit', (e) =>
      ['agent', 'bot'].includes(e.payload.message.author.type) && e.payload.message.kind !== 'note'
        ? t.abandonment.ensureSweep()
        : undefined,
    ),
  ];
}
