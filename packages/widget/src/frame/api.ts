/**
 * The widget API client. Every call names the host page (X-Parley-Host-Origin: the server checks it
 * against `livechat.allowedDomains`) and, once registered, carries the visitor token.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Parley's base URL: the frame lives at <base>/widget/frame.html. */
export const serverBase = new URL('../', location.href);

export interface ApiContext {
  hostOrigin: string;
  token: () => string | null;
  /** The host site's signed user: checked by the server on every call. */
  user?: () => { id: string; hash: string } | null;
}

let ctx: ApiContext = { hostOrigin: location.origin, token: () => null };
export function configureApi(c: ApiContext): void {
  ctx = c;
}

function headers(json: boolean): Record<string, string> {
  const h: Record<string, string> = { 'x-parley-host-origin': ctx.hostOrigin };
  const token = ctx.token();
  if (token) h['x-parley-visitor-token'] = token;
  const user = ctx.user?.();
  if (user) {
    h['x-parley-user-id'] = user.id;
    h['x-parley-user-hash'] = user.hash;
  }
  if (json) h['content-type'] = 'application/json';
  return h;
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<T> {
  const isForm = body instanceof FormData;
  let res: Response;
  try {
    res = await fetch(new URL(`api/v1/widget/${path}`, serverBase), {
      method,
      headers: { ...headers(body !== undefined && !isForm), ...extra },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network', 'Network error');
  }
  const text = await res.text().catch(() => '');
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  if (!res.ok) {
    const e = (data ?? {}) as { code?: string; message?: string; field?: string };
    throw new ApiError(res.status, e.code ?? `http.${res.status}`, e.message ?? res.statusText, e.field);
  }
  return data as T;
}

/** Downloads an attachment with the visitor token (it is not public) as an object URL. */
export async function fetchBlobUrl(url: string): Promise<string> {
  const res = await fetch(new URL(url.replace(/^\//, ''), serverBase), {
    headers: headers(false),
    credentials: 'omit',
  });
  if (!res.ok) throw new ApiError(res.status, `http.${res.status}`, res.statusText);
  return URL.createObjectURL(await res.blob());
}
