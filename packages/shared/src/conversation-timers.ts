import { z } from 'zod';

/**
 * The session timers that can act on a conversation by themselves. Each kind is also the reason the
 * system records when it acts: the close comment of a system close, the `reason` of a transfer record
 * and of the system message (`conversation-finished` / `conversation-transferred`).
 */
export const conversationTimerKinds = [
  /** `sessions.onHold.autoCloseSeconds`: an on-hold chat is closed. */
  'on-hold-timeout',
  /** `sessions.autoTransferUnansweredSeconds`: an assigned chat its agent has not answered is re-routed. */
  'unanswered',
  /** `sessions.agentOffline.*`: the agent's presence is offline; their open chat is forwarded or closed. */
  'agent-offline',
  /** `sessions.visitorAbandonment.*`: the visitor stopped answering; closed or placed on hold. */
  'abandonment',
  /** `queue.maxWaitMinutes`: a queued chat nobody took is closed. */
  'queue-timeout',
] as const;
export type ConversationTimerKind = (typeof conversationTimerKinds)[number];

/** What the timer will do: close the chat, move it to another agent (through the queue), place it on hold. */
export const conversationTimerActions = ['close', 'transfer', 'hold'] as const;
export type ConversationTimerAction = (typeof conversationTimerActions)[number];

/** One pending timer of a conversation. `dueAt` may be just past: the timer is due and about to run. */
export const conversationTimerSchema = z.object({
  kind: z.enum(conversationTimerKinds),
  dueAt: z.iso.datetime(),
  action: z.enum(conversationTimerActions),
});
export type ConversationTimer = z.infer<typeof conversationTimerSchema>;

/** `GET /api/v1/conversations/:id/timers`: the pending ones, soonest first (none: an empty list). */
export const conversationTimersSchema = z.object({ items: z.array(conversationTimerSchema) });
export type ConversationTimers = z.infer<typeof conversationTimersSchema>;
