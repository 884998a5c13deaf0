import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { CustomFieldsService } from './custom-fields.service.js';

const manage = { roles: ['admin', 'manager'] } as const;
const staff = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;

const definition = {
  label: z.string().trim().min(1).max(100),
  scope: z.enum(['visitor', 'conversation']),
  type: z.enum(['text', 'select']),
  options: z.array(z.string().trim().min(1).max(200)).max(100),
  regex: z.string().max(500).nullable(),
  required: z.boolean(),
  visible: z.boolean(),
  searchable: z.boolean(),
  position: z.number().int().min(0).max(10000),
};
const idParams = z.strictObject({ id: z.string().max(64) });

export function customFieldsRoutes(fields: CustomFieldsService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/custom-fields',
      summary: 'Custom field definitions by position, a page at a time',
      tags: ['custom-fields'],
      access: staff,
      query: z.strictObject({
        scope: z.enum(['visitor', 'conversation']).optional(),
        // Without a limit, all of them (the widget's form and the agents' side panel need every field).
        limit: z.coerce.number().int().min(1).max(500).optional(),
        offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        search: z.string().max(100).optional(),
      }),
      handler: async ({ query }) => fields.page(query),
    }),
    route({
      method: 'POST',
      path: '/api/v1/custom-fields',
      summary: 'Define a custom field',
      tags: ['custom-fields'],
      access: manage,
      body: z.strictObject({
        id: z
          .string()
          .min(1)
          .max(64)
          .regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/, 'letters, digits, dash and underscore, starting with a letter'),
        label: definition.label,
        scope: definition.scope,
        type: definition.type.default('text'),
        options: definition.options.default([]),
        regex: definition.regex.default(null),
        required: definition.required.default(false),
        visible: definition.visible.default(true),
        searchable: definition.searchable.default(false),
        position: definition.position.optional(),
      }),
      handler: async ({ body, actor }) => respond.created(await fields.create(body, actor)),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/custom-fields/:id',
      summary: 'Change a custom field definition',
      tags: ['custom-fields'],
      access: manage,
      params: idParams,
      body: z.strictObject({
        label: definition.label.optional(),
        scope: definition.scope.optional(),
        type: definition.type.optional(),
        options: definition.options.optional(),
        regex: definition.regex.optional(),
        required: definition.required.optional(),
        visible: definition.visible.optional(),
        searchable: definition.searchable.optional(),
        position: definition.position.optional(),
      }),
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
