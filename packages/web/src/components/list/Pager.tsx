import type { ReactNode } from 'react';
import { setQuery } from '../../lib/router';
import { PAGE_SIZE, pageChanges, pageKeys, pageRange, pageStatus, type PageKeys } from './paging';
import { t } from '../../i18n';

/** "Showing x–y of total" and Previous/Next, moving `?page=` (or `keys.page`) in the URL. */
export function Pager(props: { page: number; total: number; none: string; pageSize?: number; keys?: PageKeys }) {
  const { page, total } = props;
  const size = props.pageSize ?? PAGE_SIZE;
  const keys = props.keys ?? pageKeys();
  const range = pageRange(page, total, size);
  return (
    <PagerBar
      status={pageStatus(page, total, props.none, size)}
      previous={{ label: t('Previous'), enabled: range.hasPrevious, go: () => setQuery(pageChanges(keys, page - 1)) }}
      next={{ label: t('Next'), enabled: range.hasNext, go: () => setQuery(pageChanges(keys, page + 1)) }}
    />
  );
}

interface Step {
  label: string;
  enabled: boolean;
  go: () => void;
}

/** The pager's markup: a status line and two buttons (offset and cursor pagers alike). */
export function PagerBar(props: { status: ReactNode; previous: Step; next: Step }) {
  return (
    <div className="pager">
      <p role="status">{props.status}</p>
      <div className="pager-buttons">
        {[props.previous, props.next].map((s) => (
          <button
            key={s.label}
            type="button"
            className="btn btn-secondary btn-small"
            disabled={!s.enabled}
            onClick={s.go}
          >
            {s.label}
          </button>
        ))}
      </div>
    </div>
  );
}
