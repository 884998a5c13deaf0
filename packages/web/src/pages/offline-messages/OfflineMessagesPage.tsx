import { departmentsApi, offlineMessagesApi } from '../../api/omnichannel';
import { formatDateTime } from '../../components/format';
import { ListTable, PAGE_SIZE, PagerBar, useCursorPages } from '../../components/list';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { Link } from '../../lib/router';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';

const inboxLabels = { open: 'Open', claimed: 'Claimed', done: 'Done' } as const;

/** Messages visitors left through the widget's offline form, newest first, paged on the server. */
export function OfflineMessagesPage() {
  const pages = useCursorPages('before');
  const before = pages.cursor;
  const list = useAsync(() => offlineMessagesApi.list({ limit: PAGE_SIZE, before: before || undefined }), [before]);
  const depts = useAsync(() => departmentsApi.list(true), []);
  const names = new Map((depts.data?.items ?? []).map((d) => [d.id, d.name]));
  const items = list.data?.items ?? [];
  const last = items[items.length - 1];
  const more = items.length === PAGE_SIZE && last;

  return (
    <>
      <PageHeader
        title={t('Offline messages')}
        description={tx(
          "Left by visitors while nobody was available. They are also emailed to the address in the {settings} and to the department's address. With the offline inbox on, agents work them in the {inbox}; its state shows here.",
          {
            settings: <Link to="/admin/settings?q=offline">{t('Livechat settings')}</Link>,
            inbox: <Link to="/offline-inbox?show=all">{t('offline inbox')}</Link>,
          },
        )}
      />
      <ListTable
        items={list.data?.items}
        loading={list.loading}
        error={list.error}
        errorTitle={t('The offline messages could not be loaded.')}
        caption={t('Offline messages, newest first')}
        columns={[t('Received'), t('From'), t('Department'), t('Message'), t('Inbox')]}
        empty={before ? t('No older messages.') : t('No offline messages yet.')}
        footer={
          <PagerBar
            status={t('{count, plural, one {Page {page}, # message} other {Page {page}, # messages}}', {
              count: items.length,
              page: pages.page,
            })}
            previous={{ label: t('Newer'), enabled: pages.page > 1, go: pages.back }}
            next={{ label: t('Older'), enabled: !!more, go: () => more && pages.forward(more.id) }}
          />
        }
        row={(m) => (
          <tr key={m.id}>
            <td className="cell-nowrap">
              <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
            </td>
            <td className="cell-break">
              <span className="cell-title">{m.name}</span>
              <a className="cell-sub" href={`mailto:${encodeURIComponent(m.email)}`}>
                {m.email}
              </a>
            </td>
            <td>{m.departmentId ? (names.get(m.departmentId) ?? '—') : '—'}</td>
            <td className="cell-break offline-text">{m.message}</td>
            <td>
              {m.inboxState ? (
                <Link to={`/offline-inbox/${encodeURIComponent(m.id)}?show=all`}>{t(inboxLabels[m.inboxState])}</Link>
              ) : (
                <span title={t('Received while the offline inbox was off')}>—</span>
              )}
            </td>
          </tr>
        )}
      />
    </>
  );
}
