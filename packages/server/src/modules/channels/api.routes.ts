import {
  apiContactBody,
  apiConversationBody,
  apiConversationParams,
  apiMessageBody,
  historyQuery,
  type ApiContactView,
} from '@parley/shared';
import { z } from 'zod';
import { fail } from '../../kernel/errors.js';
import { respond, route, type RequestInfo, type RouteDef } from '../../kernel/http.js';
import type { ChannelIdentities } from '../contacts/index.js';
import type { ConversationsModule } from '../conversations/index.js';
import type { MessagesModule } from '../messages/index.js';
import type { ApiChannels } from './api-channel.service.js';
import type { ChannelsService } from './channels.service.js';
import type { ChannelInbound } from './inbound.js';

/** The text fields of a multipart file message. */
const apiFileFields = apiMessageBody
  .omit({ attachments: true, text: true })
  .extend({ text: z.string().max(20_000).optional() });

/** The API channel's callers authenticate with the channel's token (`Authorization: Bearer …`), checked in each handler. */
const byToken = { public: true } as const;

export interface ApiRoutesDeps {
  channels: ChannelsService;
  api: ApiChannels;
  inbound: ChannelInbound;
  identities: ChannelIdentities;
  conv: ConversationsModule;
  messages: MessagesModule;
  /** Requests per minute per client address (WIDGET_RATE_PER_MINUTE × 20: a gateway speaks for many people). */
  ratePerMinute: number;
}

/**
 * The API channel (issue 22 item 3, docs/channels.md): SMS gateways, messaging apps, bots and in-house
 * apps bring people's messages in; agent replies go back to the channel's callback URL (api-callbacks.ts).
 */
