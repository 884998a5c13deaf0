import { z } from 'zod';

/** A mail that failed at least once: retried with backoff, or given up after its last attempt. */
export const emailTroubledJobSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  to: z.string().nullable(),
  subject: z.string().nullable(),
  status: z.enum(['retrying', 'given-up']),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
});
export type EmailTroubledJob = z.infer<typeof emailTroubledJobSchema>;

const outcome = z
  .object({ at: z.string(), to: z.string(), subject: z.string(), error: z.string().nullable() })
  .nullable();

/** Outgoing email as the console shows it (GET /api/v1/email/status). */
export const emailStatusSchema = z.object({
  configured: z.boolean(),
  /** Who decides where mail goes: the environment (SMTP_URL wins) or the console's settings. */
  source: z.enum(['environment', 'settings']).nullable(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  from: z.string(),
  /** What happened to the last mail this server process tried (since it started). */
  lastSuccess: outcome,
  lastFailure: outcome,
  troubled: z.array(emailTroubledJobSchema),
});
export type EmailStatus = z.infer<typeof emailStatusSchema>;

export const emailTestBody = z.strictObject({
  to: z.email({ error: 'Enter the address to send the test email to' }).max(320),
});
