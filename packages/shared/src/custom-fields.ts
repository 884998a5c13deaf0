import { z } from 'zod';
import { listPageFields } from './paging.js';

const definition = {
  label: z.string().trim().min(1).max(100),
  scope: z.enum(['visitor', 'conversation']),
  type: z.enum(['text', 'select']),
  options: z.array(z.string().trim().min(1).max(200)).max(100),
  regex: z.string().max(500).nullable(),
  required: z.boolean(),
  visible: z.boolean(),
  searchable: z.boolean(),
  position: z.number().int().min(0).max(10000),
};

/** `GET /api/v1/custom-fields`: by position; without a limit, all (the widget's form and the side panel need every field). */
export const customFieldListQuery = z.strictObject({
  scope: z.enum(['visitor', 'conversation']).optional(),
  ...listPageFields,
});
export type CustomFieldListQuery = z.input<typeof customFieldListQuery>;

/** `POST /api/v1/custom-fields`: the id is the key values are stored under, and never changes. */
export const newCustomFieldBody = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/, 'letters, digits, dash and underscore, starting with a letter'),
  label: definition.label,
  scope: definition.scope,
  type: definition.type.default('text'),
  options: definition.options.default([]),
  regex: definition.regex.default(null),
  required: definition.required.default(false),
  visible: definition.visible.default(true),
  searchable: definition.searchable.default(false),
  position: definition.position.optional(),
});
export type NewCustomField = z.input<typeof newCustomFieldBody>;

/** `PATCH /api/v1/custom-fields/:id`. */
export const customFieldPatchBody = z.strictObject({
  label: definition.label.optional(),
  scope: definition.scope.optional(),
  type: definition.type.optional(),
  options: definition.options.optional(),
  regex: definition.regex.optional(),
  required: definition.required.optional(),
  visible: definition.visible.optional(),
  searchable: definition.searchable.optional(),
  position: definition.position.optional(),
});
export type CustomFieldPatch = z.input<typeof customFieldPatchBody>;
