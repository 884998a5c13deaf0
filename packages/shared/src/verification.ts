import { z } from 'zod';

/**
 * Identity verification (issue 16 item 7): a signed user id from the host site (headers
 * X-Parley-User-Id and X-Parley-User-Hash on every widget call) or a 6-digit code emailed to the visitor.
 */
export const verificationCodeBody = z.strictObject({
  /** Where to send the code; the visitor's own email when absent. */
  email: z.string().trim().max(254).optional(),
});
export type VerificationCodeBody = z.input<typeof verificationCodeBody>;

export const verificationCheckBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[0-9]{6}$/, 'six digits'),
});
export type VerificationCheckBody = z.input<typeof verificationCheckBody>;

/** `GET /api/v1/widget/verification` (and the staff view of a visitor's verification). */
export const verificationStatusSchema = z.object({
  verified: z.boolean(),
  /** `signed` (the host site's signed user id) or `email` (an emailed code). */
  via: z.enum(['signed', 'email']).nullable(),
  verifiedAt: z.iso.datetime().nullable(),
  /** The verified email (for `email`). */
  email: z.string().nullable(),
  /** Whether a chat may start now (enforce mode and `livechat.verification.emailRequired`). */
  required: z.boolean(),
});
export type VerificationStatus = z.infer<typeof verificationStatusSchema>;

export const verificationSentSchema = z.object({ email: z.string(), expiresAt: z.iso.datetime() });
