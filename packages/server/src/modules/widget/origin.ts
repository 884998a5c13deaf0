/**
 * `livechat.allowedDomains`: entries like `example.com` (the domain and its subdomains, any port) or
 * `shop.example.com:8443` (that port only). A widget API call (and a visitor's WebSocket) is refused
 * when a browser says it comes from a site outside the list. The widget frame runs on Parley's own
 * origin and names the host page in X-Parley-Host-Origin; direct calls carry the page's Origin/Referer.
 * Every origin a request names must be Parley itself or allowed. An empty list allows everything.
 *
 * `Origin: null` (sandboxed iframes, file:// pages, some redirects) names no site that could be on the
 * list, so it is refused when a list is set. A request naming no origin at all (no Origin, Referer or
 * X-Parley-Host-Origin) is not from a browser page (browsers send Origin on every cross-origin fetch and
 * every WebSocket upgrade): it is let through, as the list is a browser-side control, not authentication.
 */
export interface AllowedDomain {
  host: string;
  port: string | undefined;
}

/** The request headers the check reads; `host` is the Host the request came to (Parley itself). */
export interface OriginHeaders {
  origin?: string | undefined;
  referer?: string | undefined;
  hostOrigin?: string | undefined;
  host?: string | undefined;
}

export function parseAllowedDomain(entry: string): AllowedDomain | undefined {
  const bare = entry
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/^\*\./, '');
  const m = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(bare);
  if (!m || !m[1]) return undefined;
  return { host: m[1], port: m[2] };
}

export function originAllowed(allowedDomains: readonly string[], ownOrigin: string, headers: OriginHeaders): boolean {
  if (allowedDomains.length === 0) return true;
  const allowed = allowedDomains.map(parseAllowedDomain).filter((d): d is AllowedDomain => d !== undefined);
  const own = safeUrl(ownOrigin)?.origin;
  const named = [headers.origin, headers.hostOrigin, headers.referer].filter(
    (x): x is string => x !== undefined && x !== '',
  );
  for (const value of named) {
    const u = safeUrl(value);
    if (!u) return false; // `null` included
    if (isOwnUrl(u, own, headers.host)) continue;
    const host = u.hostname.toLowerCase();
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    if (!allowed.some((d) => (host === d.host || host.endsWith(`.${d.host}`)) && (!d.port || d.port === port)))
      return false;
  }
  return true;
}

/**
 * Is this origin Parley itself: PUBLIC_URL's origin, or the Host the request came to (a second name, a
 * dev proxy)? A browser page cannot make its Origin equal to the Host of a request it sends elsewhere.
 */
export function isOwnOrigin(origin: string, publicUrl: string | undefined, host: string | undefined): boolean {
  const u = safeUrl(origin);
  return u !== undefined && isOwnUrl(u, publicUrl === undefined ? undefined : safeUrl(publicUrl)?.origin, host);
}

function isOwnUrl(u: URL, ownOrigin: string | undefined, host: string | undefined): boolean {
  if (u.origin === ownOrigin) return true;
  if (!host) return false;
  const m = /^([^:]+|\[[^\]]+\])(?::(\d+))?$/.exec(host.toLowerCase());
  if (!m) return false;
  const defaultPort = u.protocol === 'https:' ? '443' : '80';
  return u.hostname === m[1] && (u.port || defaultPort) === (m[2] || defaultPort);
}

function safeUrl(v: string): URL | undefined {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}
