import type { EmailStatus, EmailTroubledJob } from '@parley/shared';
import { fail } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/http.js';
import type { JobRunner } from '../../kernel/jobs.js';
import { MAIL_JOBS, type Mailer } from '../../kernel/mailer.js';
import type { AuditService } from '../audit/index.js';
import type { SettingsService } from '../settings/index.js';

/**
 * Outgoing email as an admin sees it (issue 19 item 2): where it goes, what happened to the last mail,
 * the mails that are failing (retried with backoff, or given up) with a way to try one again now, and a
 * test mail whose failure is shown as the mail server said it.
 */
export class EmailService {
  constructor(
    private readonly mailer: Mailer,
    private readonly jobs: JobRunner,
    private readonly audit: AuditService,
    settings: SettingsService,
  ) {
    settings.declareEnforced(
      'email.smtp.host',
      'email.smtp.port',
      'email.smtp.security',
      'email.smtp.user',
      'email.smtp.password',
      'email.from',
    );
  }

  async status(): Promise<EmailStatus> {
    const target = this.mailer.describe();
    const { success, failure } = this.mailer.lastOutcomes;
    const outcome = (o: typeof success) =>
      o ? { at: o.at.toISOString(), to: o.to, subject: o.subject, error: o.error } : null;
    return {
      configured: target !== undefined,
      source: target?.source ?? null,
      host: target?.host ?? null,
      port: target?.port ?? null,
      from: this.mailer.sender,
      lastSuccess: outcome(success),
      lastFailure: outcome(failure),
      troubled: (await this.jobs.troubled(MAIL_JOBS)).map(presentJob),
    };
  }

  /** Sends a test mail now (not through a job: the admin waits for the server's answer). */
  async sendTest(actor: Actor, to: string, ip: string | undefined): Promise<{ sent: true }> {
    if (!this.mailer.configured) fail('email.not-configured');
    try {
      await this.mailer.send({
        to,
        subject: 'Parley test email',
        text: 'This is a test email from Parley. Outgoing email works: transcripts, offline messages and verification codes will be delivered.',
      });
    } catch (err) {
      fail('email.send-failed', `The mail server did not accept the test email: ${errorText(err)}`);
    }
    await this.audit.record(actor, { action: 'email.test-sent', targetType: 'email', changes: { to } }, ip);
    return { sent: true };
  }

  async retry(id: number): Promise<{ retried: true }> {
    if (!(await this.jobs.retryNow(id, MAIL_JOBS))) fail('email.job-not-found');
    return { retried: true };
  }
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

/** A failing mail job, with the recipient and subject its payload names (never the body). */
function presentJob(j: Awaited<ReturnType<JobRunner['troubled']>>[number]): EmailTroubledJob {
  const p = (j.payload ?? {}) as Record<string, unknown>;
  const to = typeof p.to === 'string' ? p.to : typeof p.email === 'string' ? p.email : null;
  return {
    id: j.id,
    kind: j.kind,
    to,
    subject: typeof p.subject === 'string' ? p.subject : null,
    status: j.status === 'failed' ? 'given-up' : 'retrying',
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    lastError: j.lastError,
    nextAttemptAt: j.nextAttemptAt?.toISOString() ?? null,
    createdAt: j.createdAt.toISOString(),
  };
}
