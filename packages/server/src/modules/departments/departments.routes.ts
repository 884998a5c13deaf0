import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { DepartmentsService } from './departments.service.js';

const manage = { roles: ['admin', 'manager'] } as const;
const staff = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;
const idParams = z.strictObject({ id: z.uuid() });

const fields = {
  name: z.string().trim().min(1).max(100),
  description: z.string().max(1000),
  enabled: z.boolean(),
  showOnRegistration: z.boolean(),
  showOnOfflineForm: z.boolean(),
  email: z.union([z.literal(''), z.email().max(320)]),
  fallbackDepartmentId: z.uuid().nullable(),
  allowedForwardIds: z.array(z.uuid()).max(200),
  requestTagBeforeClosing: z.boolean(),
  closingTags: z.array(z.string().trim().min(1).max(60)).max(100),
  waitingQueueMessage: z.string().max(2000),
  maxChatsPerAgent: z.number().int().min(0).max(10000).nullable(),
  businessHoursId: z.uuid().nullable(),
};

export const departmentCreateSchema = z.strictObject({
  name: fields.name,
  description: fields.description.default(''),
  enabled: fields.enabled.default(true),
  showOnRegistration: fields.showOnRegistration.default(true),
  showOnOfflineForm: fields.showOnOfflineForm.default(true),
  email: fields.email.default(''),
  fallbackDepartmentId: fields.fallbackDepartmentId.default(null),
  allowedForwardIds: fields.allowedForwardIds.default([]),
  requestTagBeforeClosing: fields.requestTagBeforeClosing.default(false),
  closingTags: fields.closingTags.default([]),
  waitingQueueMessage: fields.waitingQueueMessage.default(''),
  maxChatsPerAgent: fields.maxChatsPerAgent.default(null),
  businessHoursId: fields.businessHoursId.default(null),
});

export function departmentsRoutes(departments: DepartmentsService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/departments',
      summary: 'Departments by name, a page at a time (archived ones on request)',
      tags: ['departments'],
      access: staff,
      query: z.strictObject({
        includeArchived: z.enum(['true', 'false']).optional(),
        // Without a limit, all of them (pickers need every department).
        limit: z.coerce.number().int().min(1).max(500).optional(),
        offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        search: z.string().max(100).optional(),
      }),
      handler: async ({ query }) => departments.page({ ...query, includeArchived: query.includeArchived === 'true' }),
    }),
    route({
      method: 'GET',
      path: '/api/v1/departments/:id',
      summary: 'One department with its agents',
      tags: ['departments'],
      access: staff,
      params: idParams,
      handler: async ({ params }) => departments.get(params.id),
    }),
    route({
      method: 'POST',
      path: '/api/v1/departments',
      summary: 'Create a department',
      tags: ['departments'],
      access: manage,
      body: departmentCreateSchema,
      handler: async ({ body, actor }) => respond.created(await departments.create(body, actor)),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/departments/:id',
      summary: 'Change a department',
      tags: ['departments'],
      access: manage,
      params: idParams,
      body: z.strictObject(
        Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as {
          [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
        },
      ),
      handler: async ({ params, body, actor }) => departments.update(params.id, body, actor),
    }),
    route({
      method: 'POST',
      path: '/api/v1/departments/:id/archive',
      summary: 'Archive (or with {archived:false} restore) a department',
      tags: ['departments'],
      access: manage,
      params: idParams,
      body: z.strictObject({ archived: z.boolean().default(true) }).default({ archived: true }),
      handler: async ({ params, body, actor }) => departments.setArchived(params.id, body.archived, actor),
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/departments/:id',
      summary: 'Delete a department (only when general.departmentRemoval is on)',
      tags: ['departments'],
      access: manage,
      params: idParams,
      handler: async ({ params, actor }) => {
        await departments.remove(params.id, actor);
        return respond.noContent();
      },
    }),
    route({
      method: 'PUT',
      path: '/api/v1/departments/:id/agents',
      summary: "Replace the department's agents (order matters for ties in routing)",
      tags: ['departments'],
      access: manage,
      params: idParams,
      body: z.strictObject({ agents: z.array(z.uuid()).max(1000) }),
      handler: async ({ params, body, actor }) => departments.setAgents(params.id, body.agents, actor),
    }),
  ];
}
