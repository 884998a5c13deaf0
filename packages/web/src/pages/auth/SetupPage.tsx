import type { SetupRequest, UserView } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, fieldErrors } from '../../api/client';
import { useQuery, Link } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { useAsync } from '../../components/useAsync';
import { AuthLayout } from './AuthLayout';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';

/** The first run: the one-time link printed by the server creates the administrator and signs in. */
export function SetupPage({ onSignedIn }: { onSignedIn: (user: UserView) => void }) {
  const token = useQuery().get('token') ?? '';
  const status = useAsync(() => api.get<{ needed: boolean }>('/api/v1/setup'), []);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [mismatch, setMismatch] = useState(false);

  if (status.loading) return <Loading />;
  if (status.data && !status.data.needed) {
    return (
      <AuthLayout title={t('Parley is set up')}>
        <p>{t('The administrator account already exists.')}</p>
        <p>
          <Link to="/sign-in">{t('Sign in')}</Link>
        </p>
      </AuthLayout>
    );
  }
  if (!token) {
    return (
      <AuthLayout title={t('Set up Parley')}>
        <Alert tone="error" title={t('This setup link is incomplete.')}>
          {tx('Open the full link that the server printed when it started (it ends with {token}).', {
            token: <code>?token=…</code>,
          })}
        </Alert>
      </AuthLayout>
    );
  }

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
      const r = await api.post<{ user: UserView }>('/api/v1/setup', {
        token,
        name: name.trim(),
        email: email.trim(),
        password,
      } satisfies SetupRequest);
      onSignedIn(r.user);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const fields = fieldErrors(error);
  const tokenProblem = error instanceof ApiError && (fields.token || error.code === 'auth.setup-done');
  const general = error !== undefined && !fields.name && !fields.email && !fields.password;
  return (
    <AuthLayout
      title={t('Welcome to Parley')}
      intro={<p>{t('Create the administrator account. You will be signed in right away.')}</p>}
    >
      <form onSubmit={submit} noValidate aria-label={t('Create the administrator')}>
        <TextField
          id="setup-name"
          label={t('Your name')}
          autoComplete="name"
          required
          value={name}
          onChange={setName}
          error={fields.name}
        />
        <TextField
          id="setup-email"
          label={t('Email')}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={setEmail}
          error={fields.email}
        />
        <TextField
          id="setup-password"
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
          id="setup-confirm"
          label={t('Repeat the password')}
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={setConfirm}
          error={mismatch ? t('The passwords are not the same.') : undefined}
        />
        {general && (
          <Alert tone="error" title={tokenProblem ? t('This setup link cannot be used.') : t('Setup failed.')}>
            {errorMessage(error)}
            {tokenProblem && (
              <>
                {' '}
                <Link to="/sign-in">{t('Sign in instead')}</Link>
              </>
            )}
          </Alert>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('Creating…') : t('Create administrator')}
        </button>
      </form>
    </AuthLayout>
  );
}
