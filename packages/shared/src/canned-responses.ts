import { z } from 'zod';
import { listPageFields } from './paging.js';

/**
 * Canned responses (issue 18, setting #60): a shortcut an agent types after `!` in the composer and the
 * text it inserts. Global ones are everyone's (admins and managers keep them), department ones belong to
 * the agents of that department, personal ones to their owner alone.
 */
export const cannedScopes = ['global', 'department', 'personal'] as const;
export type CannedScope = (typeof cannedScopes)[number];

/** The placeholders a text may hold; `render` fills them from the conversation it is used in. */
export const cannedPlaceholders = [
  'visitor.name',
  'visitor.email',
  'agent.name',
  'department.name',
  'conversation.id',
] as const;

export const cannedResponseViewSchema = z.object({
  id: z.string(),
  scope: z.enum(cannedScopes),
  /** Set for a department response, null otherwise. */
  departmentId: z.string().nullable(),
  /** Set for a personal response, null otherwise. */
  ownerId: z.string().nullable(),
  shortcut: z.string(),
  text: z.string(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CannedResponseView = z.infer<typeof cannedResponseViewSchema>;

/** `GET /api/v1/canned-responses/:id/render?conversationId=`: the text with its placeholders filled. */
export const cannedRenderSchema = z.object({ id: z.string(), shortcut: z.string(), text: z.string() });
export type CannedRender = z.infer<typeof cannedRenderSchema>;

/** A shortcut is one word (what follows `!` up to the next space), unique within its scope's owner. */
export const cannedShortcut = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[^\s!]+$/, 'A shortcut has no spaces and no "!"');

/**
 * `POST /api/v1/canned-responses`, `PUT /api/v1/canned-responses/:id`. An agent may only write personal
 * ones of their own (the owner defaults to whoever saves it).
 */
export const cannedResponseBody = z.strictObject({
  scope: z.enum(cannedScopes).default('personal'),
  departmentId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  shortcut: cannedShortcut,
  text: z.string().trim().min(1).max(10_000),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
});
export type CannedResponseInput = z.input<typeof cannedResponseBody>;

/**
 * `GET /api/v1/canned-responses`: `search` matches shortcut, text and tags whatever the case; `usable=true`
 * keeps only what the caller may insert in a chat (always so for an agent).
 */
export const cannedListQuery = z.strictObject({
  ...listPageFields,
  scope: z.enum(cannedScopes).optional(),
  usable: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type CannedListQuery = z.input<typeof cannedListQuery>;
export type CannedListOptions = z.output<typeof cannedListQuery>;

export const cannedRenderQuery = z.strictObject({ conversationId: z.uuid() });
