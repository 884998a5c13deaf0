import { monitoringQuery, ratingBody, reportQuery } from '@parley/shared';
import { z } from 'zod';
import { fail } from '../../kernel/errors.js';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { RatingsService } from './ratings.service.js';
import { seesAll, type ReportsService } from './reports.service.js';

const idParams = z.strictObject({ id: z.uuid() });
const readers = { roles: ['admin', 'manager', 'monitor', 'agent'] } as const;
const tags = ['reports'];

export function reportsRoutes(
  reports: ReportsService,
  ratings: RatingsService,
  opts: { ratePerMinute: number },
): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/reports',
      summary:
        'Conversations, response and handling times (average, median, p90), busiest hours, agents, departments, tags, CSAT and SLA compliance over a date range in a time zone, from the rollups. Agents get their own figures',
      tags,
      access: readers,
      query: reportQuery,
      handler: async ({ actor, query }) => reports.report(actor, query),
    }),
    route({
      method: 'GET',
      path: '/api/v1/reports/sla-breaches',
      summary: 'Closed chats of the range whose first response missed their SLA policy (newest 500)',
      tags,
      access: readers,
      query: reportQuery,
      handler: async ({ actor, query }) => ({ items: await reports.slaBreaches(actor, query) }),
    }),
    route({
      method: 'GET',
      path: '/api/v1/reports/ratings',
      summary: "Visitors' ratings of the range with their comments (newest 500)",
      tags,
      access: readers,
      query: reportQuery,
      handler: async ({ actor, query }) => ({ items: await reports.ratings(actor, query) }),
    }),
    route({
      method: 'GET',
      path: '/api/v1/monitoring',
      summary:
        'Live monitoring now: active conversations, agents, chats started and closed today (the `monitoring` WebSocket topic sends each change after it)',
      tags,
      access: { roles: ['admin', 'manager', 'monitor'] },
      query: monitoringQuery,
      handler: async ({ actor, query }) => {
        if (!seesAll(actor)) fail('auth.forbidden');
        return reports.live(actor, query.tz);
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/conversations/:id/rating',
      summary: "The visitor's rating of a conversation I may read, or null",
      tags,
      access: readers,
      params: idParams,
      handler: async ({ actor, params }) => ({ rating: await ratings.ofConversation(actor, params.id) }),
    }),
    route({
      method: 'GET',
      path: '/api/v1/widget/conversations/:id/rating',
      summary: 'The rating question and my rating of my conversation (null until given)',
      tags: ['widget'],
      access: { visitor: true },
      checkOrigin: true,
      params: idParams,
      handler: async ({ actor, params }) => ratings.forVisitor(actor, params.id),
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/conversations/:id/rating',
      summary: 'Rate my closed conversation, 1 to 5 with a comment, once (livechat.csat.enabled)',
      tags: ['widget'],
      access: { visitor: true },
      checkOrigin: true,
      rateLimit: { max: Math.max(1, Math.round((60 * opts.ratePerMinute) / 600)), windowMs: 60_000 },
      params: idParams,
      body: ratingBody,
      handler: async ({ actor, params, body }) => respond.created(await ratings.rate(actor, params.id, body)),
    }),
  ];
}
