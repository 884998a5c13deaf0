import { call, loopbackAddress, mapLimit, request } from './http.js';

/**
 * The few Parley API calls the benchmarks make, over real HTTP.
 */

/**
 * Signs in; returns the session cookie header ("parley_session=…").
 * @param {string} url
 * @param {{ email: string, password: string }} who
 * @param {string} [localAddress] sign-in is rate-limited per client IP (20/min)
 */
export async function signIn(url, who, localAddress) {
  const r = await request(url, 'POST', '/api/v1/auth/sign-in', {
    body: { email: who.email, password: who.password },
    ...(localAddress ? { localAddress } : {}),
  });
  if (r.status !== 200) throw new Error(`sign-in as ${who.email} → ${r.status} ${r.text.slice(0, 200)}`);
  const set = [r.headers['set-cookie'] ?? []].flat();
  const c = set.map((s) => /^(parley_session=[^;]+)/.exec(s)?.[1]).find(Boolean);
  if (!c) throw new Error('sign-in answered without a parley_session cookie');
  return c;
}

/** @param {string} cookie */
export const withCookie = (cookie) => ({ cookie });

/**
 * Creates `count` agents through the admin API and signs each in (from its own loopback address, so the
 * per-IP sign-in limit never bites). Capacity `maxChats` is set by the admin.
 * @param {string} url
 * @param {string} adminCookie
 * @param {number} count
 * @param {{ maxChats?: number, prefix?: string, ipOffset?: number }} [o]
 * @returns {Promise<Array<{ id: string, email: string, cookie: string }>>}
 */
export async function createAgents(url, adminCookie, count, o = {}) {
  const prefix = o.prefix ?? 'agent';
  return mapLimit(
    Array.from({ length: count }, (_, i) => i),
    4,
    async (i) => {
      const email = `${prefix}-${i}-${Date.now().toString(36)}@example.test`;
      const password = 'correct horse battery staple 2';
      const user = await call(url, 'POST', '/api/v1/users', {
        headers: withCookie(adminCookie),
        body: { email, name: `Bench ${prefix} ${i}`, password, roles: ['agent'] },
      });
      const id = user.id ?? user.user?.id;
      if (o.maxChats !== undefined) await setCapacity(url, adminCookie, id, o.maxChats);
      const cookie = await signIn(url, { email, password }, loopbackAddress((o.ipOffset ?? 1000) + i));
      return { id, email, cookie };
    },
  );
}

/**
 * @param {string} url
 * @param {string} adminCookie
 * @param {string} agentId
 * @param {number | null} maxChats
 */
export function setCapacity(url, adminCookie, agentId, maxChats) {
  return call(url, 'PUT', `/api/v1/agents/${agentId}/capacity`, {
    headers: withCookie(adminCookie),
    body: { maxChats },
  });
}

/**
 * @param {string} url
 * @param {string} cookie
 */
export function setAvailable(url, cookie) {
  return call(url, 'PUT', '/api/v1/agents/me/status', {
    headers: withCookie(cookie),
    body: { availability: 'available' },
  });
}

/**
 * Registers a widget visitor (rate-limited to 30/min per IP: pass a distinct `localAddress` per 25).
 * @param {string} url
 * @param {string} [localAddress]
 * @returns {Promise<string>} the visitor token
 */
export async function registerVisitor(url, localAddress) {
  const body = await call(url, 'POST', '/api/v1/widget/visitors', {
    body: {},
    ...(localAddress ? { localAddress } : {}),
  });
  return body.token;
}

/** @param {string} token */
export const visitorHeaders = (token) => ({ 'x-parley-visitor-token': token });

/**
 * @param {string} url
 * @param {string} token
 * @param {{ text?: string }} [body]
 * @returns {Promise<{ id: string, status: string, agent: { id: string } | null }>}
 */
export async function startConversation(url, token, body = {}) {
  const r = await call(url, 'POST', '/api/v1/widget/conversations', { headers: visitorHeaders(token), body });
  return r.conversation;
}
