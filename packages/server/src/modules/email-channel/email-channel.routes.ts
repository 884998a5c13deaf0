import { z } from 'zod';
import { route, type RouteDef, type StaffActor } from '../../kernel/http.js';
import type { EmailChannels } from './email-channel.service.js';

const readers = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;
const idParams = z.strictObject({ id: z.uuid() });

/** The email channel's route: a conversation's mails with the full texts (quoted history, signature) kept. */
export function emailChannelRoutes(
  email: EmailChannels,
  mayRead: (actor: StaffActor, conversationId: string) => Promise<void>,
): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/conversations/:id/email',
      summary:
        "An email conversation's mails both ways (Message-IDs) with each incoming mail's whole text as it came, quoted history and signature included (empty for other channels)",
      tags: ['conversations'],
      access: readers,
      params: idParams,
      handler: async ({ actor, params }) => {
        await mayRead(actor, params.id);
        return email.thread(params.id);
      },
    }),
  ];
}
