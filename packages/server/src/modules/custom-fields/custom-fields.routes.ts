import { customFieldListQuery, customFieldPatchBody, newCustomFieldBody } from '@parley/shared';
import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { CustomFieldsService } from './custom-fields.service.js';

const manage = { roles: ['admin', 'manager'] } as const;
const staff = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;

const idParams = z.strictObject({ id: z.string().max(64) });

export function customFieldsRoutes(fields: CustomFieldsService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/custom-fields',
      summary: 'Custom field definitions by position, a page at a time',
      tags: ['custom-fields'],
      access: staff,
      query: customFieldListQuery,
      handler: async ({ query }) => fields.page(query),
    }),
    route({
      method: 'POST',
      path: '/api/v1/custom-fields',
      summary: 'Define a custom field',
      tags: ['custom-fields'],
      access: manage,
      body: newCustomFieldBody,
      handler: async ({ body, actor }) => respond.created(await fields.create(body, actor)),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/custom-fields/:id',
      summary: 'Change a custom field definition',
      tags: ['custom-fields'],
      access: manage,
      params: idParams,
      body: customFieldPatchBody,
      handler: async ({ params, body, actor }) => fields.update(params.id, body, actor),
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/custom-fields/:id',
      summary: 'Remove a custom field definition (stored values stay)',
      tags: ['custom-fields'],
      access: manage,
      params: idParams,
      handler: async ({ params, actor }) => {
        await fields.remove(params.id, actor);
        return respond.noContent();
      },
    }),
  ];
}
