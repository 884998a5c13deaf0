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

/** `PUT /api/v1/agents/me/status`, `PUT /api/v1/agents/:id/status`. */
export const availabilityBody = z.strictObject({ availability: z.enum(['available', 'unavailable']) });
export type AvailabilityChange = z.input<typeof availabilityBody>;

/** `PUT /api/v1/agents/:id/capacity`: null, the department's or the global limit applies; 0, unlimited. */
export const capacityBody = z.strictObject({ maxChats: z.number().int().min(0).max(10000).nullable() });
export type CapacityChange = z.input<typeof capacityBody>;
