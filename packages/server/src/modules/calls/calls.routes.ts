import { callListQuery, pbxReportBody, startCallBody, wrapUpBody } from '@parley/shared';
import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { CallLog } from './call-log.service.js';
import type { CallsService } from './calls.service.js';

const idParams = z.strictObject({ id: z.uuid() });
const tags = ['calls'];
/** Who takes part in calls; monitors read them. */
const callers = { roles: ['admin', 'manager', 'agent'] } as const;
const readers = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;

export function callsRoutes(calls: CallsService, log: CallLog, ratePerMinute: number): RouteDef[] {
  // Widget limits per minute at the default WIDGET_RATE_PER_MINUTE (600), scaled with it (as the widget's).
  const rl = (perMinute: number) => ({
    max: Math.max(1, Math.round((perMinute * ratePerMinute) / 600)),
    windowMs: 60_000,
  });
  return [
    route({
      method: 'POST',
      path: '/api/v1/calls',
      summary:
        'Start a video or audio call in a conversation I serve (calls.provider jitsi): an unguessable room, a call card in the conversation',
      tags,
      access: callers,
      body: startCallBody,
      handler: async ({ actor, body }) => respond.created(await calls.start(actor, body.conversationId, body.kind)),
    }),
    route({
      method: 'GET',
      path: '/api/v1/calls',
      summary:
        'Calls, newest first: search by contact name or phone digits; filters direction, kind, agent, date range, outcome, wrap-up. Agents see their own calls',
      tags,
      access: readers,
      query: callListQuery,
      handler: async ({ actor, query }) => log.list(actor, query as typeof query & { limit: number; offset: number }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/calls/reports',
      summary:
        'A phone system (PBX) reports a call (with an access token of an admin or manager): from/to numbers in international format, times, agent, recording URL; the same externalId again updates it',
      tags,
      access: { roles: ['admin', 'manager'] },
      body: pbxReportBody,
      handler: async ({ body }) => {
        const { call, created } = await log.report(body);
        return respond.json(created ? 201 : 200, call);
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/calls/:id',
      summary: 'One call with the contact’s call before it',
      tags,
      access: readers,
      params: idParams,
      handler: async ({ actor, params }) => calls.details(actor, params.id),
    }),
    route({
      method: 'POST',
      path: '/api/v1/calls/:id/join',
      summary: 'My join link of a call (with a JWT when calls.jitsi.appId and appSecret are set)',
      tags,
      access: callers,
      params: idParams,
      handler: async ({ actor, params }) => calls.joinAsStaff(actor, params.id),
    }),
    route({
      method: 'POST',
      path: '/api/v1/calls/:id/end',
      summary: 'End a call: completed when the visitor joined, missed when not',
      tags,
      access: callers,
      params: idParams,
      handler: async ({ actor, params }) => calls.end(actor, params.id),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/calls/:id/wrap-up',
      summary: 'Write or edit the wrap-up notes of a call (its agent, an admin or a manager); empty clears them',
      tags,
      access: callers,
      params: idParams,
      body: wrapUpBody,
      handler: async ({ actor, params, body }) => calls.wrapUp(actor, params.id, body.notes),
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/calls/:id/join',
      summary: 'The visitor’s join link of a call in their conversation (the first join answers it)',
      tags: ['widget'],
      access: { visitor: true },
      checkOrigin: true,
      rateLimit: rl(60),
      params: idParams,
      handler: async ({ actor, params }) => calls.joinAsVisitor(actor, params.id),
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/calls/:id/decline',
      summary: 'The visitor declines a call that is still ringing',
      tags: ['widget'],
      access: { visitor: true },
      checkOrigin: true,
      rateLimit: rl(60),
      params: idParams,
      handler: async ({ actor, params }) => {
        const call = await calls.decline(actor, params.id);
        return { id: call.id, status: call.status, outcome: call.outcome };
      },
    }),
  ];
}
