import { describe, expect, it } from 'vitest';
import { withQueryChanges } from '../../lib/router/match';
import {
  cursorBack,
  cursorForward,
  cursorReset,
  listView,
  pageChanges,
  pageKeys,
  pageRange,
  pageStatus,
  readCursor,
  readPage,
  searchChanges,
} from './paging';

const q = (s: string) => new URLSearchParams(s);
/** The query after applying changes, as the router does. */
const apply = (search: string, changes: Record<string, string | number | undefined>) =>
  q(withQueryChanges(search, changes));

describe('offset paging in the URL', () => {
  it('reads page and search as limit/offset; a missing or unreadable page is page 1', () => {
    expect(readPage(q(''), pageKeys())).toEqual({ page: 1, search: '', limit: 25, offset: 0 });
    expect(readPage(q('page=3&search=ann'), pageKeys())).toEqual({ page: 3, search: 'ann', limit: 25, offset: 50 });
    expect(readPage(q('page=abc'), pageKeys()).page).toBe(1);
    expect(readPage(q('page=-4'), pageKeys()).page).toBe(1);
    expect(readPage(q('page=0'), pageKeys()).page).toBe(1);
  });

  it('two lists on one page keep their places apart under their prefixes', () => {
    const query = q('priorities-page=2&sla-page=4&sla-search=gold&page=9');
    expect(readPage(query, pageKeys('priorities'))).toMatchObject({ page: 2, search: '' });
    expect(readPage(query, pageKeys('sla'))).toMatchObject({ page: 4, search: 'gold', offset: 75 });
  });

  it('a new search is trimmed and goes back to page 1; other keys stay', () => {
    const after = apply('page=3&role=agent&search=old', searchChanges(pageKeys(), '  new  '));
    expect(after.get('search')).toBe('new');
    expect(after.has('page')).toBe(false);
    expect(after.get('role')).toBe('agent');
    const cleared = apply('search=old&page=2', searchChanges(pageKeys(), '   '));
    expect(cleared.toString()).toBe('');
  });

  it('page 1 is the bare URL; other pages are numbered under the list’s key', () => {
    expect(apply('page=2', pageChanges(pageKeys(), 1)).has('page')).toBe(false);
    expect(apply('', pageChanges(pageKeys('sla'), 2)).get('sla-page')).toBe('2');
  });

  it('says which rows are shown and whether Previous/Next lead anywhere', () => {
    expect(pageRange(1, 0)).toEqual({ first: 0, last: 0, hasPrevious: false, hasNext: false });
    expect(pageRange(1, 60)).toEqual({ first: 1, last: 25, hasPrevious: false, hasNext: true });
    expect(pageRange(3, 60)).toEqual({ first: 51, last: 60, hasPrevious: true, hasNext: false });
    expect(pageRange(2, 50)).toEqual({ first: 26, last: 50, hasPrevious: true, hasNext: false });
    expect(pageStatus(2, 60, 'No users')).toBe('Showing 26–50 of 60');
    expect(pageStatus(1, 0, 'No users')).toBe('No users');
    expect(pageStatus(2, 7, 'none', 5)).toBe('Showing 6–7 of 7');
  });
});

describe('cursor paging in the URL', () => {
  it('walks forward two pages and back to the first, where the URL is bare again', () => {
    let search = '';
    const forward = (next: string) => {
      search = withQueryChanges(search, cursorForward('before', readCursor(q(search), 'before'), next));
    };
    const back = () => {
      search = withQueryChanges(search, cursorBack('before', readCursor(q(search), 'before')));
    };
    expect(readCursor(q(search), 'before')).toEqual({ cursor: '', trail: [], page: 1 });
    forward('m25');
    expect(readCursor(q(search), 'before')).toEqual({ cursor: 'm25', trail: ['-'], page: 2 });
    forward('m50');
    expect(readCursor(q(search), 'before')).toEqual({ cursor: 'm50', trail: ['-', 'm25'], page: 3 });
    back();
    expect(readCursor(q(search), 'before')).toEqual({ cursor: 'm25', trail: ['-'], page: 2 });
    back();
    expect(search).toBe('');
  });

  it('changing a filter starts again at the first page and keeps the filter', () => {
    const after = apply('cursor=c2&prev=-.c1&status=open', { status: 'closed', ...cursorReset('cursor') });
    expect(after.toString()).toBe('status=closed');
  });
});

describe('what a list shows', () => {
  it('a spinner only before the first answer; rows stay (busy) while reloading; errors show either way', () => {
    expect(listView({ items: undefined, loading: true, error: undefined })).toEqual({
      failed: false,
      spinner: true,
      table: false,
      busy: true,
    });
    expect(listView({ items: [1], loading: true, error: undefined })).toMatchObject({ spinner: false, table: true });
    expect(listView({ items: [], loading: false, error: undefined })).toMatchObject({ table: true, busy: false });
    expect(listView({ items: undefined, loading: false, error: new Error('x') })).toMatchObject({
      failed: true,
      spinner: false,
      table: false,
    });
    expect(listView({ items: [1], loading: false, error: new Error('x') })).toMatchObject({
      failed: true,
      table: true,
    });
  });
});
