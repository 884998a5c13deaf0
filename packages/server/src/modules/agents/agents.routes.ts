import { availabilityBody, capacityBody, listPageQuery } from '@parley/shared';
import { z } from 'zod';
import { route, type RouteDef } from '../../kernel/http.js';
import type { AgentsService } from './agents.service.js';

const staff = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;
const manage = { roles: ['admin', 'manager'] } as const;

export function agentsRoutes(agents: AgentsService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/agents',
      summary: 'Agents by name with availability, presence, capacity and open chats, a page at a time',
      tags: ['agents'],
      access: staff,
      // Without a limit, every agent (up to the service's cap): pickers need them all.
      query: listPageQuery,
      handler: async ({ query }) => agents.list(query),
    }),
    route({
      method: 'GET',
      path: '/api/v1/agents/me/status',
      summary: 'My availability and presence',
      tags: ['agents'],
      access: { roles: ['agent', 'bot'] },
      handler: async ({ actor }) => agents.state(actor.userId),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/agents/me/status',
      summary: 'Become available or unavailable for new conversations',
      tags: ['agents'],
      access: { roles: ['agent', 'bot'] },
      body: availabilityBody,
      handler: async ({ actor, body }) => agents.setAvailability(actor.userId, body.availability, actor),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/agents/:id/status',
      summary: "Set an agent's availability (managers)",
      tags: ['agents'],
      access: manage,
      params: z.strictObject({ id: z.uuid() }),
      body: availabilityBody,
      handler: async ({ actor, params, body }) => agents.setAvailability(params.id, body.availability, actor),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/agents/:id/capacity',
      summary: "Set an agent's maximum simultaneous chats (null: use the department or global value; 0: unlimited)",
      tags: ['agents'],
      access: manage,
      params: z.strictObject({ id: z.uuid() }),
      body: capacityBody,
      handler: async ({ actor, params, body }) => agents.setMaxChats(params.id, body.maxChats, actor),
    }),
  ];
}
