import { z } from 'zod';
import { emailChannelSettingsSchema } from './email-channel.js';

/**
 * Channels (issue 22): each way conversations reach Parley — the website widget, an email inbox, an API
 * channel (SMS gateways, messaging apps, bots, in-house apps). A conversation's `channel` is its
 * channel's id; the built-in widget's id is `widget`.
 */
export const channelTypes = ['widget', 'email', 'api'] as const;
export const channelTypeSchema = z.enum(channelTypes);
export type ChannelType = z.infer<typeof channelTypeSchema>;

/** The id of the built-in website widget's channel (every widget conversation's `channel`). */
export const WIDGET_CHANNEL_ID = 'widget';

/** A channel id in a path or a filter: `widget`, or a channel's uuid. */
export const channelIdSchema = z
  .string()
  .max(40)
  .regex(/^(widget|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, 'not a channel id');

export const channelParams = z.strictObject({ id: channelIdSchema });

export const channelStates = ['ok', 'error', 'connecting', 'disabled'] as const;
/** What the channel's type module says of its connection (e.g. the IMAP mailbox), for the console. */
export const channelStatusSchema = z.object({
  state: z.enum(channelStates),
  detail: z.string().optional(),
  at: z.string().optional(),
});
export type ChannelStatus = z.infer<typeof channelStatusSchema>;

/** The API channel's non-secret part as admins see it (its token and secret are shown once, never again). */
export const apiChannelInfoSchema = z.object({
  /** Where agent replies and the close are POSTed (null: nothing is sent). */
  callbackUrl: z.string().nullable(),
  /** The first characters of the token, to tell tokens apart. */
  tokenHint: z.string(),
  /** The first characters of the signing secret. */
  secretHint: z.string(),
});
export type ApiChannelInfo = z.infer<typeof apiChannelInfoSchema>;

export const channelViewSchema = z.object({
  id: z.string(),
  type: channelTypeSchema,
  name: z.string(),
  departmentId: z.string().nullable(),
  enabled: z.boolean(),
  /** Type-specific, non-secret settings. */
  settings: z.record(z.string(), z.unknown()),
  status: channelStatusSchema,
  api: apiChannelInfoSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChannelView = z.infer<typeof channelViewSchema>;

/** Brief: what lists need to show a conversation's channel (icon by type, name). */
export const channelSummarySchema = z.object({ id: z.string(), type: channelTypeSchema, name: z.string() });
export type ChannelSummary = z.infer<typeof channelSummarySchema>;

export const channelListSchema = z.object({ items: z.array(channelViewSchema) });

const callbackUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2000)
  .refine((u) => !/^https?:\/\/[^/]*@/.test(u), 'must not carry credentials (replies are signed with the secret)');

/** The API channel's settings in a create or update body. */
export const apiChannelSettingsSchema = z.strictObject({
  callbackUrl: callbackUrl.nullable().default(null),
});

const common = {
  name: z.string().trim().min(1).max(100),
  departmentId: z.uuid().nullable().optional(),
  enabled: z.boolean().optional(),
};

/**
 * `POST /api/v1/channels`: a discriminated union on `type`. Email channels are created with the email
 * module's settings schema once it exists (packages/shared/src/email-channel.ts); the widget exists once.
 */
export const channelCreateBody = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('api'),
    ...common,
    settings: apiChannelSettingsSchema.default({ callbackUrl: null }),
  }),
  z.strictObject({ type: z.literal('email'), ...common, settings: emailChannelSettingsSchema }),
]);
export type ChannelCreateInput = z.input<typeof channelCreateBody>;

/** `PATCH /api/v1/channels/:id`: what is given changes; `settings` is validated by the channel's type. */
export const channelUpdateBody = z.strictObject({
  name: common.name.optional(),
  departmentId: z.uuid().nullable().optional(),
  enabled: z.boolean().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});
export type ChannelUpdateInput = z.input<typeof channelUpdateBody>;

/** Answered once, at creation or rotation: the API channel's token and signing secret in clear. */
export const apiChannelSecretsSchema = z.object({
  channel: channelViewSchema,
  token: z.string().optional(),
  secret: z.string().optional(),
});
export type ApiChannelSecrets = z.infer<typeof apiChannelSecretsSchema>;

