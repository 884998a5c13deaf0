import { z } from 'zod';

/** One entry of the audit log (`GET /api/v1/audit`): who did what, when, to what. */
export const auditRecordSchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  /** `label`: the staff user's email, `visitor <id>`, `system` or `anonymous` (kept when the user is gone). */
  actor: z.object({ id: z.string().nullable(), label: z.string() }),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** `{ field: { from, to } }` or any JSON describing the change; secrets redacted. */
  changes: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** A page of the log, newest first; `nextBefore` asks for the next (older) page, null at the end. */
export const auditPageSchema = z.object({ items: z.array(auditRecordSchema), nextBefore: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;

/** `GET /api/v1/audit`: newest first; `before` is the last id of the previous page. */
export const auditListQuery = z.strictObject({
  limit: z.coerce.number<number>().int().min(1).max(200).default(50),
  before: z.uuid().optional(),
  action: z.string().max(100).optional(),
  targetId: z.string().max(200).optional(),
});
export type AuditListQuery = z.input<typeof auditListQuery>;
