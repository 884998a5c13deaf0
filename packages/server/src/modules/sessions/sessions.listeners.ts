import { listeners, listener, type Listener } from '../../kernel/listeners.js';
import type { OnHoldAutoClose } from './on-hold-close.js';

/**
 * The session timers are armed and cancelled `in-transaction`: the job row commits or rolls back with
 * the state change that caused it, so no crash between the two can leave a timer without its cause.
 */
export function sessionsListeners(t: { onHold: OnHoldAutoClose }): Listener[] {
  return [
    listener('conversation.on-hold', 'in-transaction', (e) => t.onHold.arm(e.payload.conversationId)),
    ...listeners(['conversation.resumed', 'conversation.transferred', 'conversation.closed'], 'in-transaction', (e) =>
      t.onHold.cancel(e.payload.conversationId),
    ),
  ];
}
