import type { OutboundHttp } from '../../kernel/outbound-http.js';

/**
 * `routing.method = external`: asks `routing.external.url` which agent should take a conversation.
 * GET <url>?departmentId=…&conversationId=…, with the secret token in `X-Parley-Secret-Token` (and the
 * reference product's `X-RocketChat-Secret-Token`). The answer names an agent by `agentId`, `username`
 * or `email`. Errors, timeouts, refused addresses (kernel/outbound-http.ts) and unknown agents yield
 * undefined: the conversation stays queued. Redirects are not followed.
 */
export async function askExternalRouter(
  outbound: OutboundHttp,
  o: {
    url: string;
    secret: string;
    timeoutMs: number;
    departmentId: string | null;
    conversationId: string;
  },
): Promise<{ agentId?: string; username?: string; email?: string } | { error: string }> {
  let u: URL;
  try {
    u = new URL(o.url);
  } catch {
    return { error: 'routing.external.url is not a valid URL' };
  }
  if (o.departmentId) u.searchParams.set('departmentId', o.departmentId);
  u.searchParams.set('conversationId', o.conversationId);
  try {
    const res = await outbound.request({
      method: 'GET',
      url: u.toString(),
      headers: {
        accept: 'application/json',
        ...(o.secret ? { 'x-parley-secret-token': o.secret, 'x-rocketchat-secret-token': o.secret } : {}),
      },
      timeoutMs: o.timeoutMs,
      maxResponseBytes: 10_000,
    });
    if (res.status < 200 || res.status > 299) return { error: `answered ${res.status}` };
    if (res.truncated) return { error: 'answer too large' };
    const body = JSON.parse(res.body) as Record<string, unknown>;
    const pick = (k: string) =>
      typeof body[k] === 'string' && (body[k] as string).length < 400 ? (body[k] as string) : undefined;
    const out = { agentId: pick('agentId'), username: pick('username'), email: pick('email') };
    if (!out.agentId && !out.username && !out.email) return { error: 'answer names no agent' };
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
  } catch (err) {
    return { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}
