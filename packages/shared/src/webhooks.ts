import { z } from 'zod';

/**
 * CRM webhooks (issue 15): what happens in a conversation, posted to the CRM endpoint of the `crm.*`
 * settings (bodies a Rocket.Chat Livechat receiver understands, docs/webhooks.md) and to further endpoints.
 * The event names are those of the `crm.on.*` switches.
 */
export const webhookEvents = [
  'chatStart',
  'chatQueued',
  'chatTaken',
  'forward',
  'chatClose',
  'visitorMessage',
  'agentMessage',
  'navigationHistory',
  'leadCapture',
  'offlineMessage',
  /** Parley's own (the reference has no calls): a call started or ended, `LivechatCall` (docs/webhooks.md). */
  'call',
] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/** The endpoint the crm.* settings describe, as deliveries name it. */
export const CRM_ENDPOINT_ID = 'crm';

export const webhookEndpointViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  /** The secret itself is never shown again. */
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  events: z.array(z.enum(webhookEvents)),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookEndpointView = z.infer<typeof webhookEndpointViewSchema>;

const endpointUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2000)
  .refine((u) => !/^https?:\/\/[^/]*@/.test(u), 'must not carry credentials (use the secret)');

/** `POST /api/v1/webhooks/endpoints`. */
export const webhookEndpointBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  url: endpointUrl,
  /** Signs every request (X-Parley-Signature) and is sent as the token headers. */
  secret: z.string().max(200).default(''),
  enabled: z.boolean().default(true),
  events: z.array(z.enum(webhookEvents)).min(1, 'subscribe to at least one event').max(webhookEvents.length),
});
export type WebhookEndpointInput = z.input<typeof webhookEndpointBody>;

/** `PATCH /api/v1/webhooks/endpoints/:id`: what is given changes; `secret: ""` removes it. */
export const webhookEndpointPatch = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  url: endpointUrl.optional(),
  secret: z.string().max(200).optional(),
  enabled: z.boolean().optional(),
  events: z.array(z.enum(webhookEvents)).min(1, 'subscribe to at least one event').max(webhookEvents.length).optional(),
});

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;

export const webhookAttemptViewSchema = z.object({
  attempt: z.number(),
  at: z.string(),
  url: z.string(),
  /** The HTTP status answered, null when there was no answer (error). */
  status: z.number().nullable(),
  durationMs: z.number(),
  /** The first KB of the answer. */
  response: z.string().nullable(),
  error: z.string().nullable(),
});
export type WebhookAttemptView = z.infer<typeof webhookAttemptViewSchema>;

export const webhookDeliveryViewSchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  event: z.string(),
  /** The body's `type` (LivechatSessionStart, Message, …). */
  type: z.string().nullable(),
  conversationId: z.string().nullable(),
  status: z.enum(deliveryStatuses),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  redeliveryOf: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryViewSchema>;

export const webhookDeliveryDetailSchema = webhookDeliveryViewSchema.extend({
  /** The JSON sent (null until the first attempt fixed it). */
  body: z.string().nullable(),
  attemptLog: z.array(webhookAttemptViewSchema),
});
export type WebhookDeliveryDetail = z.infer<typeof webhookDeliveryDetailSchema>;

/** `GET /api/v1/webhooks/deliveries`: newest first; `before` is the last id of the previous page. */
export const webhookDeliveryQuery = z.strictObject({
  endpointId: z.string().max(40).optional(),
  event: z.enum([...webhookEvents, 'test']).optional(),
  status: z.enum(deliveryStatuses).optional(),
  conversationId: z.uuid().optional(),
  before: z.uuid().optional(),
  limit: z.coerce.number<number>().int().min(1).max(200).default(50),
});
export type WebhookDeliveryQuery = z.input<typeof webhookDeliveryQuery>;

/** `POST /api/v1/webhooks/test`: posts a sample to the CRM endpoint (or the one named) and answers what came back. */
export const webhookTestBody = z.strictObject({ endpointId: z.string().max(40).default(CRM_ENDPOINT_ID) });

export const webhookTestResultSchema = z.object({
  deliveryId: z.string(),
  ok: z.boolean(),
  status: z.number().nullable(),
  durationMs: z.number(),
  response: z.string().nullable(),
  error: z.string().nullable(),
});
export type WebhookTestResult = z.infer<typeof webhookTestResultSchema>;
