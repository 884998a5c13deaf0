import { channelCreateBody, channelParams, channelRotateBody, channelUpdateBody } from '@parley/shared';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { ApiChannels } from './api-channel.service.js';
import type { ChannelsService } from './channels.service.js';

const admins = { roles: ['admin'] } as const;
const staff = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;

/** Administration → Channels: list, create, edit, disable, remove; the API channel's token and secret. */
export function channelsRoutes(channels: ChannelsService, api: ApiChannels): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/channels',
      summary: 'Every channel (staff see id, type and name to show conversations; admins also settings and status)',
      tags: ['channels'],
      access: staff,
      handler: async ({ actor }) => {
        if (actor.roles.includes('admin')) return { items: await channels.list() };
        return { items: await channels.summaries() };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/channels/:id',
      summary: 'One channel, with its status',
      tags: ['channels'],
      access: admins,
      params: channelParams,
      handler: async ({ params }) => channels.get(params.id),
    }),
    route({
      method: 'POST',
      path: '/api/v1/channels',
      summary: "Create a channel (an API channel's token and signing secret are answered now, and never again)",
      tags: ['channels'],
      access: admins,
      body: channelCreateBody,
      handler: async ({ actor, body, req }) => respond.created(await channels.create(body, actor, req.ip)),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/channels/:id',
      summary: 'Change a channel: name, default department, enabled, its type’s settings',
      tags: ['channels'],
      access: admins,
      params: channelParams,
      body: channelUpdateBody,
      handler: async ({ actor, params, body, req }) => channels.update(params.id, body, actor, req.ip),
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/channels/:id',
      summary: 'Remove a channel that never reached anyone (one with contacts is disabled instead: channel.in-use)',
      tags: ['channels'],
      access: admins,
      params: channelParams,
      handler: async ({ actor, params, req }) => {
        await channels.remove(params.id, actor, req.ip);
        return respond.noContent();
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/channels/:id/rotate',
      summary: "Replace an API channel's token and/or signing secret (answered once; the old ones stop at once)",
      tags: ['channels'],
      access: admins,
      params: channelParams,
      body: channelRotateBody,
      handler: async ({ actor, params, body, req }) => {
        const secrets = await api.rotate(params.id, body, actor, req.ip);
        return { channel: await channels.get(params.id), ...secrets };
      },
    }),
  ];
}
