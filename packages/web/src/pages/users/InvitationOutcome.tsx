import type { InvitationResult } from '@parley/shared';
import { Alert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';

/**
 * What became of an invitation: mailed, or — when email is not working — the link itself, shown this
 * once (the server keeps only its hash) for the admin to pass on.
 */
export function InvitationOutcome({ result }: { result: InvitationResult }) {
  const until = formatDateTime(result.expiresAt);
  if (result.emailed) {
    return (
      <Alert tone="success" title={`Invitation sent to ${result.user.email}.`}>
        The link in the email works once, until {until}.
      </Alert>
    );
  }
  return (
    <Alert tone="warning" title={`The invitation for ${result.user.email} was not emailed.`}>
      <p>{result.emailError}</p>
      <p>
        Pass this link on to {result.user.name} yourself. It is shown only now, works once, until {until}:
      </p>
      <input
        className="input invitation-link"
        readOnly
        aria-label="Invitation link"
        value={result.link ?? ''}
        onFocus={(e) => e.currentTarget.select()}
      />
    </Alert>
  );
}
