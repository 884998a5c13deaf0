/**
 * The router's pure parts (no `window`): matching a path against a route pattern and changing a query
 * string. Kept apart so they can be tested without a browser.
 */

/** `/admin/users/:id` against `/admin/users/42` → `{ id: '42' }`; undefined when it does not match. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(h);
    else if (w !== h) return undefined;
  }
  return params;
}

/** A query string with `changes` applied: `undefined` or `''` removes a key. Returns `?…` or `''`. */
export function withQueryChanges(search: string, changes: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams(search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') params.delete(k);
    else params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}
