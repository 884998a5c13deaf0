import { listener, type Listener } from '../../kernel/listeners.js';
import type { CallsService } from './calls.service.js';

/** The calls module's reactions to events. */
export function callsListeners(calls: CallsService): Listener[] {
  return [
    // A closed conversation ends its calls still going, in the close's transaction (their cards say so).
    listener('conversation.closed', 'in-transaction', (e) => calls.endAllOf(e.payload.conversationId)),
  ];
}
