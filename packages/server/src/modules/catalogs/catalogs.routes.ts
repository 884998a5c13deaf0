import { listPageQuery, priorityBody, slaBody } from '@parley/shared';
import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { CatalogsService } from './catalogs.service.js';

const manage = { roles: ['admin', 'manager'] } as const;
const staff = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;
const idParams = z.strictObject({ id: z.uuid() });

export function catalogsRoutes(catalogs: CatalogsService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/priorities',
      summary:
        'Priorities by weight, a page at a time (lower weight is dispatched first when queue.sorting = priority)',
      tags: ['routing'],
      access: staff,
      query: listPageQuery,
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
      query: listPageQuery,
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
