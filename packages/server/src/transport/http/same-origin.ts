import type { FastifyRequest } from 'fastify';
import { fail } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/http.js';
import { isOwnOrigin } from '../../modules/widget/index.js';

/** The headers a browser uses to say where a request comes from; `host` is the Host it came to. */
export interface SiteHeaders {
  origin?: string | undefined;
  secFetchSite?: string | undefined;
  host?: string | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for what the session cookie authenticates. SameSite=Strict keeps
 * the cookie off requests from other *sites*, but a sibling subdomain (or any page on the same
 * registrable domain) is the same site; so a browser request is accepted only when it says it comes
 * from Parley's own origin: `Sec-Fetch-Site: same-origin` (or `none`, typed by the user), or an
 * `Origin` equal to PUBLIC_URL's origin or to the Host the request came to (a proxy or a second name).
 * A request with neither header is not from a browser page (browsers send Origin on every cross-origin
 * write and on every WebSocket upgrade) and is let through. Bearer tokens are never sent by a browser
 * on its own, so they are not checked.
 */
export function isCrossSite(h: SiteHeaders, publicUrl: string | undefined): boolean {
  const site = h.secFetchSite?.toLowerCase();
  if (site === 'same-origin' || site === 'none') return false;
  if (h.origin !== undefined) return !isOwnOrigin(h.origin, publicUrl, h.host);
  return site !== undefined;
}

export function siteHeaders(req: FastifyRequest): SiteHeaders {
  const h = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return { origin: h('origin'), secFetchSite: h('sec-fetch-site'), host: req.host };
}

/** Refuses a state-changing request authenticated by the session cookie that came from another site. */
export function refuseCrossSiteWrite(req: FastifyRequest, actor: Actor, publicUrl: string | undefined): void {
  if (actor.kind !== 'staff' || actor.via !== 'session' || SAFE_METHODS.has(req.method)) return;
  if (isCrossSite(siteHeaders(req), publicUrl)) fail('auth.cross-site-request');
}
