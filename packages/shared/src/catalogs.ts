import { z } from 'zod';

/** A conversation priority (`/api/v1/priorities`). */
export const priorityViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Lower is dispatched first (when `queue.sorting` = priority). */
  weight: z.number().int(),
});
export type PriorityView = z.infer<typeof priorityViewSchema>;

/** An SLA policy (`/api/v1/sla-policies`): the time within which a conversation should be answered. */
export const slaViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  dueMinutes: z.number().int(),
});
export type SlaView = z.infer<typeof slaViewSchema>;
