import type { OfflineInboxItem, OfflineInboxListQuery } from '@parley/shared';
import { offlineInboxApi } from '../../api/offlineInbox';
import { Alert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { Link, setQuery, useQuery, type PageProps } from '../../lib/router';
import { OfflineInboxItemPanel } from './OfflineInboxItem';
import { StateBadge } from './StateBadge';
import { useRefreshOnFocus } from './refresh';
import './offline-inbox.css';
import { t } from '../../i18n';

const filters = [
  { key: 'open', label: 'Open' },
  { key: 'mine', label: 'Claimed by me' },
  { key: 'claimed', label: 'Claimed' },
  { key: 'done', label: 'Done' },
  { key: 'all', label: 'All' },
] as const;
type Filter = (typeof filters)[number]['key'];

function queryOf(filter: Filter): OfflineInboxListQuery {
  if (filter === 'mine') return { state: 'claimed', mine: 'true', limit: 200 };
  return { state: filter, limit: 200 };
}

/**
 * The offline inbox (settings livechat.offline.toChannel.*): messages visitors left while nobody was
 * available, for the agents of their department. Claim one, answer by email, mark it done. Visitor text is
 * rendered as text only.
 */
export function OfflineInboxPage({ params }: PageProps) {
  const q = useQuery();
  const filter = (filters.find((f) => f.key === q.get('show'))?.key ?? 'open') as Filter;
  const summary = useAsync(() => offlineInboxApi.summary(), []);
  const list = useAsync(() => offlineInboxApi.list(queryOf(filter)), [filter]);
  const refresh = () => {
    summary.reload();
    list.reload();
  };
  useRefreshOnFocus(list.reload);
  const name = summary.data?.name ?? list.data?.name ?? t('Offline messages');
  const counts = summary.data?.counts;
  const selected = params.id;

  return (
    <>
      <PageHeader
        title={name}
        description={t(
          'Messages visitors left while nobody was available. Claim one to answer it by email, then mark it done.',
        )}
      />
      {summary.data && !summary.data.enabled && (
        <Alert tone="info" title={t('New offline messages do not come here now.')}>
          {t('An administrator turned this inbox off (Livechat settings). The items below stay.')}
        </Alert>
      )}
      <div className="inbox-filters" role="group" aria-label={t('Show')}>
        {filters.map((f) => (
          <button
            key={f.key}
            type="button"
            className={`btn btn-small ${filter === f.key ? 'btn-primary' : 'btn-secondary'}`}
            aria-pressed={filter === f.key}
            onClick={() => setQuery({ show: f.key === 'open' ? undefined : f.key })}
          >
            {t(f.label)}
            {counts && f.key !== 'mine' && f.key !== 'all' ? ` (${counts[f.key]})` : ''}
          </button>
        ))}
      </div>
      <div className={`inbox${selected ? ' inbox-with-item' : ''}`}>
        <section aria-label={t('Items')} className="card inbox-list">
          {list.error !== undefined && <Alert tone="error" title={t('The inbox could not be loaded.')} />}
          {list.data && list.data.items.length === 0 && <p className="inbox-empty">{t('Nothing here.')}</p>}
          <ul>
            {list.data?.items.map((item) => (
              <InboxRow key={item.id} item={item} current={item.id === selected} filter={filter} />
            ))}
          </ul>
        </section>
        {selected && <OfflineInboxItemPanel key={selected} id={selected} onChanged={refresh} />}
      </div>
    </>
  );
}

function InboxRow({ item, current, filter }: { item: OfflineInboxItem; current: boolean; filter: Filter }) {
  const search = filter === 'open' ? '' : `?show=${filter}`;
  return (
    <li className={`inbox-row${current ? ' is-current' : ''}`}>
      <Link to={`/offline-inbox/${encodeURIComponent(item.id)}${search}`} aria-current={current ? 'true' : undefined}>
        <span className="inbox-row-head">
          <span className="cell-title">{item.name}</span>
          <StateBadge item={item} />
        </span>
        <span className="inbox-row-subject">{item.subject}</span>
        <time className="cell-sub" dateTime={item.createdAt}>
          {formatDateTime(item.createdAt)}
        </time>
      </Link>
    </li>
  );
}
