import type { AuditListQuery, AuditPage as AuditLogPage } from '@parley/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { ListTable, ListToolbar, SearchField } from '../../components/list';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { Link, setQuery, useQuery } from '../../lib/router';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';
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
      <PageHeader title={t('Audit log')} description={t('Who changed what, and when. Newest first.')} />
      <ListToolbar
        label={t('Filter the audit log')}
        submitLabel={t('Filter')}
        onSubmit={filter}
        extra={
          (action || targetId) && (
            <button type="button" className="btn btn-secondary" onClick={() => setQuery({ action: '', targetId: '' })}>
              {t('Show everything')}
            </button>
          )
        }
      >
        <SearchField
          id="audit-action"
          label={t('Action')}
          className="input mono"
          list="audit-actions"
          placeholder={t('e.g. setting.changed')}
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
        <p className="filter-note">{tx('Only entries about {target}.', { target: <code>{targetId}</code> })}</p>
      )}
      <ListTable
        items={data?.items}
        loading={loading}
        error={list.error ?? more.error}
        errorTitle={t('The audit log could not be loaded.')}
        caption={t('Audit log entries, newest first')}
        className="audit-table"
        columns={[t('When'), t('Who'), t('Action'), t('Target'), t('Changes')]}
        empty={action ? t('No entries for {action}.', { action }) : t('No entries.')}
        footer={
          data && (
            <div className="pager">
              <p role="status">
                {data.nextBefore
                  ? t('{count, plural, one {# entry shown} other {# entries shown}}', { count: data.items.length })
                  : t(
                      '{count, plural, one {# entry shown (the end of the log)} other {# entries shown (the end of the log)}}',
                      { count: data.items.length },
                    )}
              </p>
              {data.nextBefore && (
                <button type="button" className="btn btn-secondary btn-small" onClick={loadMore} disabled={loading}>
                  {loading ? t('Loading…') : t('Load more')}
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
