import { useEffect, useState, type FormEvent } from 'react';
import { setQuery, useQuery } from '../../lib/router';
import { cursorBack, cursorForward, cursorReset, pageKeys, readCursor, readPage, searchChanges } from './paging';

/**
 * An offset-paged list's place, kept in the URL (`?page=`, `?search=`, or `?<prefix>-page=`… when two
 * lists share a page): the request's `limit`/`offset`, and the search box's text with its submit handler
 * (a new search goes back to page 1).
 */
export function usePagedList(opts: { prefix?: string } = {}) {
  const keys = pageKeys(opts.prefix);
  const place = readPage(useQuery(), keys);
  const [searchText, setSearchText] = useState(place.search);
  useEffect(() => setSearchText(place.search), [place.search]);
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setQuery(searchChanges(keys, searchText));
  };
  return { ...place, keys, searchText, setSearchText, submitSearch };
}

/** A cursor-paged list's place in the URL (`?<cursorKey>=` and the trail of earlier pages). */
export function useCursorPages(cursorKey: string) {
  const place = readCursor(useQuery(), cursorKey);
  return {
    ...place,
    back: () => setQuery(cursorBack(cursorKey, place)),
    forward: (next: string) => setQuery(cursorForward(cursorKey, place, next)),
    /** Query changes that also start the list again at its first page (for filters). */
    reset: cursorReset(cursorKey),
  };
}
