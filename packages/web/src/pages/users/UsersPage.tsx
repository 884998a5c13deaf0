import type { InvitationResult, UserListQuery } from '@parley/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ListTable, ListToolbar, Pager, SearchField, ToolbarField, usePagedList } from '../../components/list';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { roleInfo, roleLabel } from '../../lib/roles';
import { Link, setQuery, useQuery } from '../../lib/router';
import { InvitationOutcome } from './InvitationOutcome';
import { usersApi } from './users.api';
import { t } from '../../i18n';

export function UsersPage() {
  const q = useQuery();
  const { page, search, limit, offset, searchText, setSearchText, submitSearch } = usePagedList();
  const role = q.get('role') ?? '';
  const status = q.get('status') ?? '';
  const list = useAsync(
    () =>
      usersApi.list({
        limit,
        offset,
        search: search || undefined,
        // As the address has it: the server refuses an unknown role, naming the field.
        role: (role || undefined) as UserListQuery['role'],
        active: status === 'active' ? 'true' : status === 'inactive' ? 'false' : undefined,
      }),
    [search, role, status, page],
  );

  const filtered = !!(search || role || status);
  const [resent, setResent] = useState<InvitationResult>();
  const [resendError, setResendError] = useState<unknown>();
  const resend = async (id: string) => {
    setResent(undefined);
    setResendError(undefined);
    try {
      setResent(await usersApi.resendInvitation(id));
    } catch (err) {
      setResendError(err);
    }
  };

  return (
    <>
      <PageHeader
        title={t('Users')}
        description={t('Staff accounts and their roles.')}
        actions={
          <>
            <Link to="/admin/users/invite" className="btn btn-primary">
              {t('Invite user')}
            </Link>
            <Link to="/admin/users/new" className="btn btn-secondary">
              {t('New user')}
            </Link>
          </>
        }
      />
      {resent && <InvitationOutcome result={resent} />}
      {resendError !== undefined && (
        <Alert tone="error" title={t('The invitation was not resent.')}>
          {errorMessage(resendError)}
        </Alert>
      )}
      <ListToolbar label={t('Find users')} onSubmit={submitSearch}>
        <SearchField
          id="users-search"
          placeholder={t('Name, email or username')}
          value={searchText}
          onChange={setSearchText}
        />
        <ToolbarField id="users-role" label={t('Role')}>
          <select
            id="users-role"
            className="input select"
            value={role}
            onChange={(e) => setQuery({ role: e.target.value, page: undefined })}
          >
            <option value="">{t('All roles')}</option>
            {roleInfo.map((r) => (
              <option key={r.role} value={r.role}>
                {t(r.label)}
              </option>
            ))}
          </select>
        </ToolbarField>
        <ToolbarField id="users-status" label={t('Status')}>
          <select
            id="users-status"
            className="input select"
            value={status}
            onChange={(e) => setQuery({ status: e.target.value, page: undefined })}
          >
            <option value="">{t('Active and deactivated')}</option>
            <option value="active">{t('Active')}</option>
            <option value="inactive">{t('Deactivated')}</option>
          </select>
        </ToolbarField>
      </ListToolbar>

      <ListTable
        items={list.data?.items}
        loading={list.loading}
        error={list.error}
        errorTitle={t('The users could not be loaded.')}
        caption={t('Users')}
        columns={[t('Name'), t('Email'), t('Roles'), t('Status')]}
        actions
        empty={filtered ? t('No user matches these filters.') : t('No users yet.')}
        footer={<Pager page={page} total={list.data?.total ?? 0} none={t('No users')} />}
        row={(u) => (
          <tr key={u.id} className={u.active ? undefined : 'is-inactive'}>
            <td>
              <span className="cell-title">{u.name}</span>
              <span className="cell-sub">@{u.username}</span>
            </td>
            <td className="cell-break">{u.email}</td>
            <td>
              <span className="badge-list">
                {u.roles.map((r) => (
                  <Badge key={r} tone={r === 'admin' ? 'accent' : 'neutral'}>
                    {roleLabel(r)}
                  </Badge>
                ))}
              </span>
            </td>
            <td>
              {!u.active ? (
                <Badge tone="danger">{t('Deactivated')}</Badge>
              ) : u.invited ? (
                <Badge tone="warning" title={t('Invited: has not set a password yet')}>
                  {t('Invited')}
                </Badge>
              ) : (
                <Badge tone="success">{t('Active')}</Badge>
              )}
            </td>
            <td className="cell-actions">
              {u.active && u.invited && (
                <button type="button" className="btn btn-secondary btn-small" onClick={() => void resend(u.id)}>
                  {t('Resend invitation')}
                  <span className="visually-hidden"> {t('to {name}', { name: u.name })}</span>
                </button>
              )}
              <Link to={`/admin/users/${u.id}`} className="btn btn-secondary btn-small">
                {t('Edit')}
                <span className="visually-hidden"> {u.name}</span>
              </Link>
            </td>
          </tr>
        )}
      />
    </>
  );
}
