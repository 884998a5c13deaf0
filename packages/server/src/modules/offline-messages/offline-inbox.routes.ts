import { offlineAssignBody, offlineInboxListQuery, offlineReplyBody } from '@parley/shared';
import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { OfflineInboxService } from './offline-inbox.service.js';

/** Monitors read the inbox; those who work in it (agents, and admins and managers) change it. */
const readers = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;
const workers = { roles: ['admin', 'manager', 'agent'] } as const;
const idParams = z.strictObject({ id: z.uuid() });
const tags = ['offline-inbox'];

/** The offline inbox (issue 15, item 8): thin routes; the department rule lives in the service. */
export function offlineInboxRoutes(inbox: OfflineInboxService): RouteDef[] {
  const act = (
    path: string,
    summary: string,
    fn: (a: Parameters<OfflineInboxService['claim']>[0], id: string) => Promise<unknown>,
  ) =>
    route({
      method: 'POST',
      path: `/api/v1/offline-inbox/:id/${path}`,
      summary,
      tags,
      access: workers,
      params: idParams,
      handler: async ({ actor, params }) => fn(actor, params.id),
    });
  return [
    route({
      method: 'GET',
      path: '/api/v1/offline-inbox/summary',
      summary: "The inbox's title (livechat.offline.toChannel.name) and how many items the caller sees, by state",
      tags,
      access: readers,
      handler: async ({ actor }) => inbox.summary(actor),
    }),
    route({
      method: 'GET',
      path: '/api/v1/offline-inbox',
      summary:
        "Offline messages in the inbox, newest first: an agent's departments' and those without one; admins, managers and monitors every one",
      tags,
      access: readers,
      query: offlineInboxListQuery,
      handler: async ({ actor, query }) => inbox.list(actor, query),
    }),
    route({
      method: 'GET',
      path: '/api/v1/offline-inbox/:id',
      summary: 'One inbox item and its email replies, oldest first',
      tags,
      access: readers,
      params: idParams,
      handler: async ({ actor, params }) => inbox.get(actor, params.id),
    }),
    act('claim', 'Claim an open item (409 offline-message.already-claimed when another agent has it)', (a, id) =>
      inbox.claim(a, id),
    ),
    act('release', 'Put a claimed item back to open (its claimant, or an admin or manager)', (a, id) =>
      inbox.release(a, id),
    ),
    act('done', 'Mark an item done (its claimant, or an admin or manager)', (a, id) => inbox.done(a, id)),
    act('reopen', 'Reopen a done item', (a, id) => inbox.reopen(a, id)),
    route({
      method: 'POST',
      path: '/api/v1/offline-inbox/:id/assign',
      summary: 'Give an item to an agent of its department (admins and managers)',
      tags,
      access: { roles: ['admin', 'manager'] },
      params: idParams,
      body: offlineAssignBody,
      handler: async ({ actor, params, body }) => inbox.assign(actor, params.id, body.userId),
    }),
    route({
      method: 'POST',
      path: '/api/v1/offline-inbox/:id/replies',
      summary:
        'Reply to the visitor by email (the claimant): stored with the item, sent by a durable job, threaded by Message-ID',
      tags,
      access: workers,
      params: idParams,
      body: offlineReplyBody,
      handler: async ({ actor, params, body }) => respond.created(await inbox.reply(actor, params.id, body.text)),
    }),
  ];
}