export function apiChannelRoutes(d: ApiRoutesDeps): RouteDef[] {
  const rateLimit = { max: Math.max(1, d.ratePerMinute * 20), windowMs: 60_000 };
  const channelOf = (req: RequestInfo) => d.api.authenticate(req.header('authorization'));
  /** The conversation, when it belongs to the calling channel (anything else is not found). */
  const own = async (channelId: string, id: string) => {
    const c = await d.conv.conversations.peek(id);
    if (!c || c.channel !== channelId) fail('conversation.not-found', undefined, 'params.id');
    return c;
  };
  const fileUrl = (conversationId: string, fileId: string) =>
    `/api/v1/channel-api/conversations/${conversationId}/files/${fileId}`;

  return [
    route({
      method: 'POST',
      path: '/api/v1/channel-api/contacts',
      summary:
        "Create or update a person's identity on this API channel (joins the contact with the same email or phone)",
      tags: ['channel-api'],
      access: byToken,
      rateLimit,
      body: apiContactBody,
      handler: async ({ body, req }) => {
        const channel = await channelOf(req);
        const { identity, created } = await d.identities.findOrCreate(channel.id, body, channel.department_id);
        const view: ApiContactView = {
          id: identity.id,
          contactId: identity.contact_id,
          externalId: identity.external_id,
          name: identity.name,
          email: identity.email,
          phone: identity.phone,
          created,
        };
        return respond.json(created ? 201 : 200, view);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/channel-api/conversations',
      summary: "Start the person's conversation (or get the active one), optionally with a first message",
      tags: ['channel-api'],
      access: byToken,
      rateLimit,
      body: apiConversationBody,
      handler: async ({ body, req }) => {
        const channel = await channelOf(req);
        const sender = {
          externalId: body.externalId,
          ...(body.name ? { name: body.name } : {}),
          ...(body.email ? { email: body.email } : {}),
          ...(body.phone ? { phone: body.phone } : {}),
        };
        if (body.text !== undefined) {
          if (!body.clientId) fail('request.invalid', 'A first message needs its clientId', 'body.clientId');
          const r = await d.inbound.receive({
            channelId: channel.id,
            sender,
            text: body.text,
            clientId: body.clientId,
          });
          return respond.json(r.createdConversation ? 201 : 200, r);
        }
        const r = await d.inbound.start(channel.id, sender);
        return respond.json(r.created ? 201 : 200, {
          conversationId: r.conversationId,
          messageId: null,
          createdConversation: r.created,
          duplicate: false,
        });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/channel-api/messages',
      summary: "A person's incoming message (text and base64 attachments), stored once per clientId",
      tags: ['channel-api'],
      access: byToken,
      rateLimit,
      body: apiMessageBody,
      handler: async ({ body, req }) => {
        const channel = await channelOf(req);
        const r = await d.inbound.receive({
          channelId: channel.id,
          sender: {
            externalId: body.externalId,
            ...(body.name ? { name: body.name } : {}),
            ...(body.email ? { email: body.email } : {}),
            ...(body.phone ? { phone: body.phone } : {}),
          },
          text: body.text,
          clientId: body.clientId,
          ...(body.conversationId ? { conversationId: body.conversationId } : {}),
          attachments: body.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            data: Buffer.from(a.data, 'base64'),
          })),
        });
        return respond.json(r.duplicate ? 200 : 201, r);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/channel-api/files',
      summary:
        'An incoming file too large for the JSON body (multipart: "externalId", "clientId", optional "text", "name", "email", "phone", "conversationId", then "file")',
      tags: ['channel-api'],
      access: byToken,
      rateLimit,
      upload: { maxBytes: () => d.messages.uploads.maxBytes },
      handler: async ({ req, file }) => {
        const channel = await channelOf(req);
        const { file: f, fields } = await file();
        const parsed = apiFileFields.safeParse(fields);
        if (!parsed.success) {
          f?.stream.resume();
          const issue = parsed.error.issues[0];
          fail('request.invalid', 'A field is missing or not valid', `body.${String(issue?.path[0] ?? '')}`);
        }
        if (!f) fail('upload.missing', undefined, 'body.file');
        const chunks: Buffer[] = [];
        for await (const c of f.stream) chunks.push(c as Buffer);
        if (f.truncated())
          fail(
            'upload.too-large',
            `Files may be at most ${Math.floor(d.messages.uploads.maxBytes / 1024 / 1024)} MB`,
            'body.file',
          );
        const b = parsed.data;
        const r = await d.inbound.receive({
          channelId: channel.id,
          sender: {
            externalId: b.externalId,
            ...(b.name ? { name: b.name } : {}),
            ...(b.email ? { email: b.email } : {}),
            ...(b.phone ? { phone: b.phone } : {}),
          },
          text: b.text ?? '',
          clientId: b.clientId,
          ...(b.conversationId ? { conversationId: b.conversationId } : {}),
          attachments: [{ filename: f.filename, contentType: f.mimetype, data: Buffer.concat(chunks) }],
        });
        return respond.json(r.duplicate ? 200 : 201, r);
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/channel-api/conversations/:id',
      summary: 'One conversation of this channel',
      tags: ['channel-api'],
      access: byToken,
      rateLimit,
      params: apiConversationParams,
      handler: async ({ params, req }) => {
        const channel = await channelOf(req);
        const c = await own(channel.id, params.id);
        const owner = await d.identities.channelOf(c.visitor_id);
        return {
          id: c.id,
          status: c.status,
          externalId: owner?.externalId ?? '',
          createdAt: c.created_at.toISOString(),
          closedAt: c.closed_at?.toISOString() ?? null,
        };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/channel-api/conversations/:id/messages',
      summary: "A conversation's messages as the person may see them (no internal notes), by sequence number",
      tags: ['channel-api'],
      access: byToken,
      rateLimit,
      params: apiConversationParams,
      query: historyQuery,
      handler: async ({ params, query, req }) => {
        const channel = await channelOf(req);
        await own(channel.id, params.id);
        const items = await d.messages.messages.visitorHistory(params.id, query);
        return {
          items: items.map((m) =>
            m.attachment ? { ...m, attachment: { ...m.attachment, url: fileUrl(params.id, m.attachment.id) } } : m,
          ),
        };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/channel-api/conversations/:id/files/:fileId',
      summary: 'Download an attachment of a conversation of this channel',
      tags: ['channel-api'],
      access: byToken,
      rateLimit,
      params: z.strictObject({ id: z.uuid(), fileId: z.uuid() }),
      handler: async ({ params, req }) => {
        const channel = await channelOf(req);
        await own(channel.id, params.id);
        const f = await d.messages.messages.openFile(params.id, params.fileId);
        return respond.stream(f.stream, f.headers);
      },
    }),
  ];
}
