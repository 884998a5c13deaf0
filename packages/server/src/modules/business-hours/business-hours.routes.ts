import { businessHoursBody, holidayBody } from '@parley/shared';
import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { BusinessHoursService } from './business-hours.service.js';

const manage = { roles: ['admin', 'manager'] } as const;
// Agents read them too: their workspace says when their departments are closed.
const staff = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;
const idParams = z.strictObject({ id: z.uuid() });
const holidayParams = z.strictObject({ id: z.uuid(), holidayId: z.uuid() });
const base = '/api/v1/business-hours';

export function businessHoursRoutes(hours: BusinessHoursService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: base,
      summary: 'Business hours schedules, oldest first, each with its holidays and whether it is open now',
      tags: ['business-hours'],
      access: staff,
      handler: async () => ({ items: hours.list() }),
    }),
    route({
      method: 'GET',
      path: `${base}/mine`,
      summary: "The signed-in agent's departments: open now or not, and when that changes (none with hours off)",
      tags: ['business-hours'],
      access: staff,
      handler: async ({ actor }) => hours.forAgent(actor.userId),
    }),
    route({
      method: 'GET',
      path: `${base}/:id`,
      summary: 'One business hours schedule',
      tags: ['business-hours'],
      access: staff,
      params: idParams,
      handler: async ({ params }) => hours.get(params.id),
    }),
    route({
      method: 'POST',
      path: base,
      summary: 'Create a schedule (the first one is the default)',
      tags: ['business-hours'],
      access: manage,
      body: businessHoursBody,
      handler: async ({ body, actor }) => respond.created(await hours.create(body, actor)),
    }),
    route({
      method: 'PUT',
      path: `${base}/:id`,
      summary: 'Replace a schedule (name, zone, weekly hours; isDefault: true makes it the default)',
      tags: ['business-hours'],
      access: manage,
      params: idParams,
      body: businessHoursBody,
      handler: async ({ params, body, actor }) => hours.replace(params.id, body, actor),
    }),
    route({
      method: 'DELETE',
      path: `${base}/:id`,
      summary: 'Delete a schedule no department uses (the default only when it is the last one)',
      tags: ['business-hours'],
      access: manage,
      params: idParams,
      handler: async ({ params, actor }) => {
        await hours.remove(params.id, actor);
        return respond.noContent();
      },
    }),
    route({
      method: 'POST',
      path: `${base}/:id/holidays`,
      summary: 'Add a holiday (closed) or special day (other hours) to a schedule; answers the schedule',
      tags: ['business-hours'],
      access: manage,
      params: idParams,
      body: holidayBody,
      handler: async ({ params, body, actor }) => respond.created(await hours.addHoliday(params.id, body, actor)),
    }),
    route({
      method: 'PUT',
      path: `${base}/:id/holidays/:holidayId`,
      summary: 'Replace a holiday or special day; answers the schedule',
      tags: ['business-hours'],
      access: manage,
      params: holidayParams,
      body: holidayBody,
      handler: async ({ params, body, actor }) => hours.replaceHoliday(params.id, params.holidayId, body, actor),
    }),
    route({
      method: 'DELETE',
      path: `${base}/:id/holidays/:holidayId`,
      summary: 'Remove a holiday or special day; answers the schedule',
      tags: ['business-hours'],
      access: manage,
      params: holidayParams,
      handler: async ({ params, actor }) => hours.removeHoliday(params.id, params.holidayId, actor),
    }),
  ];
}
