import { z } from 'zod';

/**
 * The email channel's settings (issue 22 item 2): the mailbox Parley reads by IMAP and the SMTP server
 * agent replies leave through, from the channel's address. Passwords are write-only: a create or update
 * body may carry them (omitted or empty on update: the stored one is kept); views say only whether one is
 * set. Everything else is the channel's non-secret `settings`.
 */

/** A host name or an IP address, without scheme, port or path. */
const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$/, 'must be a host name or an IP address');
const port = z.number().int().min(1).max(65535);
const user = z.string().trim().max(254);
const password = z.string().max(500);

export const emailSmtpSecurities = ['starttls', 'tls', 'none'] as const;

export const emailImapSettingsSchema = z.strictObject({
  host,
  port: port.default(993),
  /** true: TLS from the first byte (port 993); false: plain, upgraded with STARTTLS when the server offers it. */
  tls: z.boolean().default(true),
  user: user.min(1),
  password: password.optional(),
  /** What a view says (ignored in a save, so a view's settings can be sent back as they are). */
  passwordSet: z.boolean().optional(),
  /** The folder read (INBOX unless the provider files support mail elsewhere). */
  mailbox: z.string().trim().min(1).max(200).default('INBOX'),
});

export const emailSmtpSettingsSchema = z.strictObject({
  host,
  port: port.default(587),
  security: z.enum(emailSmtpSecurities).default('starttls'),
  user: user.default(''),
  password: password.optional(),
  passwordSet: z.boolean().optional(),
});

/** The email channel's `settings` in `POST /api/v1/channels` (type `email`) and its updates. */
export const emailChannelSettingsSchema = z.strictObject({
  /** The address people write to; replies leave from it (and carry a +tag of it as Reply-To). */
  address: z.email().max(254),
  /** The name replies are signed with in From (`Support <support@example.com>`); the channel's name when absent. */
  fromName: z.string().trim().max(100).optional(),
  imap: emailImapSettingsSchema,
  smtp: emailSmtpSettingsSchema,
  /** How often the mailbox is read when nothing wakes the reader earlier. */
  pollSeconds: z.number().int().min(5).max(3600).default(30),
  /** At most this many mails an hour from one sender open or add to conversations (a loop breaker). */
  maxPerSenderPerHour: z.number().int().min(1).max(10_000).default(30),
});
export type EmailChannelSettings = z.output<typeof emailChannelSettingsSchema>;
export type EmailChannelSettingsInput = z.input<typeof emailChannelSettingsSchema>;

/** The settings as a channel view carries them: no password, only whether one is stored. */
export const emailChannelSettingsViewSchema = z.object({
  address: z.string(),
  fromName: z.string().optional(),
  imap: z.object({
    host: z.string(),
    port: z.number(),
    tls: z.boolean(),
    user: z.string(),
    mailbox: z.string(),
    passwordSet: z.boolean(),
  }),
  smtp: z.object({
    host: z.string(),
    port: z.number(),
    security: z.enum(emailSmtpSecurities),
    user: z.string(),
    passwordSet: z.boolean(),
  }),
  pollSeconds: z.number(),
  maxPerSenderPerHour: z.number(),
});
export type EmailChannelSettingsView = z.infer<typeof emailChannelSettingsViewSchema>;

/** `GET /api/v1/conversations/:id/email`: the conversation's mails both ways, with the full texts kept. */
export const emailThreadViewSchema = z.object({
  items: z.array(
    z.object({
      /** The mail's own Message-ID. */
      mailId: z.string(),
      direction: z.enum(['in', 'out']),
      /** The conversation's message it became (in) or came from (out). */
      messageId: z.string().nullable(),
      /** The whole text as it came, quoted history and signature included (null: nothing was cut, or erased). */
      originalText: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
export type EmailThreadView = z.infer<typeof emailThreadViewSchema>;
