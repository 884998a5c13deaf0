import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { departmentsApi } from '../../api/omnichannel';
import { Link, setQuery, useQuery } from '../../app/router';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { clearFlash, peekFlash } from '../../components/flash';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';

/** Departments: who serves what, routing and closing rules. Archived ones on request. */
export function DepartmentsPage() {
  const q = useQuery();
  const archived = q.get('archived') === '1';
  const filter = (q.get('q') ?? '').trim().toLowerCase();
  const list = useAsync(() => departmentsApi.list(archived), [archived]);
  const [notice] = useState(peekFlash);
  useEffect(() => clearFlash(), []);
  const items = (list.data?.items ?? [])
    .filter((d) => !filter || d.name.toLowerCase().includes(filter) || d.description.toLowerCase().includes(filter))
    .sort((a, b) => Number(a.archived) - Number(b.archived) || a.name.localeCompare(b.name));
  const names = new Map((list.data?.items ?? []).map((d) => [d.id, d.name]));

  return (
    <>
      <PageHeader
        title="Departments"
        description="Teams of agents that conversations are routed to, with their own rules."
        actions={
          <Link to="/admin/departments/new" className="btn btn-primary">
            New department
          </Link>
        }
      />
      {notice && <Alert tone="success" title={notice} />}
      <div className="toolbar card" role="search" aria-label="Find departments">
        <div className="toolbar-field toolbar-grow">
          <label className="field-label" htmlFor="departments-filter">
            Filter
          </label>
          <input
            id="departments-filter"
            className="input"
            type="search"
            placeholder="Name or description"
            value={q.get('q') ?? ''}
            onChange={(e) => setQuery({ q: e.target.value }, { replace: true })}
          />
        </div>
        <label className="choice toolbar-check">
          <input
            type="checkbox"
            checked={archived}
            onChange={(e) => setQuery({ archived: e.target.checked ? '1' : undefined })}
          />
          <span>Show archived departments</span>
        </label>
      </div>
      {list.error !== undefined && (
        <Alert tone="error" title="The departments could not be loaded.">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <div className="card table-card" aria-busy={list.loading}>
          <table className="table">
            <caption className="visually-hidden">Departments</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Agents</th>
                <th scope="col">Max chats per agent</th>
                <th scope="col">Closing tags</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} className={d.archived ? 'is-inactive' : undefined}>
                  <td>
                    <span className="cell-title">{d.name}</span>
                    {d.description && <span className="cell-sub cell-break">{d.description}</span>}
                    {d.fallbackDepartmentId && (
                      <span className="cell-sub">
                        Falls back to {names.get(d.fallbackDepartmentId) ?? 'another department'}
                      </span>
                    )}
                  </td>
                  <td>{d.agents.length}</td>
                  <td>
                    {d.maxChatsPerAgent === null
                      ? 'Default'
                      : d.maxChatsPerAgent === 0
                        ? 'Unlimited'
                        : d.maxChatsPerAgent}
                  </td>
                  <td>
                    {d.requestTagBeforeClosing && <Badge tone="warning">Required</Badge>}{' '}
                    <span className="cell-sub">
                      {d.closingTags.join(', ') || (d.requestTagBeforeClosing ? 'any tag' : '—')}
                    </span>
                  </td>
                  <td>
                    {d.archived ? (
                      <Badge tone="danger">Archived</Badge>
                    ) : d.enabled ? (
                      <Badge tone="success">Enabled</Badge>
                    ) : (
                      <Badge>Disabled</Badge>
                    )}
                  </td>
                  <td className="cell-actions">
                    <Link to={`/admin/departments/${d.id}`} className="btn btn-secondary btn-small">
                      Edit<span className="visually-hidden"> {d.name}</span>
                    </Link>
                  </td>
                </tr>
              ))}
              {items.length === 0 && (
                <tr>
                  <td colSpan={6} className="empty">
                    {filter ? 'No department matches this filter.' : 'No departments yet.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <div className="pager">
            <p role="status">
              {items.length} {items.length === 1 ? 'department' : 'departments'}
            </p>
          </div>
        </div>
      )}
    </>
  );
}
