/**
 * The realtime protocol over one WebSocket at /ws. JSON messages, one per frame.
 * Visitors authenticate with their token, staff with their session cookie (or an access token).
 *
 * The server parses what clients send with `clientFrameSchema`, and sends only `ServerFrame`s;
 * `transport/ws/frames-contract.test.ts` parses every frame of a whole flow with `serverFrameSchema`, so
 * a frame type or field the server adds, drops or renames fails there. The web app and the widget use
 * the types only (the widget ships no zod).
 */
import { z } from 'zod';
import { errorCatalog, type ErrorCode } from './errors.js';
import {
  agentViewSchema,
  conversationViewSchema,
  mentionViewSchema,
  messageViewSchema,
  queuePositionSchema,
  visitorConversationViewSchema,
} from './omnichannel.js';
import { liveAgentSchema, liveConversationSchema } from './reports.js';

const uuid = z.uuid();
/** Staff-only topics, followed without an id. */
/** `monitoring`: live monitoring (admins, managers, monitors): every conversation and agent change. */
const staffTopic = z.enum(['my-conversations', 'queue', 'presence', 'monitoring']);

export const clientFrameSchema = z.union([
  z.strictObject({
    type: z.literal('auth'),
    visitorToken: z.string().min(1).max(200).optional(),
    accessToken: z.string().min(1).max(200).optional(),
    /** The host site's signed user (identity verification), as the X-Parley-User-Id/-Hash headers. */
    userId: z.string().min(1).max(200).optional(),
    userHash: z.string().min(1).max(200).optional(),
  }),
  /** `since`: the last sequence number the client has; everything after it is replayed first. */
  z.strictObject({
    type: z.literal('subscribe'),
    topic: z.literal('conversation'),
    id: uuid,
    since: z.number().int().min(0).optional(),
  }),
  z.strictObject({ type: z.literal('subscribe'), topic: staffTopic }),
  z.strictObject({ type: z.literal('unsubscribe'), topic: z.literal('conversation'), id: uuid }),
  z.strictObject({ type: z.literal('unsubscribe'), topic: staffTopic }),
  z.strictObject({ type: z.literal('typing'), conversationId: uuid, typing: z.boolean() }),
  /** Visitor: the draft being written (`livechat.typingPreview`; '' when cleared or sent). Never stored. */
  z.strictObject({ type: z.literal('typing.preview'), conversationId: uuid, text: z.string().max(2000) }),
  /** Staff: the browser noticed the user is idle (or back). */
  z.strictObject({ type: z.literal('activity'), idle: z.boolean() }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

const errorCodes = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    actor: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('staff'), userId: z.string(), name: z.string() }),
      z.object({ kind: z.literal('visitor'), visitorId: z.string() }),
    ]),
  }),
  /** The answer to a subscribe; a conversation's says how many messages its replay sent first. */
  z.discriminatedUnion('topic', [
    z.object({
      type: z.literal('subscribed'),
      topic: z.literal('conversation'),
      id: z.string(),
      replayed: z.number(),
    }),
    z.object({ type: z.literal('subscribed'), topic: staffTopic }),
  ]),
  /** Visitors get their view of a message (internal fields cleared), staff the whole message. */
  z.object({
    type: z.enum(['message.created', 'message.updated']),
    conversationId: z.string(),
    message: messageViewSchema,
  }),
  z.object({
    type: z.literal('typing'),
    conversationId: z.string(),
    /** Staff always get the id; the visitor gets none (nor a name) for an agent when livechat.showAgentInfo is off. */
    author: z.object({ type: z.enum(['visitor', 'agent']), id: z.string().nullable(), name: z.string().nullable() }),
    typing: z.boolean(),
  }),
  /** Staff following the conversation: what the visitor is writing (`livechat.typingPreview`); '' clears it. */
  z.object({ type: z.literal('typing.preview'), conversationId: z.string(), text: z.string() }),
  /** Staff following the conversation, its agents' own views, and (while queued) who sees the queue. */
  z.object({ type: z.literal('conversation.updated'), conversation: conversationViewSchema }),
  /** The visitor's own conversation. */
  z.object({ type: z.literal('visitor.conversation.updated'), conversation: visitorConversationViewSchema }),
  /** The visitor's place in the queue; null once it no longer waits. */
  z.object({ type: z.literal('queue.position'), conversationId: z.string(), queue: queuePositionSchema.nullable() }),
  z.object({
    type: z.literal('agent.status'),
    userId: z.string(),
    presence: agentViewSchema.shape.presence,
    availability: agentViewSchema.shape.availability,
  }),
  /**
   * Staff: business hours opened or closed somewhere, or were edited or turned on/off; the workspace asks
   * again whether its departments are open (GET /api/v1/business-hours/mine).
   */
  z.object({ type: z.literal('business-hours.changed') }),
  /** Staff: a colleague mentioned you in an internal note (sent to every socket of the mentioned user). */
  z.object({ type: z.literal('mention.created'), mention: mentionViewSchema }),
  /**
   * Live monitoring (topic `monitoring`): a conversation's state after a change (`previousStatus` null:
   * it just started); the page replaces its entry, so counts cost O(change) (docs/reports.md).
   */
  z.object({
    type: z.literal('monitoring.conversation'),
    conversation: liveConversationSchema,
    previousStatus: liveConversationSchema.shape.status.nullable(),
    closedAt: z.string().nullable(),
  }),
  /** Live monitoring: an agent's presence, availability or capacity changed (the fields that changed). */
  z.object({
    type: z.literal('monitoring.agent'),
    userId: z.string(),
    presence: liveAgentSchema.shape.presence.optional(),
    availability: liveAgentSchema.shape.availability.optional(),
    maxChats: z.number().nullable().optional(),
  }),
  /** A refused frame, or why the socket is being closed (4401, 4403). */
  z.object({ type: z.literal('error'), code: z.enum(errorCodes), message: z.string() }),
  z.object({ type: z.literal('pong') }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;
