import type { SignInRequest, UserView } from '@parley/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, fieldErrors } from '../../api/client';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { AuthLayout } from './AuthLayout';
import { t } from '../../i18n';

/** What to tell the user for each way signing in can fail. */
function describe(err: unknown): { title: string; detail?: string } {
  if (!(err instanceof ApiError)) return { title: t('Signing in failed'), detail: errorMessage(err) };
  switch (err.code) {
    case 'auth.invalid-credentials':
      return { title: t('Email or password is wrong.') };
    case 'auth.locked-out':
      return {
        title: t('Too many failed sign-ins from here: this account is locked for this address.'),
        detail: err.message,
      };
    case 'rate.limited':
      return { title: t('Too many attempts.'), detail: err.message };
    case 'auth.account-inactive':
      return { title: t('This account is deactivated.'), detail: t('Ask an administrator to reactivate it.') };
    default:
      return { title: t('Signing in failed.'), detail: err.message };
  }
}

export function SignInPage({ onSignedIn }: { onSignedIn: (user: UserView) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [setupNeeded, setSetupNeeded] = useState(false);

  useEffect(() => {
    api.get<{ needed: boolean }>('/api/v1/setup').then(
      (r) => setSetupNeeded(r.needed),
      () => undefined,
    );
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.post<{ user: UserView }>('/api/v1/auth/sign-in', {
        email: email.trim(),
        password,
      } satisfies SignInRequest);
      onSignedIn(r.user);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const fields = fieldErrors(error);
  const problem = error !== undefined && !fields.email && !fields.password ? describe(error) : undefined;
  return (
    <AuthLayout title={t('Sign in')}>
      {setupNeeded && (
        <Alert tone="info" title={t('Parley has no administrator yet.')}>
          {t('Open the one-time setup link that the server printed when it started.')}
        </Alert>
      )}
      <form onSubmit={submit} noValidate aria-label={t('Sign in')}>
        <TextField
          id="sign-in-email"
          label={t('Email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={setEmail}
          error={fields.email}
        />
        <TextField
          id="sign-in-password"
          label={t('Password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
          error={fields.password}
        />
        {problem && (
          <Alert tone="error" title={problem.title}>
            {problem.detail}
          </Alert>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('Signing in…') : t('Sign in')}
        </button>
      </form>
    </AuthLayout>
  );
}
