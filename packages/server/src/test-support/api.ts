import type { FastifyInstance } from 'fastify';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
  cookies: Array<{ name: string; value: string }>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A small client over `app.inject` that remembers who it is (cookie, token or visitor token). */
export class Api {
  constructor(
    private readonly app: FastifyInstance,
    readonly headers: Record<string, string> = {},
  ) {}

  as(headers: Record<string, string>): Api {
    return new Api(this.app, { ...this.headers, ...headers });
  }

  withCookie(cookie: string): Api {
    return this.as({ cookie });
  }

  withBearer(token: string): Api {
    return this.as({ authorization: `Bearer ${token}` });
  }

  async request<T = any>(
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await this.app.inject({
      method,
      url,
      headers: { ...this.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    let parsed: unknown = res.body;
    if (String(res.headers['content-type'] ?? '').includes('application/json') && res.body.length > 0)
      parsed = res.json();
    return {
      status: res.statusCode,
      body: parsed as T,
      headers: res.headers,
      cookies: res.cookies.map((c) => ({ name: c.name, value: c.value })),
    };
  }

  get<T = any>(url: string, headers?: Record<string, string>) {
    return this.request<T>('GET', url, undefined, headers);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body, headers);
  }
  put<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', url, body, headers);
  }
  patch<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', url, body, headers);
  }
  delete<T = any>(url: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', url, undefined, headers);
  }
}
