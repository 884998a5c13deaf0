/**
 * `routing.method = external`: asks `routing.external.url` which agent should take a conversation.
 * GET <url>?departmentId=…&conversationId=…, with the secret token in `X-Parley-Secret-Token` (and the
 * reference product's `X-RocketChat-Secret-Token`). The answer names an agent by `agentId`, `username`
 * or `email`. Errors, timeouts and unknown agents yield undefined: the conversation stays queued.
 */
export async function askExternalRouter(o: {
  url: string;
  secret: string;
  timeoutMs: number;
  departmentId: string | null;
  conversationId: string;
}): Promise<{ agentId?: string; username?: string; email?: string } | { error: string }> {
  const u = new URL(o.url);
  if (o.departmentId) u.searchParams.set('departmentId', o.departmentId);
  u.searchParams.set('conversationId', o.conversationId);
  try {
    const res = await fetch(u, {
      headers: {
        accept: 'application/json',
        ...(o.secret ? { 'x-parley-secret-token': o.secret, 'x-rocketchat-secret-token': o.secret } : {}),
      },
      signal: AbortSignal.timeout(o.timeoutMs),
      redirect: 'error',
    });
    if (!res.ok) return { error: `answered ${res.status}` };
    const text = await res.text();
    if (text.length > 10_000) return { error: 'answer too large' };
    const body = JSON.parse(text) as Record<string, unknown>;
    const pick = (k: string) =>
      typeof body[k] === 'string' && (body[k] as string).length < 400 ? (body[k] as string) : undefined;
    const out = { agentId: pick('agentId'), username: pick('username'), email: pick('email') };
    if (!out.agentId && !out.username && !out.email) return { error: 'answer names no agent' };
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
  } catch (err) {
    return { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}
