import { cannedListQuery, cannedRenderQuery, cannedResponseBody } from '@parley/shared';
import { z } from 'zod';
import { respond, route, type RouteDef, type StaffActor } from '../../kernel/http.js';
import type { CannedResponsesService } from './canned-responses.service.js';
import type { CannedRenderService } from './render.service.js';

/** Monitors never write in chats: canned responses are for those who do. */
const keepers = { roles: ['admin', 'manager', 'agent'] } as const;
const idParams = z.strictObject({ id: z.uuid() });
const tags = ['canned-responses'];

export function cannedResponsesRoutes(canned: CannedResponsesService, render: CannedRenderService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/canned-responses',
      summary:
        'Canned responses by shortcut, a page at a time; search matches shortcut, text and tags. An agent gets what they may use (global, their departments’, their own); admins and managers every one unless usable=true',
      tags,
      access: keepers,
      query: cannedListQuery,
      handler: async ({ actor, query }) => canned.page(actor, query),
    }),
    route({
      method: 'GET',
      path: '/api/v1/canned-responses/:id',
      summary: 'One canned response',
      tags,
      access: keepers,
      params: idParams,
      handler: async ({ actor, params }) => canned.get(actor, params.id),
    }),
    route({
      method: 'GET',
      path: '/api/v1/canned-responses/:id/render',
      summary: 'The text of a canned response with its placeholders filled for a conversation the caller may act on',
      tags,
      access: keepers,
      params: idParams,
      query: cannedRenderQuery,
      handler: async ({ actor, params, query }) => render.render(actor as StaffActor, params.id, query.conversationId),
    }),
    route({
      method: 'POST',
      path: '/api/v1/canned-responses',
      summary: 'Create a canned response (agents: personal ones of their own)',
      tags,
      access: keepers,
      body: cannedResponseBody,
      handler: async ({ actor, body }) => respond.created(await canned.save(actor, undefined, body)),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/canned-responses/:id',
      summary: 'Change a canned response (agents: personal ones of their own)',
      tags,
      access: keepers,
      params: idParams,
      body: cannedResponseBody,
      handler: async ({ actor, params, body }) => canned.save(actor, params.id, body),
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/canned-responses/:id',
      summary: 'Delete a canned response (agents: personal ones of their own)',
      tags,
      access: keepers,
      params: idParams,
      handler: async ({ actor, params }) => {
        await canned.remove(actor, params.id);
        return respond.noContent();
      },
    }),
  ];
}
