import type { AuditRecord } from '@parley/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api/client';
import { Link, setQuery, useQuery } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { ChangeList } from './ChangeList';

const PAGE_SIZE = 50;

interface AuditPage {
  items: AuditRecord[];
  nextBefore: string | null;
}

function fetchPage(action: string, targetId: string, before?: string) {
  return api.get<AuditPage>('/api/v1/audit', { limit: PAGE_SIZE, action, targetId, before });
}

export function AuditPage() {
  const q = useQuery();
  const action = q.get('action') ?? '';
  const targetId = q.get('targetId') ?? '';
  const [data, setData] = useState<AuditPage>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [actionText, setActionText] = useState(action);
  // The actions found in the log, offered while typing (the filter accepts any other too).
  const [knownActions, setKnownActions] = useState<string[]>([]);
  useEffect(() => {
    api.get<{ items: string[] }>('/api/v1/audit/actions').then(
      (r) => setKnownActions(r.items),
      () => undefined,
    );
  }, []);
  useEffect(() => setActionText(action), [action]);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    fetchPage(action, targetId).then(
      (r) => current && (setData(r), setLoading(false)),
      (err: unknown) => current && (setError(err), setLoading(false)),
    );
    return () => {
      current = false;
    };
  }, [action, targetId]);

  const loadMore = () => {
    if (!data?.nextBefore) return;
    setLoading(true);
    fetchPage(action, targetId, data.nextBefore).then(
      (r) => {
        setData({ items: [...data.items, ...r.items], nextBefore: r.nextBefore });
        setLoading(false);
      },
      (err: unknown) => {
        setError(err);
        setLoading(false);
      },
    );
  };

  const filter = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ action: actionText.trim() });
  };

  return (
    <>
      <PageHeader title="Audit log" description="Who changed what, and when. Newest first." />
      <form className="toolbar card" role="search" aria-label="Filter the audit log" onSubmit={filter}>
        <div className="toolbar-field toolbar-grow">
          <label className="field-label" htmlFor="audit-action">
            Action
          </label>
          <input
            id="audit-action"
            className="input mono"
            type="search"
            list="audit-actions"
            placeholder="e.g. setting.changed"
            value={actionText}
            onChange={(e) => setActionText(e.target.value)}
          />
          <datalist id="audit-actions">
            {knownActions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <button type="submit" className="btn btn-secondary">
          Filter
        </button>
        {(action || targetId) && (
          <button type="button" className="btn btn-secondary" onClick={() => setQuery({ action: '', targetId: '' })}>
            Show everything
          </button>
        )}
      </form>
      {targetId && (
        <p className="filter-note">
          Only entries about <code>{targetId}</code>.
        </p>
      )}
      {error !== undefined && (
        <Alert tone="error" title="The audit log could not be loaded.">
          {errorMessage(error)}
        </Alert>
      )}
      {!data && loading && <Loading />}
      {data && (
        <div className="card table-card" aria-busy={loading}>
          <table className="table audit-table">
            <caption className="visually-hidden">Audit log entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((e) => (
                <tr key={e.id}>
                  <td className="cell-nowrap">
                    <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                  </td>
                  <td className="cell-who">
                    <span className="cell-title">{e.actor.label}</span>
                    {e.ip && <span className="cell-sub">{e.ip}</span>}
                  </td>
                  <td className="cell-action">
                    <code>{e.action}</code>
                  </td>
                  <td className="cell-break">
                    <span className="cell-sub">{e.targetType}</span>
                    {e.targetType === 'user' && e.targetId ? (
                      <Link to={`/admin/users/${e.targetId}`}>{e.targetId}</Link>
                    ) : (
                      <code>{e.targetId ?? '—'}</code>
                    )}
                  </td>
                  <td className="cell-break">
                    <ChangeList changes={e.changes} />
                  </td>
                </tr>
              ))}
              {data.items.length === 0 && (
                <tr>
                  <td colSpan={5} className="empty">
                    No entries{action ? ` for ${action}` : ''}.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <div className="pager">
            <p role="status">
              {data.items.length} {data.items.length === 1 ? 'entry' : 'entries'} shown
              {data.nextBefore ? '' : ' (the end of the log)'}
            </p>
            {data.nextBefore && (
              <button type="button" className="btn btn-secondary btn-small" onClick={loadMore} disabled={loading}>
                {loading ? 'Loading…' : 'Load more'}
              </button>
            )}
          </div>
        </div>
      )}
    </>
  );
}
