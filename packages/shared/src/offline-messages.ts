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
