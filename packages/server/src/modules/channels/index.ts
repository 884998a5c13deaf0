import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { JobRunner } from '../../kernel/jobs.js';
import type { Logger } from '../../kernel/logger.js';
import type { OutboundHttp } from '../../kernel/outbound-http.js';
import type { AuditService } from '../audit/index.js';
import type { ChannelIdentities, VisitorsService } from '../contacts/index.js';
import type { ConversationsModule } from '../conversations/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { MessagesModule } from '../messages/index.js';
import { ApiCallbacks } from './api-callbacks.js';
import { ApiChannels } from './api-channel.service.js';
import { apiChannelRoutes } from './api.routes.js';
import { channelsListeners } from './channels.listeners.js';
import { channelsRoutes } from './channels.routes.js';
import { ChannelsService } from './channels.service.js';
import { ChannelInbound } from './inbound.js';

export type { ChannelsService, ChannelRow, ChannelTypeHooks } from './channels.service.js';
export type { ChannelInbound, InboundMessage, InboundAttachment, Received } from './inbound.js';
export type { ApiChannels } from './api-channel.service.js';
export { signCallback, API_CALLBACK_JOB, CHANNEL_JOBS } from './api-callbacks.js';

export interface ChannelsModuleInput {
  db: Db;
  bus: EventBus;
  clock: Clock;
  jobs: JobRunner;
  log: Logger;
  audit: AuditService;
  outbound: OutboundHttp;
  departments: DepartmentsService;
  identities: ChannelIdentities;
  visitors: VisitorsService;
  conv: ConversationsModule;
  messages: MessagesModule;
  publicUrl: string;
  ratePerMinute: number;
}

export type ChannelsModule = ReturnType<typeof createChannelsModule>;

/**
 * Channels (issue 22, docs/channels.md): the channel objects (widget, email, API), inbound for every
 * channel other than the widget (`inbound.receive`), and the API channel — its token-authenticated REST
 * API and the signed callbacks of agent replies. A channel type's module (email) listens to
 * `message.created` itself and acts when `channels.typeOf(conversation.channel)` is its type.
 */
export function createChannelsModule(d: ChannelsModuleInput) {
  const channels = new ChannelsService(d.db, d.bus, d.clock, d.audit, d.departments, d.identities);
  const api = new ApiChannels(d.db, d.bus, d.clock, d.audit, channels);
  channels.useApiCredentials(api);
  const inbound = new ChannelInbound({
    db: d.db,
    clock: d.clock,
    channels,
    identities: d.identities,
    conv: d.conv,
    messages: d.messages,
    visitors: d.visitors,
  });
  const callbacks = new ApiCallbacks({
    jobs: d.jobs,
    clock: d.clock,
    log: d.log,
    outbound: d.outbound,
    channels,
    api,
    identities: d.identities,
    publicUrl: d.publicUrl,
    visitorOf: async (conversationId) => (await d.conv.conversations.peek(conversationId))?.visitor_id,
  });
  // The API channel's status: failing while replies to its callback URL wait for another attempt.
  channels.registerType('api', { status: (row) => callbacks.statusOf(row.id) });
  return {
    channels,
    inbound,
    api,
    routes: [
      ...channelsRoutes(channels, api),
      ...apiChannelRoutes({
        channels,
        api,
        inbound,
        identities: d.identities,
        conv: d.conv,
        messages: d.messages,
        ratePerMinute: d.ratePerMinute,
      }),
    ],
    listeners: channelsListeners(channels, api, inbound, callbacks),
  };
}
