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
