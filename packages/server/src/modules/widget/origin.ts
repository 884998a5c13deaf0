/**
 * `livechat.allowedDomains`: entries like `example.com` (the domain and its subdomains, any port) or
 * `shop.example.com:8443` (that port only). A widget API call is refused when a browser says it comes
 * from a site outside the list. The widget frame runs on Parley's own origin and names the host page in
 * X-Parley-Host-Origin; direct calls carry the page's Origin/Referer. Every origin a request names must
 * be Parley itself or allowed. An empty list allows everything.
 */
export interface AllowedDomain {
  host: string;
  port: string | undefined;
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

export function originAllowed(
  allowedDomains: readonly string[],
  ownOrigin: string,
  headers: { origin?: string; referer?: string; hostOrigin?: string },
): boolean {
  if (allowedDomains.length === 0) return true;
  const allowed = allowedDomains.map(parseAllowedDomain).filter((d): d is AllowedDomain => d !== undefined);
  const own = safeUrl(ownOrigin)?.origin;
  const named = [headers.origin, headers.hostOrigin, headers.referer].filter(
    (x): x is string => Boolean(x) && x !== 'null',
  );
  for (const value of named) {
    const u = safeUrl(value);
    if (!u) return false;
    if (u.origin === own) continue;
    const host = u.hostname.toLowerCase();
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    if (!allowed.some((d) => (host === d.host || host.endsWith(`.${d.host}`)) && (!d.port || d.port === port)))
      return false;
  }
  return true;
}

function safeUrl(v: string): URL | undefined {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}