/** `POST /api/v1/channels/:id/rotate`: a new token, a new signing secret, or both. */
export const channelRotateBody = z.strictObject({
  token: z.boolean().default(false),
  secret: z.boolean().default(false),
});

// ── the API channel's own API (authenticated by the channel's token: `Authorization: Bearer <token>`) ──

/** A contact identity on an API channel, named by the caller's own id for the person (a phone number, a user id). */
const externalId = z.string().trim().min(1).max(200);

export const apiContactBody = z.strictObject({
  externalId,
  name: z.string().trim().max(200).optional(),
  email: z.email().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
});
export type ApiContactInput = z.input<typeof apiContactBody>;

export const apiContactViewSchema = z.object({
  /** The channel identity's id. */
  id: z.string(),
  contactId: z.string(),
  externalId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  created: z.boolean(),
});
export type ApiContactView = z.infer<typeof apiContactViewSchema>;

const clientId = z.string().trim().min(1).max(100);
const text = z.string().max(20_000);

export const apiAttachmentSchema = z.strictObject({
  filename: z.string().trim().min(1).max(200),
  contentType: z.string().trim().min(1).max(100),
  /** The file's bytes, base64 (the JSON body is at most 1 MB: larger files go to POST /api/v1/channel-api/files). */
  data: z.base64().max(1_400_000),
});

/** `POST /api/v1/channel-api/messages`: an incoming message from a person, idempotent by `clientId`. */
export const apiMessageBody = z.strictObject({
  externalId,
  clientId,
  text: text.default(''),
  name: z.string().trim().max(200).optional(),
  email: z.email().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
  /** Post into this conversation (when still open); otherwise the person's active one, or a new one. */
  conversationId: z.uuid().optional(),
  attachments: z.array(apiAttachmentSchema).max(10).default([]),
});
export type ApiMessageInput = z.input<typeof apiMessageBody>;

/** `POST /api/v1/channel-api/conversations`: start (or get) the person's conversation, optionally with a first message. */
export const apiConversationBody = z.strictObject({
  externalId,
  name: z.string().trim().max(200).optional(),
  email: z.email().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
  text: text.optional(),
  clientId: clientId.optional(),
});

export const apiReceivedSchema = z.object({
  conversationId: z.string(),
  messageId: z.string().nullable(),
  createdConversation: z.boolean(),
  duplicate: z.boolean(),
});
export type ApiReceived = z.infer<typeof apiReceivedSchema>;

export const apiConversationParams = z.strictObject({ id: z.uuid() });

/** A message as the API channel's caller reads it (what a visitor may see). */
export const apiMessageViewSchema = z.object({
  id: z.string(),
  seq: z.number(),
  kind: z.string(),
  author: z.object({ type: z.string(), name: z.string().nullable() }),
  text: z.string(),
  attachment: z
    .object({ id: z.string(), name: z.string(), size: z.number(), contentType: z.string() })
    .nullable()
    .optional(),
  clientId: z.string().nullable().optional(),
  createdAt: z.string(),
});

export const apiConversationViewSchema = z.object({
  id: z.string(),
  status: z.string(),
  externalId: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});

/**
 * What Parley POSTs to an API channel's callback URL (signed: `X-Parley-Signature: sha256=<hex HMAC-SHA256 of
 * the raw body with the channel's secret>`; docs/channels.md).
 */
export const apiCallbackBodySchema = z.object({
  /** Unique per delivery: a receiver that gets it twice acts once. */
  id: z.string(),
  type: z.enum(['message', 'conversation.closed']),
  channelId: z.string(),
  conversationId: z.string(),
  externalId: z.string(),
  message: z
    .object({
      id: z.string(),
      seq: z.number(),
      text: z.string(),
      author: z.object({ type: z.string(), name: z.string().nullable() }),
      attachment: z.object({ name: z.string(), size: z.number(), contentType: z.string(), url: z.string() }).nullable(),
      createdAt: z.string(),
    })
    .optional(),
  at: z.string(),
});
export type ApiCallbackBody = z.infer<typeof apiCallbackBodySchema>;
