import { t } from '../../i18n';

/**
 * Where a list is, read from and written to the URL's query, so a page survives a reload and can be
 * linked to. Pure functions (no React, no `window`): the hooks in `usePagedList.ts` and the pagers use
 * them, and they are tested on their own.
 */

/** Rows per page in the admin lists. */
export const PAGE_SIZE = 25;

/** Query changes: `undefined` or `''` removes a key (see `setQuery`). */
export type QueryChanges = Record<string, string | number | undefined>;

/** The query keys of one offset-paged list. Two lists on one page give each a prefix (`sla-page`, `sla-search`). */
export interface PageKeys {
  page: string;
  search: string;
}

export function pageKeys(prefix?: string): PageKeys {
  return prefix ? { page: `${prefix}-page`, search: `${prefix}-search` } : { page: 'page', search: 'search' };
}

export interface PagePlace {
  /** 1-based; anything unreadable is page 1. */
  page: number;
  search: string;
  limit: number;
  offset: number;
}

/** The page and search a query asks for, as the API's `limit`/`offset`. */
export function readPage(query: URLSearchParams, keys: PageKeys, size = PAGE_SIZE): PagePlace {
  const search = query.get(keys.search) ?? '';
  const page = Math.max(1, Number.parseInt(query.get(keys.page) ?? '1', 10) || 1);
  return { page, search, limit: size, offset: (page - 1) * size };
}

/** A new search starts again at page 1. */
export function searchChanges(keys: PageKeys, text: string): QueryChanges {
  return { [keys.search]: text.trim(), [keys.page]: undefined };
}

/** Moving to `page` (page 1 is the bare URL). */
export function pageChanges(keys: PageKeys, page: number): QueryChanges {
  return { [keys.page]: page > 1 ? page : undefined };
}

export interface PageRange {
  /** 1-based positions of the first and last row shown; both 0 when the list is empty. */
  first: number;
  last: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

export function pageRange(page: number, total: number, size = PAGE_SIZE): PageRange {
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = Math.min(total, page * size);
  return { first, last, hasPrevious: page > 1, hasNext: last < total };
}

/** "Showing 26–50 of 60", or `none` for an empty list. */
export function pageStatus(page: number, total: number, none: string, size = PAGE_SIZE): string {
  const { first, last } = pageRange(page, total, size);
  return total === 0 ? none : t('Showing {first}–{last} of {total}', { first, last, total });
}

/**
 * Cursor-paged lists (newest first: offline messages, conversation history) keep the cursors of the pages
 * before this one in `?prev=`, dot-separated, so "back" needs no request; `-` stands for the first page
 * (which has no cursor).
 */
export interface CursorPlace {
  cursor: string;
  trail: string[];
  /** 1-based. */
  page: number;
}

export const TRAIL_KEY = 'prev';

export function readCursor(query: URLSearchParams, cursorKey: string): CursorPlace {
  const trail = (query.get(TRAIL_KEY) ?? '').split('.').filter(Boolean);
  return { cursor: query.get(cursorKey) ?? '', trail, page: trail.length + 1 };
}

/** To the page after this one, which starts at `next`. */
export function cursorForward(cursorKey: string, place: CursorPlace, next: string): QueryChanges {
  return { [cursorKey]: next, [TRAIL_KEY]: [...place.trail, place.cursor || '-'].join('.') };
}

/** Back to the page before this one (the first page when the trail runs out). */
export function cursorBack(cursorKey: string, place: CursorPlace): QueryChanges {
  const back = place.trail[place.trail.length - 1];
  return { [cursorKey]: back === '-' ? undefined : back, [TRAIL_KEY]: place.trail.slice(0, -1).join('.') };
}

/** Filters changed: start again at the first page. */
export function cursorReset(cursorKey: string): QueryChanges {
  return { [cursorKey]: undefined, [TRAIL_KEY]: undefined };
}

/** What a list shows: the spinner only before its first answer; rows (if any) stay while it reloads. */
export function listView(state: { items: readonly unknown[] | undefined; loading: boolean; error: unknown }) {
  return {
    failed: state.error !== undefined,
    spinner: state.loading && state.items === undefined,
    table: state.items !== undefined,
    busy: state.loading,
  };
}
