import { departmentsApi, offlineMessagesApi } from '../../api/omnichannel';
import { formatDateTime } from '../../components/format';
import { ListTable, PAGE_SIZE, PagerBar, useCursorPages } from '../../components/list';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { Link } from '../../lib/router';

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
        title="Offline messages"
        description={
          <>
            Left by visitors while nobody was available. They are also emailed to the address in the{' '}
            <Link to="/admin/settings?q=offline">Livechat settings</Link> and to the department's address. With the
            offline inbox on, agents work them in the <Link to="/offline-inbox?show=all">offline inbox</Link>; its state
            shows here.
          </>
        }
      />
      <ListTable
        items={list.data?.items}
        loading={list.loading}
        error={list.error}
        errorTitle="The offline messages could not be loaded."
        caption="Offline messages, newest first"
        columns={['Received', 'From', 'Department', 'Message', 'Inbox']}
        empty={before ? 'No older messages.' : 'No offline messages yet.'}
        footer={
          <PagerBar
            status={`Page ${pages.page}, ${items.length} ${items.length === 1 ? 'message' : 'messages'}`}
            previous={{ label: 'Newer', enabled: pages.page > 1, go: pages.back }}
            next={{ label: 'Older', enabled: !!more, go: () => more && pages.forward(more.id) }}
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
                <Link to={`/offline-inbox/${encodeURIComponent(m.id)}?show=all`}>{inboxLabels[m.inboxState]}</Link>
              ) : (
                <span title="Received while the offline inbox was off">—</span>
              )}
            </td>
          </tr>
        )}
      />
    </>
  );
}
