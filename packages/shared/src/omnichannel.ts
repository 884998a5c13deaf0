/**
 * API shapes shared by the server, the web app and the widget. The server's presenters produce
 * exactly these (the contract test parses its answers with them); clients consume them.
 */
import { z } from 'zod';
import { pageSchema } from './paging.js';
import { visitorViewSchema } from './visitors.js';

export const conversationStatuses = ['queued', 'open', 'on-hold', 'closed'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];
export type AuthorType = 'visitor' | 'agent' | 'bot' | 'system';
/** `note`: an internal note between staff; visitors never get it (nor webhooks, nor transcripts). */
export type MessageKind = 'text' | 'file' | 'system' | 'note';
export type Availability = 'available' | 'unavailable';
export type Presence = 'online' | 'away' | 'offline';

export const systemMessageTypes = [
  'user-join',
  'user-leave',
  'conversation-started',
  'conversation-finished',
  'conversation-transferred',
  'conversation-queued',
  'navigation',
  'on-hold',
  'resumed',
  'department-changed',
  'transcript-requested',
  'visitor-verified',
  'verification-requested',
  /** A call card (issue 17): `data` holds the call's id, kind, status and outcome. */
  'call',
] as const;
export type SystemMessageType = (typeof systemMessageTypes)[number];

const isoDate = z.iso.datetime();
const nullableDate = isoDate.nullable();

export const attachmentViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  contentType: z.string(),
  /** Relative URL to download it with the caller's own credentials. */
  url: z.string(),
});
export type AttachmentView = z.infer<typeof attachmentViewSchema>;

export const messageViewSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number(),
  /** Sequence number of the last change (creation, edit or deletion). */
  updatedSeq: z.number(),
  clientId: z.string().nullable(),
  author: z.object({
    type: z.enum(['visitor', 'agent', 'bot', 'system']),
    id: z.string().nullable(),
    name: z.string().nullable(),
  }),
  kind: z.enum(['text', 'file', 'system', 'note']),
  systemType: z.enum(systemMessageTypes).nullable(),
  text: z.string(),
  attachment: attachmentViewSchema.nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  createdAt: isoDate,
  editedAt: nullableDate,
  deletedAt: nullableDate,
});
export type MessageView = z.infer<typeof messageViewSchema>;

export const agentInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  username: z.string(),
  email: z.string().optional(),
});
export type AgentInfo = z.infer<typeof agentInfoSchema>;

export const conversationMetricsSchema = z.object({
  waitSeconds: z.number().nullable(),
  firstResponseSeconds: z.number().nullable(),
  reactionSeconds: z.number().nullable(),
  averageResponseSeconds: z.number().nullable(),
  responseCount: z.number(),
  chatDurationSeconds: z.number().nullable(),
  serviceDurationSeconds: z.number().nullable(),
});
export type ConversationMetrics = z.infer<typeof conversationMetricsSchema>;

