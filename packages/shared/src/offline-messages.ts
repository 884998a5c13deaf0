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
