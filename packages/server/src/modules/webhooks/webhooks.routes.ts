import {
  webhookDeliveryQuery,
  webhookEndpointBody,
  webhookEndpointPatch,
  webhookTestBody,
  webhookTestResultSchema,
} from '@parley/shared';
import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { WebhooksService } from './webhooks.service.js';

const idParams = z.strictObject({ id: z.uuid() });
const admins = { roles: ['admin'] } as const;

export function webhooksRoutes(service: WebhooksService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/webhooks/endpoints',
      summary: 'Webhook endpoints beyond the CRM one of the crm.* settings',
      tags: ['webhooks'],
      access: admins,
      handler: async () => ({ items: await service.endpoints() }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/webhooks/endpoints',
      summary: 'Add a webhook endpoint (URL, secret, events)',
      tags: ['webhooks'],
      access: admins,
      body: webhookEndpointBody,
      handler: async ({ actor, body }) => respond.created(await service.createEndpoint(actor, body)),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/webhooks/endpoints/:id',
      summary: 'Change a webhook endpoint; disabling it ends its waiting deliveries',
      tags: ['webhooks'],
      access: admins,
      params: idParams,
      body: webhookEndpointPatch,
      handler: async ({ actor, params, body }) => service.updateEndpoint(actor, params.id, body),
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/webhooks/endpoints/:id',
      summary: 'Remove a webhook endpoint',
      tags: ['webhooks'],
      access: admins,
      params: idParams,
      handler: async ({ actor, params }) => {
        await service.deleteEndpoint(actor, params.id);
        return respond.noContent();
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/webhooks/deliveries',
      summary: 'The delivery log, newest first (filter by endpoint, event, status, conversation)',
      tags: ['webhooks'],
      access: admins,
      query: webhookDeliveryQuery,
      handler: async ({ query }) => service.deliveries(query),
    }),
    route({
      method: 'GET',
      path: '/api/v1/webhooks/deliveries/:id',
      summary: 'A delivery with its body and every attempt (status, duration, first KB of the answer, error)',
      tags: ['webhooks'],
      access: admins,
      params: idParams,
      handler: async ({ params }) => service.delivery(params.id),
    }),
    route({
      method: 'POST',
      path: '/api/v1/webhooks/deliveries/:id/redeliver',
      summary: 'Send a finished delivery again (a new delivery with the same body)',
      tags: ['webhooks'],
      access: admins,
      params: idParams,
      handler: async ({ actor, params }) => respond.accepted(await service.redeliver(actor, params.id)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/webhooks/test',
      summary: 'Post a sample session to the CRM endpoint (or the one named) and show its answer',
      tags: ['webhooks'],
      access: admins,
      body: webhookTestBody,
      response: webhookTestResultSchema,
      rateLimit: { max: 30, windowMs: 60_000 },
      handler: async ({ actor, body }) => service.test(actor, body.endpointId),
    }),
  ];
}
