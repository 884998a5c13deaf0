import { errorMessage } from '../../api/client';
import { departmentsApi, offlineMessagesApi } from '../../api/omnichannel';
import { Link, setQuery, useQuery } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';

const PAGE_SIZE = 25;

/** Messages visitors left through the widget's offline form, newest first, paged on the server. */
export function OfflineMessagesPage() {
  const q = useQuery();
  const before = q.get('before') ?? '';
  const prev = (q.get('prev') ?? '').split('.').filter(Boolean);
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
            <Link to="/admin/settings?q=offline">Livechat settings</Link> and to the department's address.
          </>
        }
      />
      {list.error !== undefined && (
        <Alert tone="error" title="The offline messages could not be loaded.">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <div className="card table-card" aria-busy={list.loading}>
          <table className="table">
            <caption className="visually-hidden">Offline messages, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">From</th>
                <th scope="col">Department</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
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
                </tr>
              ))}
              {items.length === 0 && (
                <tr>
                  <td colSpan={4} className="empty">
                    {before ? 'No older messages.' : 'No offline messages yet.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <div className="pager">
            <p role="status">
              Page {prev.length + 1}, {items.length} {items.length === 1 ? 'message' : 'messages'}
            </p>
            <div className="pager-buttons">
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={prev.length === 0}
                onClick={() => {
                  const back = prev[prev.length - 1];
                  setQuery({ before: back === '-' ? undefined : back, prev: prev.slice(0, -1).join('.') });
                }}
              >
                Newer
              </button>
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={!more}
                onClick={() => more && setQuery({ before: more.id, prev: [...prev, before || '-'].join('.') })}
              >
                Older
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
