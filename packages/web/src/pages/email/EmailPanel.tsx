import type { EmailStatus, SettingView } from '@parley/shared';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { emailApi } from '../../api/email';
import { Alert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import { allowed, useSession } from '../../lib/session';
import './email.css';
import { t } from '../../i18n';

/**
 * The end of the Email settings group (admins): where mail goes now and who decided it (the environment
 * wins over these settings), the last mail sent or refused, a test mail, and the mails that are failing —
 * retried with backoff by the server, or given up — each with "Retry now".
 */
export function EmailPanel({ settings, unsaved }: { settings: readonly SettingView[]; unsaved: readonly string[] }) {
  const { user } = useSession();
  const [status, setStatus] = useState<EmailStatus | undefined>();
  const [error, setError] = useState<unknown>();
  // The saved settings are what the server sends with: read the status again after each save.
  const saved = JSON.stringify(settings.filter((s) => s.key.startsWith('email.')).map((s) => [s.value, s.isSet]));
  const load = useCallback(() => {
    emailApi.status().then(setStatus, setError);
  }, []);
  useEffect(load, [load, saved]);
  if (!allowed(user, ['admin'])) return null;
  const edited = unsaved.some((k) => k.startsWith('email.'));
  return (
    <div className="group-action email-panel">
      <h3 className="subheading">{t('Email status')}</h3>
      {error !== undefined && (
        <Alert tone="error" title={t('The email status could not be loaded.')}>
          {errorMessage(error)}
        </Alert>
      )}
      {status && <StatusSummary status={status} />}
      {status && <SendTestEmail configured={status.configured} edited={edited} onDone={load} />}
      {status && status.troubled.length > 0 && <FailingMails status={status} onRetried={load} />}
    </div>
  );
}

function StatusSummary({ status }: { status: EmailStatus }) {
  if (!status.configured)
    return (
      <Alert tone="warning" title={t('Email is off.')}>
        {t(
          'No mail server is set, so Parley sends no email: the widget offers no transcript, and offline messages are kept only in the console (Offline messages, and the offline inbox when it is on). Enter the SMTP server above and save.',
        )}
      </Alert>
    );
  return (
    <dl className="email-status" aria-label={t('Email status')}>
      <dt>{t('Sends through')}</dt>
      <dd>
        {status.host}
        {status.port ? `:${status.port}` : ''}{' '}
        <span className="muted">
          {status.source === 'environment'
            ? t('(from SMTP_URL in the server’s environment, which wins over these settings)')
            : t('(these settings)')}
        </span>
      </dd>
      {/* Sender, not From: the catalogs hold From as a date range's start (“Du”, “Desde”). */}
      <dt>{t('Sender')}</dt>
      <dd>{status.from}</dd>
      <dt>{t('Last sent')}</dt>
      <dd>
        {status.lastSuccess
          ? t('{at} to {to}', { at: formatDateTime(status.lastSuccess.at), to: status.lastSuccess.to })
          : '—'}
      </dd>
      <dt>{t('Last failure')}</dt>
      <dd>
        {status.lastFailure
          ? status.lastFailure.to
            ? t('{at} to {to}: {error}', {
                at: formatDateTime(status.lastFailure.at),
                to: status.lastFailure.to,
                error: status.lastFailure.error ?? '',
              })
            : `${formatDateTime(status.lastFailure.at)}: ${status.lastFailure.error ?? ''}`
          : '—'}
      </dd>
    </dl>
  );
}

function SendTestEmail(props: { configured: boolean; edited: boolean; onDone: () => void }) {
  const [to, setTo] = useState('');
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent'; to: string } | { kind: 'refused'; error: unknown }
  >({ kind: 'idle' });
  const send = async () => {
    setState({ kind: 'sending' });
    try {
      await emailApi.test(to.trim());
      setState({ kind: 'sent', to: to.trim() });
    } catch (error) {
      setState({ kind: 'refused', error });
    }
    props.onDone();
  };
  return (
    // Not a <form>: this sits inside the settings form, and a nested form would submit that one instead.
    <div className="email-test" role="group" aria-label={t('Send a test email')}>
      <label htmlFor="email-test-to">{t('Send a test email to')}</label>
      <div className="send-test-bar">
        <input
          id="email-test-to"
          type="email"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            if (props.configured && to.trim() && state.kind !== 'sending') void send();
          }}
          placeholder="you@example.com"
          autoComplete="email"
          disabled={!props.configured}
        />
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => void send()}
          disabled={!props.configured || !to.trim() || state.kind === 'sending'}
        >
          {state.kind === 'sending' ? t('Sending…') : t('Send test email')}
        </button>
      </div>
      {props.edited && <p className="field-hint">{t('You have unsaved changes: the test uses the saved settings.')}</p>}
      {state.kind === 'sent' && (
        <Alert tone="success" title={t('The mail server accepted the test email to {to}.', { to: state.to })}>
          {t('Check that inbox (and its spam folder).')}
        </Alert>
      )}
      {state.kind === 'refused' && (
        <Alert tone="error" title={t('The test email was not sent.')}>
          {errorMessage(state.error)}
        </Alert>
      )}
    </div>
  );
}

function FailingMails({ status, onRetried }: { status: EmailStatus; onRetried: () => void }) {
  const [error, setError] = useState<unknown>();
  const retry = async (id: number) => {
    setError(undefined);
    try {
      await emailApi.retry(id);
    } catch (e) {
      setError(e);
    }
    onRetried();
  };
  return (
    <>
      <h3 className="subheading">{t('Failing emails')}</h3>
      {error !== undefined && (
        <Alert tone="error" title={t('It could not be retried.')}>
          {errorMessage(error)}
        </Alert>
      )}
      <table className="table email-failures">
        <thead>
          <tr>
            <th scope="col">{t('Email')}</th>
            {/* Recipient, not To: the catalogs hold To as a date range's end (“Bis”). */}
            <th scope="col">{t('Recipient')}</th>
            <th scope="col">{t('State')}</th>
            <th scope="col">{t('Last error')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('Actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {status.troubled.map((j) => (
            <tr key={j.id}>
              <td>{mailKind(j.kind)}</td>
              <td>{j.to ?? '—'}</td>
              <td>
                {j.status === 'given-up'
                  ? t('{count, plural, one {Given up after # attempt} other {Given up after # attempts}}', {
                      count: j.attempts,
                    })
                  : j.nextAttemptAt
                    ? t('Attempt {attempt} of {max} failed; next {at}', {
                        attempt: j.attempts,
                        max: j.maxAttempts,
                        at: formatDateTime(j.nextAttemptAt),
                      })
                    : t('Attempt {attempt} of {max} failed; next soon', { attempt: j.attempts, max: j.maxAttempts })}
              </td>
              <td className="email-error">{j.lastError ?? ''}</td>
              <td>
                <button type="button" className="btn btn-small" onClick={() => void retry(j.id)}>
                  {t('Retry now')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function mailKind(kind: string): string {
  if (kind === 'transcript.email') return t('Transcript');
  if (kind === 'offline-message.email') return t('Offline message');
  if (kind === 'offline-message.reply') return t('Offline inbox reply');
  return kind;
}
