import { z } from 'zod';

const party = z.object({ agentId: z.string().nullable(), departmentId: z.string().nullable() });

/** One transfer of a conversation (`GET /api/v1/conversations/:id/transfers`), oldest first. */
export const transferRecordSchema = z.object({
  id: z.string(),
  from: party,
  to: party,
  comment: z.string(),
  /** Who moved it (`staff`, `system`, …). */
  by: z.object({ type: z.string(), id: z.string().nullable() }),
  /** An admin moved it to an agent who could not take it now (logged in the audit too). */
  forced: z.boolean(),
  /** Why the system moved it on its own (`unanswered`, …); null for a transfer someone asked for. */
  reason: z.string().nullable(),
  at: z.iso.datetime(),
});
export type TransferRecord = z.infer<typeof transferRecordSchema>;
