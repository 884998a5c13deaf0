import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { CatalogsService } from './catalogs.service.js';

const manage = { roles: ['admin', 'manager'] } as const;
const staff = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;
const idParams = z.strictObject({ id: z.uuid() });
const priorityBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  weight: z.number().int().min(1).max(1000),
});
const pageQuery = z.strictObject({
  // Without a limit, all of them (pickers need the whole catalog).
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  search: z.string().max(100).optional(),
});
const slaBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  description: z.string().max(500).default(''),
  dueMinutes: z.number().int().min(1).max(525_600),
});

export function catalogsRoutes(catalogs: CatalogsService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/priorities',
      summary:
        'Priorities by weight, a page at a time (lower weight is dispatched first when queue.sorting = priority)',
      tags: ['routing'],
      access: staff,
      query: pageQuery,
      handler: async ({ query }) => catalogs.priorityPage(query),
    }),
    route({
      method: 'POST',
      path: '/api/v1/priorities',
      summary: 'Create a priority',
      tags: ['routing'],
      access: manage,
      body: priorityBody,
      handler: async ({ actor, body }) => respond.created(await catalogs.savePriority(actor, undefined, body)),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/priorities/:id',
      summary: 'Change a priority',
      tags: ['routing'],
      access: manage,
      params: idParams,
      body: priorityBody,
      handler: async ({ actor, params, body }) => catalogs.savePriority(actor, params.id, body),
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/priorities/:id',
      summary: 'Delete a priority',
      tags: ['routing'],
      access: manage,
      params: idParams,
      handler: async ({ actor, params }) => {
        await catalogs.removePriority(actor, params.id);
        return respond.noContent();
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/sla-policies',
      summary: 'SLA policies by due time, a page at a time (earliest due is dispatched first when queue.sorting = sla)',
      tags: ['routing'],
      access: staff,
      query: pageQuery,
      handler: async ({ query }) => catalogs.slaPage(query),
    }),
    route({
      method: 'POST',
      path: '/api/v1/sla-policies',
      summary: 'Create an SLA policy',
      tags: ['routing'],
      access: manage,
      body: slaBody,
      handler: async ({ actor, body }) => respond.created(await catalogs.saveSla(actor, undefined, body)),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/sla-policies/:id',
      summary: 'Change an SLA policy',
      tags: ['routing'],
      access: manage,
      params: idParams,
      body: slaBody,
      handler: async ({ actor, params, body }) => catalogs.saveSla(actor, params.id, body),
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/sla-policies/:id',
      summary: 'Delete an SLA policy',
      tags: ['routing'],
      access: manage,
      params: idParams,
      handler: async ({ actor, params }) => {
        await catalogs.removeSla(actor, params.id);
        return respond.noContent();
      },
    }),
  ];
}
