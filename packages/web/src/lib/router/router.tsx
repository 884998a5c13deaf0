import { useMemo, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { withQueryChanges } from './match';

/**
 * A tiny history-API router: the URL is the state (path + query), so every screen survives a reload
 * and can be linked to. Pages read `useLocation()` / `useQuery()` and change them with `navigate()`.
 */

const listeners = new Set<() => void>();
let navigations = 0;

/** Whether the user has moved within the app since it loaded (pages then move the focus to their heading). */
export function hasNavigated(): boolean {
  return navigations > 0;
}

function notify(): void {
  for (const l of listeners) l();
}

window.addEventListener('popstate', () => {
  navigations++;
  notify();
});

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let guard: (() => boolean) | undefined;

/**
 * Lets a page with unsaved work ask before the user leaves it for another page (query changes within
 * the page are not asked about). Returns the function that removes the guard.
 */
export function setNavigationGuard(confirmLeave: () => boolean): () => void {
  guard = confirmLeave;
  return () => {
    if (guard === confirmLeave) guard = undefined;
  };
}

/** `force`: the app's own redirects (signed out, …), which no page may hold up. */
export function navigate(to: string, opts: { replace?: boolean; force?: boolean } = {}): void {
  const url = new URL(to, location.href);
  if (url.href === location.href) return;
  if (!opts.force && guard && url.pathname !== location.pathname && !guard()) return;
  if (opts.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  navigations++;
  notify();
}

export interface AppLocation {
  pathname: string;
  search: string;
  hash: string;
}

export function useLocation(): AppLocation {
  const href = useSyncExternalStore(subscribe, () => location.href);
  return useMemo(() => {
    const u = new URL(href);
    return { pathname: u.pathname, search: u.search, hash: u.hash };
  }, [href]);
}

/** The current query string; change it with `setQuery` (a new history entry unless `replace`). */
export function useQuery(): URLSearchParams {
  const { search } = useLocation();
  return useMemo(() => new URLSearchParams(search), [search]);
}

export function setQuery(changes: Record<string, string | number | undefined>, opts: { replace?: boolean } = {}) {
  navigate(`${location.pathname}${withQueryChanges(location.search, changes)}`, opts);
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An ordinary link (open in a new tab works) that navigates in place on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
