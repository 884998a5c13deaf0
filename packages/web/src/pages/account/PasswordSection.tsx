import type { PasswordChange } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { api, errorMessage, fieldErrors } from '../../api/client';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { t } from '../../i18n';

/** Change my own password (my other sessions end; this one stays). */
export function PasswordSection() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(false);
    try {
      await api.post('/api/v1/auth/password', { currentPassword: current, newPassword: next } satisfies PasswordChange);
      setCurrent('');
      setNext('');
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  // The strength check names the field `newPassword`; servers before it said `password`.
  const f = fieldErrors(error);
  return (
    <form className="card form-card" onSubmit={submit} noValidate aria-labelledby="my-password-heading">
      <h2 id="my-password-heading">{t('Password')}</h2>
      <TextField
        id="my-current-password"
        label={t('Current password')}
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
        error={f.currentPassword}
      />
      <TextField
        id="my-new-password"
        label={t('New password')}
        type="password"
        autoComplete="new-password"
        hint={t('At least 10 characters. Your other sessions are signed out.')}
        value={next}
        onChange={setNext}
        error={f.newPassword ?? f.password}
      />
      {error !== undefined && !f.currentPassword && !f.newPassword && !f.password && (
        <Alert tone="error" title={t('The password was not changed.')}>
          {errorMessage(error)}
        </Alert>
      )}
      {done && <Alert tone="success" title={t('Your password was changed.')} />}
      <div className="form-actions">
        <button type="submit" className="btn btn-secondary" disabled={busy || !current || !next}>
          {t('Change password')}
        </button>
      </div>
    </form>
  );
}
