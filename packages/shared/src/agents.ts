import { z } from 'zod';

/** An agent's own switch and derived presence (`/api/v1/agents/me/status`, `…/:id/status`, `…/:id/capacity`). */
export const agentStateSchema = z.object({
  userId: z.string(),
  availability: z.enum(['available', 'unavailable']),
  presence: z.enum(['online', 'away', 'offline']),
  /** Null: the department's or the global limit applies; 0: unlimited. */
  maxChats: z.number().int().nullable(),
  lastAssignedAt: z.iso.datetime().nullable(),
});
export type AgentState = z.infer<typeof agentStateSchema>;