/** What staff see. */
export const conversationViewSchema = z.object({
  id: z.string(),
  status: z.enum(conversationStatuses),
  channel: z.string(),
  contactId: z.string(),
  visitor: z.object({
    id: z.string(),
    name: z.string().nullable(),
    username: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  departmentId: z.string().nullable(),
  agent: agentInfoSchema.nullable(),
  topic: z.string(),
  tags: z.array(z.string()),
  priorityId: z.string().nullable(),
  slaId: z.string().nullable(),
  customFields: z.record(z.string(), z.string()),
  lastSeq: z.number(),
  lastMessageAt: nullableDate,
  lastMessagePreview: z.string().nullable(),
  createdAt: isoDate,
  queuedAt: nullableDate,
  assignedAt: nullableDate,
  onHoldAt: nullableDate,
  closedAt: nullableDate,
  closedBy: z.object({ type: z.enum(['agent', 'visitor', 'system']), id: z.string().nullable() }).nullable(),
  closeComment: z.string().nullable(),
  metrics: conversationMetricsSchema,
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

/**
 * The message a text search matched in a listed conversation (its newest match): an excerpt cut into
 * plain-text parts, `hit` on the matched words (clients render them as text, marking the hits).
 */
export const messageMatchSchema = z.object({
  messageId: z.string(),
  seq: z.number(),
  kind: z.enum(['text', 'file', 'note']),
  createdAt: isoDate,
  excerpt: z.array(z.object({ text: z.string(), hit: z.boolean() })),
});
export type MessageMatch = z.infer<typeof messageMatchSchema>;

/** A conversation in the list: its view, whether its visitor's identity is verified, and a text match. */
export const conversationListItemSchema = conversationViewSchema.extend({
  visitorVerified: z.boolean(),
  /** With a text search (`q`): the message that matched, or null when the visitor or phone did. */
  match: messageMatchSchema.nullable(),
});
export type ConversationListItem = z.infer<typeof conversationListItemSchema>;

/** `GET /api/v1/conversations`: newest first; `nextCursor` asks for the next page, null at the end. */
export const conversationPageSchema = z.object({
  items: z.array(conversationListItemSchema),
  nextCursor: z.string().nullable(),
});
export type ConversationPage = z.infer<typeof conversationPageSchema>;

export const queuePositionSchema = z.object({
  position: z.number(),
  estimatedWaitSeconds: z.number().nullable(),
  message: z.string(),
});
export type QueuePosition = z.infer<typeof queuePositionSchema>;

/** What the visitor sees of their own conversation. */
export const visitorConversationViewSchema = z.object({
  id: z.string(),
  status: z.enum(conversationStatuses),
  departmentId: z.string().nullable(),
  /** Null while nobody serves it, or when `livechat.showAgentInfo` is off. */
  agent: agentInfoSchema.nullable(),
  lastSeq: z.number(),
  createdAt: isoDate,
  closedAt: nullableDate,
  closedBy: z.enum(['agent', 'visitor', 'system']).nullable(),
  queue: queuePositionSchema.nullable(),
});
export type VisitorConversationView = z.infer<typeof visitorConversationViewSchema>;

export const departmentViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  showOnRegistration: z.boolean(),
  showOnOfflineForm: z.boolean(),
  email: z.string(),
  fallbackDepartmentId: z.string().nullable(),
  allowedForwardIds: z.array(z.string()),
  requestTagBeforeClosing: z.boolean(),
  closingTags: z.array(z.string()),
  waitingQueueMessage: z.string(),
  maxChatsPerAgent: z.number().nullable(),
  businessHoursId: z.string().nullable(),
  archived: z.boolean(),
  agents: z.array(z.object({ userId: z.string(), position: z.number() })),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type DepartmentView = z.infer<typeof departmentViewSchema>;

export const customFieldViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  scope: z.enum(['visitor', 'conversation']),
  type: z.enum(['text', 'select']),
  options: z.array(z.string()),
  regex: z.string().nullable(),
  required: z.boolean(),
  visible: z.boolean(),
  searchable: z.boolean(),
  position: z.number(),
});
export type CustomFieldView = z.infer<typeof customFieldViewSchema>;

export const agentViewSchema = z.object({
  userId: z.string(),
  name: z.string(),
  username: z.string(),
  email: z.string(),
  availability: z.enum(['available', 'unavailable']),
  presence: z.enum(['online', 'away', 'offline']),
  maxChats: z.number().nullable(),
  openChats: z.number(),
  departmentIds: z.array(z.string()),
  lastAssignedAt: nullableDate,
});
export type AgentView = z.infer<typeof agentViewSchema>;
/** `GET /api/v1/agents`. */
export const agentPageSchema = pageSchema(agentViewSchema);

/** `GET /api/v1/widget/config`: everything the widget needs to draw itself. */
export const widgetConfigSchema = z.object({
  settings: z.record(z.string(), z.unknown()),
  departments: z.array(
    z.object({ id: z.string(), name: z.string(), showOnRegistration: z.boolean(), showOnOfflineForm: z.boolean() }),
  ),
  customFields: z.array(customFieldViewSchema),
  /** Can a chat start now (an agent is available, or chats are accepted anyway)? */
  online: z.boolean(),
  /**
   * When business hours are why it is offline: the next opening (ISO) of the department asked for (or of
   * the default schedule), so the widget can say when it is back. Null otherwise, or when it never opens.
   */
  nextOpenAt: isoDate.nullable(),
  enabled: z.boolean(),
  /** Can this server send email now? Without it the widget offers nothing that needs it (transcripts). */
  emailEnabled: z.boolean().optional(),
  /** The median first-response time (s) of recent chats, for the greeting; null while unknown. */
  usualReplySeconds: z.number().nullable().optional(),
  /** With a visitor token: the visitor, and their active conversation (null when none). */
  visitor: visitorViewSchema.optional(),
  conversation: visitorConversationViewSchema.nullable().optional(),
});
export type WidgetConfig = z.infer<typeof widgetConfigSchema>;

/** A colleague mentioned this staff member (`@username`) in an internal note. */
export const mentionViewSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  messageId: z.string(),
  by: z.object({ id: z.string(), name: z.string() }),
  /** The beginning of the note. */
  excerpt: z.string(),
  createdAt: isoDate,
  readAt: nullableDate,
});
export type MentionView = z.infer<typeof mentionViewSchema>;
/** `GET /api/v1/mentions`: newest first, and how many are unread in all. */
export const mentionListSchema = z.object({ items: z.array(mentionViewSchema), unread: z.number() });
export type MentionList = z.infer<typeof mentionListSchema>;
/** `POST /api/v1/conversations/:id/notes`: the note, and the usernames of the colleagues it notified. */
export const noteSentSchema = z.object({ message: messageViewSchema, mentioned: z.array(z.string()) });
export type NoteSent = z.infer<typeof noteSentSchema>;
/** `GET /api/v1/conversations/:id/mentionable`: colleagues who may read the conversation (the `@` picker). */
export const mentionableSchema = z.object({
  items: z.array(z.object({ id: z.string(), username: z.string(), name: z.string() })),
});
export type Mentionable = z.infer<typeof mentionableSchema>;
