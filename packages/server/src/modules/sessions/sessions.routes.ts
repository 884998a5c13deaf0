import { z } from 'zod';
import { route, type RouteDef } from '../../kernel/http.js';
import type { ConversationsService } from '../conversations/index.js';
import { conversationTimersSchema } from '@parley/shared';
import type { ConversationTimersView } from './timers.js';

const idParams = z.strictObject({ id: z.uuid() });

export function sessionsRoutes(conversations: ConversationsService, timers: ConversationTimersView): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/conversations/:id/timers',
      summary: 'The pending timers of a conversation: which will act, when, and what it will do',
      tags: ['conversations'],
      // Whoever may read the conversation (the same rule as GET /api/v1/conversations/:id).
      access: { roles: ['admin', 'manager', 'agent', 'monitor'] },
      params: idParams,
      response: conversationTimersSchema,
      handler: async ({ params, actor }) => ({
        items: await timers.of(await conversations.forStaff(actor, params.id, 'read')),
      }),
    }),
  ];
}
