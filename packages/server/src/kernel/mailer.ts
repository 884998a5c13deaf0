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

/** Outgoing email over real SMTP (SMTP_URL). Without it, sending fails with a clear reason. */
export class Mailer {
  private readonly transport: Transporter | undefined;

  constructor(
    smtpUrl: string | undefined,
    private readonly from: string,
    private readonly log: Logger,
  ) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined;
  }

  /** The sender address (`Name <addr>` or `addr`), which Message-IDs take their domain from. */
  get sender(): string {
    return this.from;
  }

  get configured(): boolean {
    return this.transport !== undefined;
  }

  async send(mail: Mail): Promise<void> {
    if (!this.transport) throw new Error('email is not configured (set SMTP_URL)');
    await this.transport.sendMail({ from: this.from, ...mail });
    this.log.info({ to: mail.to, subject: mail.subject }, 'email sent');
  }

  close(): void {
    this.transport?.close();
  }
}
