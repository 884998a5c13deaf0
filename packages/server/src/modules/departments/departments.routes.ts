import {
  departmentAgentsBody,
  departmentArchiveBody,
  departmentListQuery,
  departmentPatchBody,
  newDepartmentBody,
} from '@parley/shared';
import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { DepartmentsService } from './departments.service.js';

const manage = { roles: ['admin', 'manager'] } as const;
const staff = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;
const idParams = z.strictObject({ id: z.uuid() });

export function departmentsRoutes(departments: DepartmentsService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/departments',
      summary: 'Departments by name, a page at a time (archived ones on request)',
      tags: ['departments'],
      access: staff,
      query: departmentListQuery,
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
      body: newDepartmentBody,
      handler: async ({ body, actor }) => respond.created(await departments.create(body, actor)),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/departments/:id',
      summary: 'Change a department',
      tags: ['departments'],
      access: manage,
      params: idParams,
      body: departmentPatchBody,
      handler: async ({ params, body, actor }) => departments.update(params.id, body, actor),
    }),
    route({
      method: 'POST',
      path: '/api/v1/departments/:id/archive',
      summary: 'Archive (or with {archived:false} restore) a department',
      tags: ['departments'],
      access: manage,
      params: idParams,
      body: departmentArchiveBody,
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
      body: departmentAgentsBody,
      handler: async ({ params, body, actor }) => departments.setAgents(params.id, body.agents, actor),
    }),
  ];
}
