import type { SmtpTarget } from '../../kernel/mailer.js';
import type { SettingsService } from '../settings/index.js';

/**
 * Where mail goes: the environment's SMTP_URL (and SMTP_FROM) win, as for every setting an operator pins
 * in the deployment; otherwise the console's Email settings, once a server is entered. Read at each send
 * (settings are in memory), so a change in the console applies to the next mail in every process.
 */
export function smtpTarget(
  env: { SMTP_URL?: string; SMTP_FROM?: string },
  settings: SettingsService,
): () => SmtpTarget | undefined {
  return () => {
    const from = env.SMTP_FROM || settings.get('email.from');
    if (env.SMTP_URL) return { source: 'environment', url: env.SMTP_URL, from };
    const host = settings.get('email.smtp.host').trim();
    if (!host) return undefined;
    return {
      source: 'settings',
      host,
      port: settings.get('email.smtp.port'),
      security: settings.get('email.smtp.security'),
      user: settings.get('email.smtp.user'),
      password: settings.get('email.smtp.password'),
      from,
    };
  };
}
