import type { StaffRole } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../api/client';
import { Link, navigate } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { setFlash } from '../../components/flash';
import { PageHeader } from '../../components/PageHeader';
import { noRole, RolesFieldset } from './RolesFieldset';
import { usersApi } from './users.api';
import { t } from '../../i18n';

const known = ['name', 'email', 'username', 'password', 'roles'];

export function UserCreatePage() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<StaffRole[]>(['agent']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (roles.length === 0) {
      setError(noRole());
      return;
    }
    setBusy(true);
    try {
      const user = await usersApi.create({
        name: name.trim(),
        email: email.trim(),
        roles,
        ...(username.trim() ? { username: username.trim() } : {}),
        ...(password ? { password } : {}),
      });
      setFlash(t('{name} was created.', { name: user.name }));
      navigate(`/admin/users/${user.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const fields = fieldErrors(error);
  const general = error !== undefined && !known.some((k) => fields[k]);
  const botOnly = roles.length > 0 && roles.every((r) => r === 'bot');
  return (
    <>
      <PageHeader title={t('New user')} description={<Link to="/admin/users">{t('Back to users')}</Link>} />
      <form className="card form-card" onSubmit={submit} noValidate aria-label={t('New user')}>
        <TextField id="user-name" label={t('Name')} required value={name} onChange={setName} error={fields.name} />
        <TextField
          id="user-email"
          label={t('Email')}
          type="email"
          required
          autoComplete="off"
          value={email}
          onChange={setEmail}
          error={fields.email}
        />
        <TextField
          id="user-username"
          label={t('Username (optional)')}
          hint={t('Letters, digits, dot, dash and underscore. Made from the email when left empty.')}
          autoComplete="off"
          value={username}
          onChange={setUsername}
          error={fields.username}
        />
        <RolesFieldset idPrefix="user" value={roles} onChange={setRoles} error={fields.roles} />
        <TextField
          id="user-password"
          label={botOnly ? t('Password (optional for bots)') : t('Password')}
          type="password"
          autoComplete="new-password"
          hint={t('At least 10 characters. Give it to the user; they sign in with their email and this password.')}
          value={password}
          onChange={setPassword}
          error={fields.password}
        />
        {general && (
          <Alert tone="error" title={t('The user was not created.')}>
            {errorMessage(error)}
          </Alert>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('Creating…') : t('Create user')}
          </button>
          <Link to="/admin/users" className="btn btn-secondary">
            {t('Cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
