import { z } from 'zod';

/** A message a visitor left through the widget's offline form (`GET /api/v1/offline-messages`). */
export const offlineMessageViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  message: z.string(),
  departmentId: z.string().nullable(),
  visitorId: z.string().nullable(),
  createdAt: z.iso.datetime(),
  /** Its state in the offline inbox; null when it was received while the inbox was off. */
  inboxState: z.enum(['open', 'claimed', 'done']).nullable(),
});
export type OfflineMessageView = z.infer<typeof offlineMessageViewSchema>;

/** `GET /api/v1/offline-messages`: newest first; `before` is the last id of the previous page. */
export const offlineMessageListQuery = z.strictObject({
  limit: z.coerce.number<number>().int().min(1).max(200).default(50),
  before: z.uuid().optional(),
});
export type OfflineMessageListQuery = z.input<typeof offlineMessageListQuery>;

/** `POST /api/v1/widget/offline-messages`: the widget's offline form. */
export const newOfflineMessageBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  email: z.string().trim().min(3).max(320),
  message: z.string().trim().min(1).max(5000),
  departmentId: z.uuid().optional(),
});
export type NewOfflineMessage = z.input<typeof newOfflineMessageBody>;

// ── The offline inbox (issue 15, item 8; settings livechat.offline.toChannel.*) ───────────────────────

export const offlineInboxStates = ['open', 'claimed', 'done'] as const;
export type OfflineInboxState = (typeof offlineInboxStates)[number];

/** Someone on the staff as an inbox item names them (the name as it was then). */
const staffRef = z.object({ id: z.string().nullable(), name: z.string() });

/** An email reply to the visitor, stored with the item; `state` says whether it went out. */
export const offlineReplySchema = z.object({
  id: z.string(),
  author: staffRef,
  text: z.string(),
  state: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int().min(0),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
});
export type OfflineReplyView = z.infer<typeof offlineReplySchema>;

/** An offline message as an item of the inbox. */
export const offlineInboxItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  subject: z.string(),
  message: z.string(),
  departmentId: z.string().nullable(),
  state: z.enum(offlineInboxStates),
  claimedBy: staffRef.nullable(),
  claimedAt: z.iso.datetime().nullable(),
  doneBy: z.string().nullable(),
  doneAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type OfflineInboxItem = z.infer<typeof offlineInboxItemSchema>;

/** `GET /api/v1/offline-inbox/:id`: the item and its thread of replies, oldest first. */
export const offlineInboxDetailSchema = offlineInboxItemSchema.extend({ replies: z.array(offlineReplySchema) });
export type OfflineInboxDetail = z.infer<typeof offlineInboxDetailSchema>;

/** `GET /api/v1/offline-inbox/summary`: the inbox's title and what the caller may see in it, by state. */
export const offlineInboxSummarySchema = z.object({
  enabled: z.boolean(),
  name: z.string(),
  counts: z.object({ open: z.number().int(), claimed: z.number().int(), done: z.number().int() }),
});
export type OfflineInboxSummary = z.infer<typeof offlineInboxSummarySchema>;

/** `GET /api/v1/offline-inbox`: newest first; `before` is the last id of the previous page. */
export const offlineInboxListQuery = z.strictObject({
  state: z.enum([...offlineInboxStates, 'all']).default('all'),
  mine: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number<number>().int().min(1).max(200).default(50),
  before: z.uuid().optional(),
});
export type OfflineInboxListQuery = z.input<typeof offlineInboxListQuery>;

/** `POST /api/v1/offline-inbox/:id/replies`: the email to the visitor. */
export const offlineReplyBody = z.strictObject({ text: z.string().trim().min(1).max(10_000) });
export type OfflineReplyInput = z.input<typeof offlineReplyBody>;

/** `POST /api/v1/offline-inbox/:id/assign` (admins, managers): give the item to an agent. */
export const offlineAssignBody = z.strictObject({ userId: z.uuid() });
export type OfflineAssignInput = z.input<typeof offlineAssignBody>;
