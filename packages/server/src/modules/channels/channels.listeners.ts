import { listener, type Listener } from '../../kernel/listeners.js';
import type { ApiCallbacks } from './api-callbacks.js';
import type { ApiChannels } from './api-channel.service.js';
import type { ChannelsService } from './channels.service.js';

/**
 * Every process forgets its channel list and API tokens when a channel changed; an agent's message or a
 * close in an API channel conversation writes its callback delivery in the same transaction.
 */
export function channelsListeners(channels: ChannelsService, api: ApiChannels, callbacks: ApiCallbacks): Listener[] {
  return [
    listener('channel.changed', 'after-commit-everywhere', () => {
      channels.forgetCache();
      api.forgetTokens();
    }),
    listener('message.created', 'in-transaction', (e) => callbacks.onMessage(e)),
    listener('conversation.closed', 'in-transaction', (e) => callbacks.onClosed(e)),
  ];
}
