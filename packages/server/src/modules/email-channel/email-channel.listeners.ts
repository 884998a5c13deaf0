import { listener, type Listener } from '../../kernel/listeners.js';
import type { EmailChannels } from './email-channel.service.js';

/**
 * The email channel's reactions. `message.created` is not relayed through the outbox (messages skip it),
 * so the reply's send job is armed IN the message's transaction: it commits with the message and the
 * SMTP send happens after the commit, as a job, retried with backoff.
 */
export function emailChannelListeners(email: EmailChannels): Listener[] {
  return [listener('message.created', 'in-transaction', (e) => email.onMessage(e.payload.message))];
}
