import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from './logger.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  replyTo?: string;
  /** This mail's Message-ID (`<id@host>`); nodemailer makes one up when absent. */
  messageId?: string;
  /** Threading: the Message-ID this one answers, and the thread's earlier ones (oldest first). */
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
}

/** Where outgoing mail goes: an SMTP URL (the environment) or the parts an admin entered in the console. */
export type SmtpTarget =
  | { source: 'environment'; url: string; from: string }
  | {
      source: 'settings';
      host: string;
      port: number;
      security: 'starttls' | 'tls' | 'none';
      user: string;
      password: string;
      from: string;
    };

/** What happened to the last mail this process tried to send (the console's status). */
export interface MailOutcome {
  at: Date;
  to: string;
  subject: string;
  error: string | null;
}

/**
 * Delay before a mail job's next attempt: 30 s, 1 min, 2 min … capped at an hour, so a mail server that is
 * down for an afternoon is still reached, and one that is misconfigured is not hammered.
 */
export const mailRetryDelayMs = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);

/** The category mail jobs are registered with, so the console can list the ones that fail. */
export const MAIL_JOBS = 'email';

/**
 * Outgoing email over real SMTP. Its target is asked of `resolve` (the environment's SMTP_URL, else the
 * console's settings) and rebuilt after `reconfigure()`; without a target, sending fails with a clear
 * reason and `configured` is false, so nothing promises an email that cannot leave.
 */
export class Mailer {
  private transport: { target: SmtpTarget; transporter: Transporter } | undefined;
  private last: { success?: MailOutcome; failure?: MailOutcome } = {};

  constructor(
    private readonly resolve: () => SmtpTarget | undefined,
    private readonly log: Logger,
    private readonly defaultFrom = 'Parley <parley@localhost>',
  ) {}

  /** The sender address (`Name <addr>` or `addr`), which Message-IDs take their domain from. */
  get sender(): string {
    return this.resolve()?.from || this.defaultFrom;
  }

  get configured(): boolean {
    return this.resolve() !== undefined;
  }

  /** The target as the console may show it (no password). */
  describe(): { source: SmtpTarget['source']; host: string; port: number | null; from: string } | undefined {
    const t = this.resolve();
    if (!t) return undefined;
    if (t.source === 'settings') return { source: t.source, host: t.host, port: t.port, from: this.sender };
    const u = new URL(t.url);
    return { source: t.source, host: u.hostname, port: u.port ? Number(u.port) : null, from: this.sender };
  }

  get lastOutcomes(): { success?: MailOutcome; failure?: MailOutcome } {
    return this.last;
  }

  /** The settings changed: the next mail connects with the new ones. */
  reconfigure(): void {
    this.transport?.transporter.close();
    this.transport = undefined;
  }

  async send(mail: Mail): Promise<void> {
    const outcome = { at: new Date(), to: mail.to, subject: mail.subject };
    try {
      await this.transporter().sendMail({ from: this.sender, ...mail });
    } catch (err) {
      this.last.failure = { ...outcome, error: err instanceof Error ? err.message : String(err) };
      throw err;
    }
    this.last.success = { ...outcome, error: null };
    this.log.info({ to: mail.to, subject: mail.subject }, 'email sent');
  }

  close(): void {
    this.reconfigure();
  }

  private transporter(): Transporter {
    const target = this.resolve();
    if (!target) throw new Error('email is not configured (set the SMTP server in the console, or SMTP_URL)');
    if (this.transport && JSON.stringify(this.transport.target) === JSON.stringify(target)) {
      return this.transport.transporter;
    }
    this.transport?.transporter.close();
    const transporter =
      target.source === 'environment'
        ? nodemailer.createTransport(target.url)
        : nodemailer.createTransport({
            host: target.host,
            port: target.port,
            secure: target.security === 'tls',
            requireTLS: target.security === 'starttls',
            ignoreTLS: target.security === 'none',
            ...(target.user ? { auth: { user: target.user, pass: target.password } } : {}),
          });
    this.transport = { target, transporter };
    return transporter;
  }
}
