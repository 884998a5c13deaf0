import { z } from 'zod';
import { route, type RouteDef } from '../../kernel/http.js';
import type { VisitorsService } from './visitors.service.js';

const staff = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;

export function contactsRoutes(visitors: VisitorsService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/visitors/:id',
      summary: 'A visitor with their contact (names, emails, phones, custom fields, manager) and navigation history',
      tags: ['contacts'],
      access: staff,
      params: z.strictObject({ id: z.uuid() }),
      handler: async ({ params }) => visitors.details(params.id),
    }),
  ];
}
