import type { JobRunner } from '../../kernel/jobs.js';
import type { Mailer } from '../../kernel/mailer.js';
import type { AuditService } from '../audit/index.js';
import type { SettingsService } from '../settings/index.js';
import { emailRoutes } from './email.routes.js';
import { EmailService } from './email.service.js';

export { smtpTarget } from './smtp-target.js';
export type { EmailService } from './email.service.js';

/**
 * Outgoing email in the console (issue 19 item 2): the SMTP server set there (the environment wins), its
 * status, a test mail, and the mails that fail (retried with backoff by their jobs, listed and retried
 * here). The sending itself is the kernel's Mailer, which every module that mails is given.
 */
export function createEmailModule(d: {
  mailer: Mailer;
  jobs: JobRunner;
  audit: AuditService;
  settings: SettingsService;
}) {
  const email = new EmailService(d.mailer, d.jobs, d.audit, d.settings);
  return { email, routes: emailRoutes(email) };
}
