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

export const contactPageSchema = z.object({ items: z.array(contactSummarySchema), total: z.number().int() });
export type ContactPage = z.infer<typeof contactPageSchema>;

/** `GET /api/v1/contacts/:id`: Details and Channels (History is its own call). */
export const contactDetailsSchema = contactSummarySchema.extend({
  customFields: z.record(z.string(), z.string()),
  firstContactAt: z.iso.datetime(),
  lastContactAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
  channelList: z.array(contactChannelSchema),
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
