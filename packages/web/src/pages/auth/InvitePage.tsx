import type { InvitationAccept, InvitationLookup, UserView } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { api, errorMessage, fieldErrors } from '../../api/client';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { useAsync } from '../../components/useAsync';
import { Link, useQuery } from '../../lib/router';
import { AuthLayout } from './AuthLayout';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';

/** An invitation link (`/invite?token=…`): shows who is invited, asks for a password, signs them in. */
export function InvitePage({ onSignedIn }: { onSignedIn: (user: UserView) => void }) {
  const token = useQuery().get('token') ?? '';
  const invitation = useAsync(
    () =>
      token
        ? api.get<InvitationLookup>('/api/v1/invitations/lookup', { token })
        : Promise.reject(new Error(t('This invitation link is incomplete: open the full link from the email.'))),
    [token],
  );
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  if (invitation.loading) return <Loading />;
  if (!invitation.data) {
    return (
      <AuthLayout title={t('Join Parley')}>
        <Alert tone="error" title={t('This invitation link cannot be used.')}>
          {errorMessage(invitation.error)}
        </Alert>
        <p>{tx('{signIn} if you already chose a password.', { signIn: <Link to="/sign-in">{t('Sign in')}</Link> })}</p>
      </AuthLayout>
    );
  }
  const invited = invitation.data;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    try {
      const r = await api.post<{ user: UserView }>('/api/v1/invitations/accept', {
        token,
        password,
      } satisfies InvitationAccept);
      onSignedIn(r.user);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const fields = fieldErrors(error);
  return (
    <AuthLayout
      title={t('Welcome, {name}', { name: invited.name })}
      intro={
        <p>
          {tx('You are invited to Parley as {email}. Choose your password to sign in.', {
            email: <strong>{invited.email}</strong>,
          })}
        </p>
      }
    >
      <form onSubmit={submit} noValidate aria-label={t('Choose your password')}>
        <TextField
          id="invite-password"
          label={t('Password')}
          type="password"
          autoComplete="new-password"
          required
          hint={t('At least 10 characters.')}
          value={password}
          onChange={setPassword}
          error={fields.password}
        />
        <TextField
          id="invite-confirm"
          label={t('Repeat the password')}
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={setConfirm}
          error={mismatch ? t('The passwords are not the same.') : undefined}
        />
        {error !== undefined && !fields.password && (
          <Alert tone="error" title={t('Your password was not set.')}>
            {errorMessage(error)}
          </Alert>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('Signing in…') : t('Set password and sign in')}
        </button>
      </form>
    </AuthLayout>
  );
}
