import { z } from 'zod';
import { conversationViewSchema } from './omnichannel.js';

/**
 * The Contact Center (issue 16): contacts, their channels and their history. A contact is *unknown*
 * until staff add or edit it (it is not in the contact list); a channel is *unverified* until it passes
 * verification. Phones are stored in E.164 (`+4915123456789`) when staff enter them.
 */

const boolText = z.enum(['true', 'false']);

/** `GET /api/v1/contacts`: a page of contacts (`total` counts every match). */
export const contactListQuery = z.strictObject({
  /** Name prefix, username, email, phone (any format) or the value of a searchable custom field. */
  q: z.string().trim().max(200).optional(),
  status: z.enum(['known', 'unknown']).optional(),
  verified: boolText.optional(),
  blocked: boolText.optional(),
  /** A staff user's id, `mine` (the caller) or `none`. */
  manager: z.union([z.literal('mine'), z.literal('none'), z.uuid()]).optional(),
  channel: z
    .string()
    .max(40)
    .regex(/^[a-z0-9_-]+$/)
    .optional(),
  sort: z.enum(['name', 'lastChat', 'created']).default('lastChat'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number<number>().int().min(1).max(100).default(25),
  offset: z.coerce.number<number>().int().min(0).max(1_000_000).default(0),
});
export type ContactListQuery = z.input<typeof contactListQuery>;

export const contactManagerSchema = z.object({ id: z.string(), name: z.string() });

/** One way the person reached us (a channel identity). */
export const contactChannelSchema = z.object({
  id: z.string(),
  channel: z.string(),
  username: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  verified: z.boolean(),
  blocked: z.boolean(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
});
export type ContactChannel = z.infer<typeof contactChannelSchema>;

export const contactSummarySchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  contactManager: contactManagerSchema.nullable(),
  unknown: z.boolean(),
  /** Some channel of the contact passed verification. */
  verified: z.boolean(),
  /** Some channel of the contact is blocked. */
  blocked: z.boolean(),
  channels: z.array(z.string()),
  lastChatAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type ContactSummary = z.infer<typeof contactSummarySchema>;

export const contactPageSchema = z.object({
  items: z.array(contactSummarySchema),
  total: z.number().int(),
  /** A search matching more than 10,000 contacts: `total` is 10,000, counted no further. */
  totalCapped: z.boolean().optional(),
});
export type ContactPage = z.infer<typeof contactPageSchema>;

/** A value the contact's sources disagree on, kept to be resolved (a merge without a choice for it). */
export const contactConflictSchema = z.object({
  /** `name`, `contactManagerId` or `customFields.<id>`. */
  field: z.string(),
  value: z.string(),
});
export type ContactConflict = z.infer<typeof contactConflictSchema>;

/** `GET /api/v1/contacts/:id`: Details and Channels (History is its own call). */
export const contactDetailsSchema = contactSummarySchema.extend({
  customFields: z.record(z.string(), z.string()),
  firstContactAt: z.iso.datetime(),
  lastContactAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
  channelList: z.array(contactChannelSchema),
  /** Values kept from a merge to be resolved (the contact's current value is the other side). */
  conflicts: z.array(contactConflictSchema),
  /** When the contact's personal data was erased (GDPR), else null. */
  erasedAt: z.iso.datetime().nullable(),
});
export type ContactDetails = z.infer<typeof contactDetailsSchema>;

/** `GET /api/v1/contacts/:id/history`: the contact's conversations the caller may read, newest first. */
export const contactHistorySchema = z.object({ items: z.array(conversationViewSchema) });
export const contactHistoryQuery = z.strictObject({
  limit: z.coerce.number<number>().int().min(1).max(100).default(50),
});

const contactName = z.string().trim().min(1).max(200);
const emails = z.array(z.email().max(320)).max(20);
/** Any format; the server parses it (international form, `+` and country code) and stores E.164. */
const phones = z.array(z.string().trim().min(1).max(40)).max(20);
const customFields = z.record(z.string().max(100), z.string().max(5000));

/** `POST /api/v1/contacts` (New Contact, or Add contact from a chat through the update). */
export const newContactBody = z.strictObject({
  name: contactName,
  emails: emails.default([]),
  phones: phones.default([]),
  customFields: customFields.optional(),
  contactManagerId: z.uuid().nullable().optional(),
});
export type NewContact = z.input<typeof newContactBody>;

/** `PATCH /api/v1/contacts/:id` (the pencil): what is sent is replaced; the contact becomes known. */
export const contactPatchBody = z.strictObject({
  name: contactName.optional(),
  emails: emails.optional(),
  phones: phones.optional(),
  customFields: customFields.optional(),
  contactManagerId: z.uuid().nullable().optional(),
});
export type ContactPatch = z.input<typeof contactPatchBody>;

export const contactChannelParams = z.strictObject({ id: z.uuid(), channelId: z.uuid() });

/** `GET /api/v1/contacts/:id/merge-preview?otherId=`: what merging `otherId` into `:id` would do. */
export const contactMergePreviewQuery = z.strictObject({ otherId: z.uuid() });
export const contactMergeConflictSchema = z.object({
  field: z.string(),
  label: z.string(),
  /** The value each contact has (a manager's id for `contactManagerId`), and how to show it. */
  survivorValue: z.string(),
  otherValue: z.string(),
  survivorText: z.string(),
  otherText: z.string(),
});
export type ContactMergeConflict = z.infer<typeof contactMergeConflictSchema>;

/** A merge's choices: for each conflicting field, whose value wins; a field left out stays a conflict. */
const mergeChoices = z.record(z.string().max(120), z.enum(['survivor', 'other']));
export const contactMergePreviewSchema = z.object({
  survivor: contactDetailsSchema,
  other: contactDetailsSchema,
  conflicts: z.array(contactMergeConflictSchema),
  /** What the survivor will have: the union of both contacts' emails and phones. */
  emails: z.array(z.string()),
  phones: z.array(z.string()),
});
export type ContactMergePreview = z.infer<typeof contactMergePreviewSchema>;

/** `POST /api/v1/contacts/:id/merge`: `otherId` is merged into `:id` (the survivor). */
export const contactMergeBody = z.strictObject({ otherId: z.uuid(), choices: mergeChoices.default({}) });
export type ContactMergeBody = z.input<typeof contactMergeBody>;

/** `POST /api/v1/contacts/:id/conflicts/resolve`: `value` (the current one or a conflicting one) wins. */
export const contactResolveConflictBody = z.strictObject({
  field: z.string().min(1).max(120),
  value: z.string().max(5000),
});

/** `POST /api/v1/contacts/:id/erase`: the caller typed ERASE to confirm. */
export const contactEraseBody = z.strictObject({ confirm: z.literal('ERASE') });
export const contactEraseResultSchema = z.object({
  id: z.string(),
  erasedAt: z.iso.datetime(),
  conversations: z.number().int(),
  files: z.number().int(),
});
