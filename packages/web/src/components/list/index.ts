/**
 * The admin lists' kit: a search toolbar, a table with its loading, error and empty states, and pagers
 * (offset: `?page=`; cursor: `?before=`/`?cursor=` with the trail of earlier pages), their place in the URL.
 */
export { ListTable } from './ListTable';
export { ListToolbar, SearchField, ToolbarField } from './ListToolbar';
export { Pager, PagerBar } from './Pager';
export { PAGE_SIZE } from './paging';
export { useCursorPages, usePagedList } from './usePagedList';
