import { z } from 'zod';
import { channelIdSchema } from './channels.js';

const statuses = z.enum(['queued', 'open', 'on-hold', 'closed']);
const tag = z.string().trim().min(1).max(60);

/** A message's text (staff and visitors alike). */
export const messageTextSchema = z.string().max(20_000);
/** The sender's id for a message: a retried send with the same one is stored once. */
export const clientIdSchema = z.string().min(1).max(100);

/** `GET /api/v1/conversations`: newest first; `status` and `tags` are comma-separated lists. */
export const conversationListQuery = z.strictObject({
  status: z
    .union([statuses, z.string().regex(/^[a-z-]+(,[a-z-]+)*$/)])
    .transform((s) => s.split(','))
    .pipe(z.array(statuses))
    .optional(),
  agentId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  /** A channel's id (`widget`, or an email or API channel's). */
  channel: channelIdSchema.optional(),
  tags: z
    .string()
    .max(1000)
    .transform((s) =>
      s
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number<number>().int().min(1).max(100).default(25),
});
export type ConversationListQuery = z.input<typeof conversationListQuery>;

/** A conversation's messages by sequence number (staff's and the widget's `…/messages`). */
export const historyQuery = z.strictObject({
  after: z.coerce.number<number>().int().min(0).optional(),
  before: z.coerce.number<number>().int().min(1).optional(),
  changedSince: z.coerce.number<number>().int().min(0).optional(),
  limit: z.coerce.number<number>().int().min(1).max(500).default(50),
});
export type HistoryQuery = z.input<typeof historyQuery>;

/** `POST …/conversations/:id/messages` (staff and widget). */
export const newMessageBody = z.strictObject({ text: messageTextSchema, clientId: clientIdSchema.optional() });
export type NewMessage = z.input<typeof newMessageBody>;

/** `PATCH …/conversations/:id/messages/:messageId` (staff and widget). */
export const messageEditBody = z.strictObject({ text: messageTextSchema });
export type MessageEdit = z.input<typeof messageEditBody>;

/** `POST /api/v1/conversations/:id/close`: the department's closing tags and the comment setting apply. */
export const closeConversationBody = z
  .strictObject({ comment: z.string().max(2000).optional(), tags: z.array(tag).max(50).optional() })
  .default({});
export type CloseConversation = z.input<typeof closeConversationBody>;

/** `PATCH /api/v1/conversations/:id`: room information. */
export const roomInfoPatchBody = z.strictObject({
  topic: z.string().max(500).optional(),
  tags: z.array(tag).max(50).optional(),
  priorityId: z.uuid().nullable().optional(),
  slaId: z.uuid().nullable().optional(),
  customFields: z.record(z.string().max(64), z.string().max(1000)).optional(),
});
export type RoomInfoPatch = z.input<typeof roomInfoPatchBody>;

/** `POST /api/v1/conversations/:id/transfer`: to an agent or to a department (admins may force an agent). */
export const transferBody = z
  .strictObject({
    agentId: z.uuid().optional(),
    departmentId: z.uuid().optional(),
    comment: z.string().max(2000).optional(),
    force: z.boolean().optional(),
  })
  .refine((b) => Boolean(b.agentId) !== Boolean(b.departmentId), {
    message: 'Give exactly one of agentId and departmentId',
  });
export type TransferRequest = z.input<typeof transferBody>;

/** `POST …/conversations/:id/transcript` (staff and widget): emailed once the conversation is closed. */
export const transcriptBody = z.strictObject({ email: z.email().max(320) });
export type TranscriptRequest = z.input<typeof transcriptBody>;

/** `POST /api/v1/widget/conversations`: start my conversation (or get the active one), maybe with its first message. */
export const startConversationBody = z
  .strictObject({
    departmentId: z.uuid().optional(),
    /** Ask for a specific agent (tried first when they can take it). */
    agentId: z.uuid().optional(),
    text: messageTextSchema.optional(),
    clientId: clientIdSchema.optional(),
  })
  .default({});
export type StartConversation = z.input<typeof startConversationBody>;

/** `POST /api/v1/widget/conversations/:id/typing`. */
export const typingBody = z.strictObject({ typing: z.boolean() });
export type TypingChange = z.input<typeof typingBody>;

/** `POST /api/v1/widget/conversations/:id/department` (`livechat.allowSwitchDepartments`). */
export const departmentSwitchBody = z.strictObject({ departmentId: z.uuid() });
export type DepartmentSwitch = z.input<typeof departmentSwitchBody>;

/**
 * `POST /api/v1/conversations/:id/notes`: an internal note (staff only, never the visitor). `@username`
 * in it mentions a colleague who may read the conversation.
 */
export const newNoteBody = newMessageBody;
export type NewNote = z.input<typeof newNoteBody>;

/** `GET /api/v1/mentions`: my mentions, newest first; `unread=true` only those not read yet. */
export const mentionListQuery = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number<number>().int().min(1).max(100).default(20),
});
export type MentionListQuery = z.input<typeof mentionListQuery>;
