import { useEffect, useState } from 'react';
import { departmentsApi } from '../../api/omnichannel';
import { Link, setQuery, useQuery } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { clearFlash, peekFlash } from '../../components/flash';
import { ListTable, ListToolbar, Pager, SearchField, usePagedList } from '../../components/list';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { t } from '../../i18n';
import { formatNumber } from '../../components/format';

/** Departments: who serves what, routing and closing rules. Archived ones on request; a page at a time. */
export function DepartmentsPage() {
  const q = useQuery();
  const archived = q.get('archived') === '1';
  const { page, search, limit, offset, searchText, setSearchText, submitSearch } = usePagedList();
  const list = useAsync(
    () =>
      departmentsApi.list(archived, {
        limit,
        offset,
        search: search || undefined,
      }),
    [archived, search, page],
  );
  const [notice] = useState(peekFlash);
  useEffect(() => clearFlash(), []);
  const items = list.data?.items ?? [];

  // Fallback departments not on this page are looked up one by one (a page names a few at most).
  const onPage = new Map(items.map((d) => [d.id, d.name]));
  const missing = [...new Set(items.flatMap((d) => d.fallbackDepartmentId ?? []))].filter((id) => !onPage.has(id));
  const fallbacks = useAsync(
    () => Promise.all(missing.map((id) => departmentsApi.get(id).catch(() => undefined))),
    [missing.join()],
  );
  const names = new Map([...(fallbacks.data ?? []).flatMap((d) => (d ? [[d.id, d.name] as const] : [])), ...onPage]);

  const total = list.data?.total ?? 0;

  return (
    <>
      <PageHeader
        title={t('Departments')}
        description={t('Teams of agents that conversations are routed to, with their own rules.')}
        actions={
          <Link to="/admin/departments/new" className="btn btn-primary">
            {t('New department')}
          </Link>
        }
      />
      {notice && <Alert tone="success" title={notice} />}
      <ListToolbar label={t('Find departments')} onSubmit={submitSearch}>
        <SearchField id="departments-search" placeholder={t('Name')} value={searchText} onChange={setSearchText} />
        <label className="choice toolbar-check">
          <input
            type="checkbox"
            checked={archived}
            onChange={(e) => setQuery({ archived: e.target.checked ? '1' : undefined, page: undefined })}
          />
          <span>{t('Show archived departments')}</span>
        </label>
      </ListToolbar>
      <ListTable
        items={list.data?.items}
        loading={list.loading}
        error={list.error}
        errorTitle={t('The departments could not be loaded.')}
        caption={t('Departments')}
        columns={[t('Name'), t('Agents'), t('Max chats per agent'), t('Closing tags'), t('Status')]}
        actions
        empty={search ? t('No department matches this search.') : t('No departments yet.')}
        footer={<Pager page={page} total={total} none={t('No departments')} />}
        row={(d) => (
          <tr key={d.id} className={d.archived ? 'is-inactive' : undefined}>
            <td>
              <span className="cell-title">{d.name}</span>
              {d.description && <span className="cell-sub cell-break">{d.description}</span>}
              {d.fallbackDepartmentId && (
                <span className="cell-sub">
                  {t('Falls back to {name}', { name: names.get(d.fallbackDepartmentId) ?? t('another department') })}
                </span>
              )}
            </td>
            <td>{d.agents.length}</td>
            <td>
              {d.maxChatsPerAgent === null
                ? t('Default')
                : d.maxChatsPerAgent === 0
                  ? t('Unlimited')
                  : formatNumber(d.maxChatsPerAgent)}
            </td>
            <td>
              {d.requestTagBeforeClosing && <Badge tone="warning">{t('Required')}</Badge>}{' '}
              <span className="cell-sub">
                {d.closingTags.join(', ') || (d.requestTagBeforeClosing ? t('any tag') : '—')}
              </span>
            </td>
            <td>
              {d.archived ? (
                <Badge tone="danger">{t('Archived')}</Badge>
              ) : d.enabled ? (
                <Badge tone="success">{t('Enabled')}</Badge>
              ) : (
                <Badge>{t('Disabled')}</Badge>
              )}
            </td>
            <td className="cell-actions">
              <Link to={`/admin/departments/${d.id}`} className="btn btn-secondary btn-small">
                {t('Edit')}
                <span className="visually-hidden"> {d.name}</span>
              </Link>
            </td>
          </tr>
        )}
      />
    </>
  );
}
