import type { StaffRole, UserPatch, UserView } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../api/client';
import { useSession } from '../../lib/session';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { TextField } from '../../components/Field';
import { noRole, RolesFieldset } from './RolesFieldset';
import { usersApi } from './users.api';
import { t } from '../../i18n';

/** Runs one save at a time and keeps its error or success for the section to show. */
function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      setDone(await action());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run };
}

export function ProfileSection({ user, onSaved }: { user: UserView; onSaved: (u: UserView) => void }) {
  const session = useSession();
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email);
  const [username, setUsername] = useState(user.username);
  const [roles, setRoles] = useState<StaffRole[]>(user.roles);
  const submit = useSubmit();

  const patch: UserPatch = {};
  if (name.trim() !== user.name) patch.name = name.trim();
  if (email.trim() !== user.email) patch.email = email.trim();
  if (username.trim() !== user.username) patch.username = username.trim();
  if ([...roles].sort().join() !== [...user.roles].sort().join()) patch.roles = roles;
  const dirty = Object.keys(patch).length > 0;

  const save = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      if (roles.length === 0) throw noRole();
      const u = await usersApi.update(user.id, patch);
      onSaved(u);
      if (u.id === session.user.id) session.setUser(u);
      return t('The changes were saved.');
    });
  };

  const fields = fieldErrors(submit.error);
  const general = submit.error !== undefined && !['name', 'email', 'username', 'roles'].some((k) => fields[k]);
  return (
    <form className="card form-card" onSubmit={save} noValidate aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t('Profile and roles')}</h2>
      <TextField id="edit-name" label={t('Name')} value={name} onChange={setName} error={fields.name} />
      <TextField
        id="edit-email"
        label={t('Email')}
        type="email"
        autoComplete="off"
        value={email}
        onChange={setEmail}
        error={fields.email}
      />
      <TextField
        id="edit-username"
        label={t('Username')}
        autoComplete="off"
        value={username}
        onChange={setUsername}
        error={fields.username}
      />
      <RolesFieldset idPrefix="edit" value={roles} onChange={setRoles} error={fields.roles} />
      {general && (
        <Alert tone="error" title={t('Nothing was saved.')}>
          {errorMessage(submit.error)}
        </Alert>
      )}
      {submit.done && !dirty && <Alert tone="success" title={submit.done} />}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!dirty || submit.busy}>
          {submit.busy ? t('Saving…') : t('Save changes')}
        </button>
      </div>
    </form>
  );
}

export function StatusSection({ user, onSaved }: { user: UserView; onSaved: (u: UserView) => void }) {
  const session = useSession();
  const submit = useSubmit();
  const self = user.id === session.user.id;
  const toggle = () =>
    void submit.run(async () => {
      const u = await usersApi.update(user.id, { active: !user.active });
      onSaved(u);
      return u.active ? t('{name} was reactivated.', { name: u.name }) : t('{name} was deactivated.', { name: u.name });
    });
  return (
    <section className="card form-card" aria-labelledby="status-heading">
      <h2 id="status-heading">{t('Status')}</h2>
      <p className="status-line">
        {user.active ? <Badge tone="success">{t('Active')}</Badge> : <Badge tone="danger">{t('Deactivated')}</Badge>}
        <span>
          {user.active
            ? t('This user can sign in and use the API.')
            : t('This user cannot sign in; their access tokens stop working.')}
        </span>
      </p>
      {submit.error !== undefined && (
        <Alert tone="error" title={t('The status was not changed.')}>
          {errorMessage(submit.error)}
        </Alert>
      )}
      {submit.done && <Alert tone="success" title={submit.done} />}
      <div className="form-actions">
        {user.active ? (
          <button
            type="button"
            className="btn btn-danger"
            onClick={toggle}
            disabled={self || submit.busy}
            aria-describedby={self ? 'status-self' : undefined}
          >
            {t('Deactivate user')}
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={toggle} disabled={submit.busy}>
            {t('Reactivate user')}
          </button>
        )}
        {self && (
          <span className="field-hint" id="status-self">
            {t('You cannot deactivate your own account.')}
          </span>
        )}
      </div>
    </section>
  );
}

export function PasswordSection({ user }: { user: UserView }) {
  const [password, setPassword] = useState('');
  const submit = useSubmit();
  const save = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      await usersApi.update(user.id, { password });
      setPassword('');
      return t('The password was changed.');
    });
  };
  const fields = fieldErrors(submit.error);
  return (
    <form className="card form-card" onSubmit={save} noValidate aria-labelledby="password-heading">
      <h2 id="password-heading">{t('Reset password')}</h2>
      <TextField
        id="edit-password"
        label={t('New password')}
        type="password"
        autoComplete="new-password"
        hint={t('At least 10 characters. Give it to the user through a safe channel.')}
        value={password}
        onChange={setPassword}
        error={fields.password}
      />
      {submit.error !== undefined && !fields.password && (
        <Alert tone="error" title={t('The password was not changed.')}>
          {errorMessage(submit.error)}
        </Alert>
      )}
      {submit.done && <Alert tone="success" title={submit.done} />}
      <div className="form-actions">
        <button type="submit" className="btn btn-secondary" disabled={!password || submit.busy}>
          {t('Set new password')}
        </button>
      </div>
    </form>
  );
}
