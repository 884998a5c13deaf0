/**
 * `livechat.allowedDomains`: a widget API call is refused when a browser says it comes from a site
 * outside the list. The widget frame itself runs on Parley's own origin and names the host page in
 * X-Parley-Host-Origin; direct calls carry the page's Origin/Referer. Every origin a request names must
 * be Parley itself or allowed (a domain allows its subdomains). An empty list allows everything.
 */
export function originAllowed(
  allowedDomains: readonly string[],
  ownOrigin: string,
  headers: { origin?: string; referer?: string; hostOrigin?: string },
): boolean {
  if (allowedDomains.length === 0) return true;
  const own = safeOrigin(ownOrigin);
  const named = [headers.origin, headers.hostOrigin, headers.referer].filter(
    (x): x is string => Boolean(x) && x !== 'null',
  );
  for (const value of named) {
    const o = safeOrigin(value);
    if (!o) return false;
    if (o === own) continue;
    const host = new URL(o).hostname.toLowerCase();
    if (!allowedDomains.some((d) => hostMatches(host, d))) return false;
  }
  return true;
}

function hostMatches(host: string, domain: string): boolean {
  const d = domain
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/[:/].*$/, '')
    .replace(/^\*\./, '');
  return d !== '' && (host === d || host.endsWith(`.${d}`));
}

function safeOrigin(v: string): string | undefined {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}
