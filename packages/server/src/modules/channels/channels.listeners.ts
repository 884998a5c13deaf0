import { listener, type Listener } from '../../kernel/listeners.js';
import type { ApiCallbacks } from './api-callbacks.js';
import type { ApiChannels } from './api-channel.service.js';
import type { ChannelsService } from './channels.service.js';
import type { ChannelInbound } from './inbound.js';

/**
 * Every process forgets its channel list and API tokens when a channel changed; a channel's visitor
 * message is remembered by its client id, and an agent's message or a close in an API channel
 * conversation writes its callback delivery, each in the same transaction.
 */
export function channelsListeners(
  channels: ChannelsService,
  api: ApiChannels,
  inbound: ChannelInbound,
  callbacks: ApiCallbacks,
): Listener[] {
  return [
    listener('channel.changed', 'after-commit-everywhere', () => {
      channels.forgetCache();
      api.forgetTokens();
    }),
    listener('message.created', 'in-transaction', (e) => inbound.remember(e)),
    listener('message.created', 'in-transaction', (e) => callbacks.onMessage(e)),
    listener('conversation.closed', 'in-transaction', (e) => callbacks.onClosed(e)),
  ];
}
