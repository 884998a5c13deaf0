import type { ReactNode } from 'react';
import { errorMessage } from '../../api/client';
import { Alert } from '../Alert';
import { Loading } from '../Loading';
import { listView } from './paging';
import { t } from '../../i18n';

/**
 * A list's body: its load error, a spinner until the first answer, then the table (busy while it
 * reloads) with an "empty" row and a footer (the pager). Pages give the columns and render their rows.
 */
export function ListTable<T>(props: {
  /** Undefined until the first answer. */
  items: readonly T[] | undefined;
  loading: boolean;
  error: unknown;
  /** The error's title: "The users could not be loaded." */
  errorTitle?: string;
  /** For screen readers: "Users", "Offline messages, newest first". */
  caption: string;
  columns: readonly string[];
  /** Adds a last column for the rows' buttons (its header is for screen readers only). */
  actions?: boolean;
  /** Each item's `<tr>`, with its key. */
  row: (item: T) => ReactNode;
  /** What the single row says when there are no items. */
  empty: ReactNode;
  footer?: ReactNode;
  /** Extra class of the table (`agents-table`). */
  className?: string;
  /** Inside a card the page draws already (a catalog section) instead of a card of its own. */
  bare?: boolean;
}) {
  const view = listView(props);
  const span = props.columns.length + (props.actions ? 1 : 0);
  const table = (busy: boolean | undefined) => (
    <table className={props.className ? `table ${props.className}` : 'table'} aria-busy={busy}>
      <caption className="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          {props.actions && (
            <th scope="col">
              <span className="visually-hidden">{t('Actions')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {props.items?.map((item) => props.row(item))}
        {props.items?.length === 0 && (
          <tr>
            <td colSpan={span} className="empty">
              {props.empty}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
  return (
    <>
      {view.failed && (
        <Alert tone="error" title={props.errorTitle}>
          {errorMessage(props.error)}
        </Alert>
      )}
      {view.spinner && <Loading />}
      {view.table &&
        (props.bare ? (
          <>
            {table(view.busy)}
            {props.footer}
          </>
        ) : (
          <div className="card table-card" aria-busy={view.busy}>
            {table(undefined)}
            {props.footer}
          </div>
        ))}
    </>
  );
}
