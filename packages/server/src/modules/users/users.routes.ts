import { staffRoles } from '@parley/shared';
import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import { PASSWORD_MAX } from './passwords.js';
import { toUserView, type UsersService } from './users.service.js';

const admin = { roles: ['admin'] } as const;
const idParams = z.strictObject({ id: z.uuid() });
const username = z
  .string()
  .min(2)
  .max(60)
  .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');
const name = z.string().trim().min(1).max(120);
const roles = z.array(z.enum(staffRoles)).min(1).max(staffRoles.length);

export const userSchemas = { username, name, roles };

export function usersRoutes(users: UsersService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/users',
      summary: 'List staff users',
      tags: ['users'],
      access: admin,
      query: z.strictObject({
        limit: z.coerce.number().int().min(1).max(200).default(50),
        offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        role: z.enum(staffRoles).optional(),
        active: z
          .enum(['true', 'false'])
          .transform((v) => v === 'true')
          .optional(),
        search: z.string().max(100).optional(),
      }),
      handler: async ({ query }) => users.list(query),
    }),
    route({
      method: 'POST',
      path: '/api/v1/users',
      summary: 'Create a staff user',
      tags: ['users'],
      access: admin,
      body: z.strictObject({
        email: z.email().max(320),
        name,
        username: username.optional(),
        password: z.string().max(PASSWORD_MAX).optional(),
        roles,
      }),
      handler: async ({ body, actor, req }) => {
        return respond.created(await users.create(body, actor, req.ip));
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/users/:id',
      summary: 'One staff user',
      tags: ['users'],
      access: admin,
      params: idParams,
      handler: async ({ params }) => toUserView(await users.get(params.id)),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/users/:id',
      summary: 'Edit a staff user: name, email, username, password, roles, active (deactivate)',
      tags: ['users'],
      access: admin,
      params: idParams,
      body: z.strictObject({
        email: z.email().max(320).optional(),
        name: name.optional(),
        username: username.optional(),
        password: z.string().max(PASSWORD_MAX).optional(),
        roles: roles.optional(),
        active: z.boolean().optional(),
      }),
      handler: async ({ params, body, actor, req }) => users.update(params.id, body, actor, req.ip),
    }),
  ];
}
