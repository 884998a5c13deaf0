import { z } from 'zod';
import { listPageFields } from './paging.js';

/** A department's editable fields; creating one defaults all but the name, a patch changes what it gives. */
const fields = {
  name: z.string().trim().min(1).max(100),
  description: z.string().max(1000),
  enabled: z.boolean(),
  showOnRegistration: z.boolean(),
  showOnOfflineForm: z.boolean(),
  email: z.union([z.literal(''), z.email().max(320)]),
  fallbackDepartmentId: z.uuid().nullable(),
  allowedForwardIds: z.array(z.uuid()).max(200),
  requestTagBeforeClosing: z.boolean(),
  closingTags: z.array(z.string().trim().min(1).max(60)).max(100),
  waitingQueueMessage: z.string().max(2000),
  maxChatsPerAgent: z.number().int().min(0).max(10000).nullable(),
  businessHoursId: z.uuid().nullable(),
};

/** `GET /api/v1/departments`: by name, archived ones on request. */
export const departmentListQuery = z.strictObject({
  includeArchived: z.enum(['true', 'false']).optional(),
  ...listPageFields,
});
export type DepartmentListQuery = z.input<typeof departmentListQuery>;

/** `POST /api/v1/departments`. */
export const newDepartmentBody = z.strictObject({
  name: fields.name,
  description: fields.description.default(''),
  enabled: fields.enabled.default(true),
  showOnRegistration: fields.showOnRegistration.default(true),
  showOnOfflineForm: fields.showOnOfflineForm.default(true),
  email: fields.email.default(''),
  fallbackDepartmentId: fields.fallbackDepartmentId.default(null),
  allowedForwardIds: fields.allowedForwardIds.default([]),
  requestTagBeforeClosing: fields.requestTagBeforeClosing.default(false),
  closingTags: fields.closingTags.default([]),
  waitingQueueMessage: fields.waitingQueueMessage.default(''),
  maxChatsPerAgent: fields.maxChatsPerAgent.default(null),
  businessHoursId: fields.businessHoursId.default(null),
});
export type NewDepartment = z.input<typeof newDepartmentBody>;
/** Every editable field of a department, as a form holds them (what a creation stores after its defaults). */
export type DepartmentFields = z.output<typeof newDepartmentBody>;

/** `PATCH /api/v1/departments/:id`. */
export const departmentPatchBody = z.strictObject(
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
  },
);
export type DepartmentPatch = z.input<typeof departmentPatchBody>;

/** `POST /api/v1/departments/:id/archive`: archive, or with `{archived: false}` restore. */
export const departmentArchiveBody = z
  .strictObject({ archived: z.boolean().default(true) })
  .default({ archived: true });
export type DepartmentArchive = z.input<typeof departmentArchiveBody>;

/** `PUT /api/v1/departments/:id/agents`: the agents' user ids, in order (ties in routing go to the first). */
export const departmentAgentsBody = z.strictObject({ agents: z.array(z.uuid()).max(1000) });
export type DepartmentAgents = z.input<typeof departmentAgentsBody>;
