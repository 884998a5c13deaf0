import type { ErrorCode } from '@parley/shared';

/** A failed API call, carrying the server's `{code, message, field?, details?}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** A code of the server's error catalog, or `network.error` when the server could not be reached. */
    readonly code: ErrorCode | 'network.error',
    message: string,
    /** Dotted path of the offending input, e.g. `body.email` or `livechat.titleColor`. */
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

let onUnauthenticated: (() => void) | undefined;

/** Called when any request finds the session gone (expired, signed out elsewhere). */
export function setUnauthenticatedHandler(handler: (() => void) | undefined): void {
  onUnauthenticated = handler;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  const form = body instanceof FormData;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body !== undefined && !form ? { 'content-type': 'application/json', accept: 'application/json' } : {},
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network.error', 'Parley could not be reached. Check your connection and try again.');
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const e = (data ?? {}) as { code?: ErrorCode; message?: string; field?: string; details?: unknown };
    const err = new ApiError(
      res.status,
      e.code ?? 'internal.error',
      e.message ?? `${res.status} ${res.statusText}`,
      e.field,
      e.details,
    );
    if (err.code === 'auth.unauthenticated') onUnauthenticated?.();
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  /** multipart/form-data (uploads); the browser sets the boundary. */
  postForm: <T>(path: string, form: FormData) => request<T>('POST', path, form),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** A readable message for anything thrown by an API call. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Field errors of a failed form submission, keyed by input name without the `body.` prefix:
 * `{ email: 'A user with this email already exists' }`. Validation failures list every issue.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  const strip = (path: string) => path.replace(/^body\./, '');
  const issues = (err.details as { issues?: Array<{ path: string; message: string }> } | undefined)?.issues;
  if (err.code === 'request.invalid' && Array.isArray(issues)) {
    for (const i of issues) out[strip(i.path)] ??= i.message;
  }
  if (err.field && !out[strip(err.field)]) {
    const f = strip(err.field);
    // Validation messages start with the path ("body.email: Invalid email"); the field shows it already.
    out[f] = err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;
  }
  return out;
}
