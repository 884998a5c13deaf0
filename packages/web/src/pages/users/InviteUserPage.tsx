import type { DepartmentView, InvitationResult, StaffRole } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../api/client';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { api } from '../../api/client';
import { Link } from '../../lib/router';
import { InvitationOutcome } from './InvitationOutcome';
import { noRole, RolesFieldset } from './RolesFieldset';
import { usersApi } from './users.api';
import { t } from '../../i18n';

const known = ['name', 'email', 'roles', 'departmentIds'];

/** Invite a staff member by email: they choose their own password through a one-time link (72 hours). */
export function InviteUserPage() {
  const departments = useAsync(() => api.get<{ items: DepartmentView[] }>('/api/v1/departments', { limit: 200 }), []);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<StaffRole[]>(['agent']);
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<InvitationResult>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (roles.length === 0) {
      setError(noRole());
      return;
    }
    setBusy(true);
    try {
      setResult(
        await usersApi.invite({
          name: name.trim(),
          email: email.trim(),
          roles: roles.filter((r) => r !== 'bot') as Array<Exclude<StaffRole, 'bot'>>,
          ...(roles.includes('agent') && departmentIds.length > 0 ? { departmentIds } : {}),
        }),
      );
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  if (result) {
    return (
      <>
        <PageHeader title={t('Invite a user')} description={<Link to="/admin/users">{t('Back to users')}</Link>} />
        <InvitationOutcome result={result} />
        <p>
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => {
              setResult(undefined);
              setName('');
              setEmail('');
            }}
          >
            {t('Invite someone else')}
          </button>
        </p>
      </>
    );
  }

  const fields = fieldErrors(error);
  const general =
    error !== undefined && !known.some((k) => fields[k] || Object.keys(fields).some((f) => f.startsWith(`${k}.`)));
  const deptError = fields.departmentIds ?? Object.entries(fields).find(([k]) => k.startsWith('departmentIds.'))?.[1];
  const active = (departments.data?.items ?? []).filter((d) => d.enabled && !d.archived);
  return (
    <>
      <PageHeader
        title={t('Invite a user')}
        description={
          <>
            {t('They receive a link by email to choose their own password (valid 72 hours, once).')}{' '}
            <Link to="/admin/users">{t('Back to users')}</Link>
          </>
        }
      />
      <form className="card form-card" onSubmit={submit} noValidate aria-label={t('Invite a user')}>
        <TextField id="invite-name" label={t('Name')} required value={name} onChange={setName} error={fields.name} />
        <TextField
          id="invite-email"
          label={t('Email')}
          type="email"
          required
          autoComplete="off"
          value={email}
          onChange={setEmail}
          error={fields.email}
        />
        <RolesFieldset idPrefix="invite" value={roles} onChange={setRoles} error={fields.roles} without={['bot']} />
        {roles.includes('agent') && active.length > 0 && (
          <fieldset className={`field${deptError ? ' has-error' : ''}`}>
            <legend className="field-label">{t('Departments (optional)')}</legend>
            {active.map((d) => (
              <label key={d.id} className="choice">
                <input
                  type="checkbox"
                  checked={departmentIds.includes(d.id)}
                  onChange={(e) =>
                    setDepartmentIds(
                      e.target.checked ? [...departmentIds, d.id] : departmentIds.filter((x) => x !== d.id),
                    )
                  }
                />
                <span>{d.name}</span>
              </label>
            ))}
            {deptError && <p className="field-error">{deptError}</p>}
          </fieldset>
        )}
        {general && (
          <Alert tone="error" title={t('The invitation was not sent.')}>
            {errorMessage(error)}
          </Alert>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('Inviting…') : t('Send invitation')}
        </button>
      </form>
    </>
  );
}
