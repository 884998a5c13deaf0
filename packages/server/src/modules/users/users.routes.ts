import {
  alertPreferencesPatch,
  alertPreferencesSchema,
  newUserBody,
  userListQuery,
  userPatchBody,
} from '@parley/shared';
import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { PreferencesService } from './preferences.service.js';
import { toUserView, type UsersService } from './users.service.js';

const admin = { roles: ['admin'] } as const;
const idParams = z.strictObject({ id: z.uuid() });

export function usersRoutes(users: UsersService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/users',
      summary: 'List staff users',
      tags: ['users'],
      access: admin,
      query: userListQuery,
      handler: async ({ query }) => users.list(query),
    }),
    route({
      method: 'POST',
      path: '/api/v1/users',
      summary: 'Create a staff user',
      tags: ['users'],
      access: admin,
      body: newUserBody,
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
      body: userPatchBody,
      handler: async ({ params, body, actor, req }) => users.update(params.id, body, actor, req.ip),
    }),
  ];
}

const signedIn = { roles: ['admin', 'manager', 'agent', 'monitor', 'bot'] } as const;

/** The signed-in user's own preferences: nobody reads or changes another's. */
export function preferencesRoutes(preferences: PreferencesService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/users/me/alert-preferences',
      summary: 'My preferences: alert sound, desktop notifications, which events alert, and my language',
      tags: ['users'],
      access: signedIn,
      response: alertPreferencesSchema,
      handler: async ({ actor }) => preferences.alerts(actor.userId),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/users/me/alert-preferences',
      summary: 'Change some of my preferences (alerts, language)',
      tags: ['users'],
      access: signedIn,
      body: alertPreferencesPatch,
      response: alertPreferencesSchema,
      handler: async ({ actor, body }) => preferences.setAlerts(actor.userId, body),
    }),
  ];
}
