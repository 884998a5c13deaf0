import { z } from 'zod';

/** A visitor as the widget and staff see them. */
export const visitorViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  departmentId: z.string().nullable(),
  customFields: z.record(z.string(), z.string()),
  consentAt: z.iso.datetime().nullable(),
});
export type VisitorView = z.infer<typeof visitorViewSchema>;

/** A page a visitor opened, as the widget reported it. */
export const pageViewSchema = z.object({
  url: z.string(),
  title: z.string(),
  at: z.iso.datetime(),
  /** The conversation open when the page was seen, if any. */
  conversationId: z.string().nullable(),
});
export type PageView = z.infer<typeof pageViewSchema>;

/** A visitor as staff see them (`GET /api/v1/visitors/:id`): the channel identity, its contact, their pages. */
export const visitorDetailsSchema = z.object({
  visitor: visitorViewSchema.extend({
    channel: z.string(),
    verified: z.boolean(),
    blocked: z.boolean(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    /** Present only when the server keeps them (`gdpr.collectHttpHeaders`). */
    ip: z.string().nullable().optional(),
    userAgent: z.string().nullable().optional(),
    referrer: z.string().nullable().optional(),
  }),
  contact: z.object({
    id: z.string(),
    name: z.string().nullable(),
    emails: z.array(z.string()),
    phones: z.array(z.string()),
    customFields: z.record(z.string(), z.string()),
    contactManagerId: z.string().nullable(),
    unknown: z.boolean(),
    lastChatAt: z.iso.datetime().nullable(),
  }),
  /** Newest first (at most 50). */
  pageViews: z.array(pageViewSchema),
});
export type VisitorDetails = z.infer<typeof visitorDetailsSchema>;

const visitorFields = {
  name: z.string().trim().max(120),
  email: z.string().trim().max(320),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+0-9 ()./-]*$/, 'digits, spaces and + ( ) . / - only'),
  customFields: z
    .record(z.string().max(64), z.string().max(1000))
    .refine((r) => Object.keys(r).length <= 50, 'too many fields'),
};

/** `GET /api/v1/widget/config`: `departmentId` asks whether that department (or its fallbacks) is online. */
export const widgetConfigQuery = z.strictObject({ departmentId: z.uuid().optional() });
export type WidgetConfigQuery = z.input<typeof widgetConfigQuery>;

/** `POST /api/v1/widget/visitors`: the pre-chat form (every field optional). */
export const visitorRegistrationBody = z.strictObject({
  name: visitorFields.name.optional(),
  email: visitorFields.email.optional(),
  phone: visitorFields.phone.optional(),
  departmentId: z.uuid().optional(),
  customFields: visitorFields.customFields.optional(),
  consent: z.boolean().optional(),
});
export type VisitorRegistration = z.input<typeof visitorRegistrationBody>;

/** `PATCH /api/v1/widget/visitor`: what is given changes. */
export const visitorPatchBody = z.strictObject({
  name: visitorFields.name.optional(),
  email: visitorFields.email.optional(),
  phone: visitorFields.phone.optional(),
  departmentId: z.uuid().optional(),
  customFields: visitorFields.customFields.optional(),
  consent: z.boolean().optional(),
});
export type VisitorPatch = z.input<typeof visitorPatchBody>;

/** `POST /api/v1/widget/page-views`: the visitor opened a page of the host site. */
export const pageViewBody = z.strictObject({
  url: z
    .string()
    .max(2000)
    .regex(/^https?:\/\//, 'must be an http(s) URL'),
  title: z.string().max(500).default(''),
});
export type PageViewReport = z.input<typeof pageViewBody>;

/**
 * What staff call a visitor: their name, else their email or phone, else "Visitor 12" — never the
 * internal username `guest-12` (issue 19 item 5).
 */
export function visitorDisplayName(v: {
  name: string | null;
  username: string;
  email?: string | null;
  phone?: string | null;
}): string {
  const named = v.name?.trim() || v.email?.trim() || v.phone?.trim();
  if (named) return named;
  const guest = /^guest-(\d+)$/.exec(v.username);
  return guest ? `Visitor ${guest[1]}` : v.username;
}
