import type { InvitationResult } from '@parley/shared';
import { Alert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import { t } from '../../i18n';

/**
 * What became of an invitation: mailed, or — when email is not working — the link itself, shown this
 * once (the server keeps only its hash) for the admin to pass on.
 */
export function InvitationOutcome({ result }: { result: InvitationResult }) {
  const until = formatDateTime(result.expiresAt);
  if (result.emailed) {
    return (
      <Alert tone="success" title={t('Invitation sent to {email}.', { email: result.user.email })}>
        {t('The link in the email works once, until {until}.', { until })}
      </Alert>
    );
  }
  return (
    <Alert tone="warning" title={t('The invitation for {email} was not emailed.', { email: result.user.email })}>
      <p>{result.emailError}</p>
      <p>
        {t('Pass this link on to {name} yourself. It is shown only now, works once, until {until}:', {
          name: result.user.name,
          until,
        })}
      </p>
      <input
        className="input invitation-link"
        readOnly
        aria-label={t('Invitation link')}
        value={result.link ?? ''}
        onFocus={(e) => e.currentTarget.select()}
      />
    </Alert>
  );
}
