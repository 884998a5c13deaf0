import { useEffect, useState, type FormEvent } from 'react';
import { setQuery, useQuery } from '../lib/router';

/** Rows per page in the admin lists. */
export const PAGE_SIZE = 25;

/**
 * A server-side paged list's place, kept in the URL (`?page=`, `?search=`) so it survives a reload and
 * can be linked to: the request's `limit`/`offset`, and the search box's text with its submit handler
 * (a new search goes back to page 1).
 */
export function usePagedList() {
  const q = useQuery();
  const search = q.get('search') ?? '';
  const page = Math.max(1, Number.parseInt(q.get('page') ?? '1', 10) || 1);
  const [searchText, setSearchText] = useState(search);
  useEffect(() => setSearchText(search), [search]);
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ search: searchText.trim(), page: undefined });
  };
  return {
    page,
    search,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    searchText,
    setSearchText,
    submitSearch,
  };
}

/** "Showing x–y of total" and Previous/Next, moving `?page=` in the URL. */
export function Pager(props: { page: number; total: number; none: string; pageSize?: number }) {
  const { page, total } = props;
  const size = props.pageSize ?? PAGE_SIZE;
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = Math.min(total, page * size);
  return (
    <div className="pager">
      <p role="status">{total === 0 ? props.none : `Showing ${first}–${last} of ${total}`}</p>
      <div className="pager-buttons">
        <button
          type="button"
          className="btn btn-secondary btn-small"
          disabled={page <= 1}
          onClick={() => setQuery({ page: page - 1 > 1 ? page - 1 : undefined })}
        >
          Previous
        </button>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          disabled={last >= total}
          onClick={() => setQuery({ page: page + 1 })}
        >
          Next
        </button>
      </div>
    </div>
  );
}
