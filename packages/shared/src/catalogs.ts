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

/** `POST /api/v1/priorities`, `PUT /api/v1/priorities/:id`. */
export const priorityBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  weight: z.number().int().min(1).max(1000),
});
export type PriorityInput = z.input<typeof priorityBody>;

/** `POST /api/v1/sla-policies`, `PUT /api/v1/sla-policies/:id`. */
export const slaBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  description: z.string().max(500).default(''),
  dueMinutes: z.number().int().min(1).max(525_600),
});
export type SlaInput = z.input<typeof slaBody>;
