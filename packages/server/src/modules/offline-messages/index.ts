import { offlineMessageListQuery } from '@parley/shared';
import { route, type RouteDef } from '../../kernel/http.js';
import { offlineInboxRoutes } from './offline-inbox.routes.js';
import type { OfflineMessagesService } from './offline-messages.service.js';

export { OfflineMessagesService, type OfflineMessageInput } from './offline-messages.service.js';
export type { OfflineInboxService } from './offline-inbox.service.js';

export function offlineMessagesRoutes(service: OfflineMessagesService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/offline-messages',
      summary: 'Messages left through the offline form, newest first',
      tags: ['offline-messages'],
      access: { roles: ['admin', 'manager'] },
      query: offlineMessageListQuery,
      handler: async ({ query }) => ({ items: await service.list(query.limit, query.before) }),
    }),
    ...offlineInboxRoutes(service.inbox),
  ];
}
export { offlineMessagesListeners } from './offline-messages.listeners.js';
