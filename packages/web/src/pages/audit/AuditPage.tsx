import type { AuditListQuery, AuditPage as AuditLogPage } from '@parley/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { ListTable, ListToolbar, SearchField } from '../../components/list';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { Link, setQuery, useQuery } from '../../lib/router';
import { ChangeList } from './ChangeList';

const PAGE_SIZE = 50;

function fetchPage(action: string, targetId: string, before?: string) {
  return api.get<AuditLogPage>('/api/v1/audit', {
    limit: PAGE_SIZE,
    action,
    targetId,
    before,
  } satisfies AuditListQuery);
}

export function AuditPage() {
  const q = useQuery();
  const action = q.get('action') ?? '';
  const targetId = q.get('targetId') ?? '';
  const list = useAsync(() => fetchPage(action, targetId), [action, targetId]);
  // "Load more" appends older entries to what is shown.
  const [more, setMore] = useState<{ loading: boolean; error?: unknown }>({ loading: false });
  useEffect(() => setMore({ loading: false }), [action, targetId]);
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

  const data = list.data;
  const loading = list.loading || more.loading;
  const loadMore = () => {
    if (!data?.nextBefore) return;
    setMore({ loading: true });
    fetchPage(action, targetId, data.nextBefore).then(
      (r) => {
        list.setData({ items: [...data.items, ...r.items], nextBefore: r.nextBefore });
        setMore({ loading: false });
      },
      (error: unknown) => setMore({ loading: false, error }),
    );
  };

  const filter = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ action: actionText.trim() });
  };

  return (
    <>
      <PageHeader title="Audit log" description="Who changed what, and when. Newest first." />
      <ListToolbar
        label="Filter the audit log"
        submitLabel="Filter"
        onSubmit={filter}
        extra={
          (action || targetId) && (
            <button type="button" className="btn btn-secondary" onClick={() => setQuery({ action: '', targetId: '' })}>
              Show everything
            </button>
          )
        }
      >
        <SearchField
          id="audit-action"
          label="Action"
          className="input mono"
          list="audit-actions"
          placeholder="e.g. setting.changed"
          value={actionText}
          onChange={setActionText}
        >
          <datalist id="audit-actions">
            {knownActions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </SearchField>
      </ListToolbar>
      {targetId && (
        <p className="filter-note">
          Only entries about <code>{targetId}</code>.
        </p>
      )}
      <ListTable
        items={data?.items}
        loading={loading}
        error={list.error ?? more.error}
        errorTitle="The audit log could not be loaded."
        caption="Audit log entries, newest first"
        className="audit-table"
        columns={['When', 'Who', 'Action', 'Target', 'Changes']}
        empty={`No entries${action ? ` for ${action}` : ''}.`}
        footer={
          data && (
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
          )
        }
        row={(e) => (
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
        )}
      />
    </>
  );
}
