import { errorMessage } from '../../api/client';
import { roleInfo, roleLabel } from '../../lib/roles';
import { Link, setQuery, useQuery } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pager, usePagedList } from '../../components/Pager';
import { useAsync } from '../../components/useAsync';
import { usersApi } from './users.api';

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
        role: role || undefined,
        active: status === 'active' ? 'true' : status === 'inactive' ? 'false' : undefined,
      }),
    [search, role, status, page],
  );

  const total = list.data?.total ?? 0;
  const filtered = !!(search || role || status);

  return (
    <>
      <PageHeader
        title="Users"
        description="Staff accounts and their roles."
        actions={
          <Link to="/admin/users/new" className="btn btn-primary">
            New user
          </Link>
        }
      />
      <form className="toolbar card" role="search" aria-label="Find users" onSubmit={submitSearch}>
        <div className="toolbar-field toolbar-grow">
          <label className="field-label" htmlFor="users-search">
            Search
          </label>
          <input
            id="users-search"
            className="input"
            type="search"
            placeholder="Name, email or username"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
          />
        </div>
        <div className="toolbar-field">
          <label className="field-label" htmlFor="users-role">
            Role
          </label>
          <select
            id="users-role"
            className="input select"
            value={role}
            onChange={(e) => setQuery({ role: e.target.value, page: undefined })}
          >
            <option value="">All roles</option>
            {roleInfo.map((r) => (
              <option key={r.role} value={r.role}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-field">
          <label className="field-label" htmlFor="users-status">
            Status
          </label>
          <select
            id="users-status"
            className="input select"
            value={status}
            onChange={(e) => setQuery({ status: e.target.value, page: undefined })}
          >
            <option value="">Active and deactivated</option>
            <option value="active">Active</option>
            <option value="inactive">Deactivated</option>
          </select>
        </div>
        <button type="submit" className="btn btn-secondary">
          Search
        </button>
      </form>

      {list.error !== undefined && (
        <Alert tone="error" title="The users could not be loaded.">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <div className="card table-card" aria-busy={list.loading}>
          <table className="table">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Roles</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((u) => (
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
                  <td>{u.active ? <Badge tone="success">Active</Badge> : <Badge tone="danger">Deactivated</Badge>}</td>
                  <td className="cell-actions">
                    <Link to={`/admin/users/${u.id}`} className="btn btn-secondary btn-small">
                      Edit<span className="visually-hidden"> {u.name}</span>
                    </Link>
                  </td>
                </tr>
              ))}
              {list.data.items.length === 0 && (
                <tr>
                  <td colSpan={5} className="empty">
                    {filtered ? 'No user matches these filters.' : 'No users yet.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <Pager page={page} total={total} none="No users" />
        </div>
      )}
    </>
  );
}
