/**
 * The HTTP contract between modules and transport, free of any HTTP library: a module describes its
 * routes (path, who may call, input schemas, handler) and transport/http turns them into Fastify routes
 * and the OpenAPI document. Routes stay thin: validate → authorize → call a service → present.
 */
import type { Readable } from 'node:stream';
import type { StaffRole } from '@parley/shared';
import type { z } from 'zod';

export type Access =
  /** Anybody (health, widget config, sign-in). */
  | { public: true }
  /** A widget visitor, by visitor token. */
  | { visitor: true }
  /** A signed-in staff user holding one of these roles. */
  | { roles: readonly StaffRole[] };

export interface StaffActor {
  kind: 'staff';
  userId: string;
  roles: StaffRole[];
  name: string;
  email: string;
  via: 'session' | 'token';
  sessionId?: string;
  /** The personal access token it authenticated with (so revoking it can close its sockets). */
  tokenId?: string;
}

export interface VisitorActor {
  kind: 'visitor';
  visitorId: string;
  contactId: string;
}

export type Actor = StaffActor | VisitorActor | { kind: 'anonymous' };

type ActorFor<A extends Access> = A extends { roles: readonly StaffRole[] }
  ? StaffActor
  : A extends { visitor: true }
    ? VisitorActor
    : Actor;

export interface RequestInfo {
  requestId: string;
  ip: string;
  userAgent: string | undefined;
  referer: string | undefined;
  origin: string | undefined;
  /** Lower-cased header names. */
  header(name: string): string | undefined;
}

/** A file part of a multipart request, streamed (never buffered whole). */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  stream: Readable;
  /** True once the stream was cut at the size limit. */
  truncated(): boolean;
}

export interface RouteContext<B, Q, P, A extends Access> {
  body: B;
  query: Q;
  params: P;
  actor: ActorFor<A>;
  req: RequestInfo;
  /** For routes declared with `upload`: the first file part, plus the other (text) fields. */
  file(): Promise<{ file: UploadedFile | undefined; fields: Record<string, string> }>;
}

export interface CookieSpec {
  name: string;
  value: string;
  maxAgeSeconds: number;
  httpOnly: boolean;
  sameSite: 'strict' | 'lax';
}

/** A handler's answer when it needs more than "200 with this JSON". */
export class HttpResult {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
    readonly cookies: CookieSpec[] = [],
    readonly stream?: Readable,
  ) {}
}

export const respond = {
  created: (body: unknown) => new HttpResult(201, body),
  accepted: (body: unknown) => new HttpResult(202, body),
  noContent: () => new HttpResult(204, undefined),
  json: (status: number, body: unknown, cookies: CookieSpec[] = []) => new HttpResult(status, body, {}, cookies),
  stream: (stream: Readable, headers: Record<string, string>) => new HttpResult(200, undefined, headers, [], stream),
};

export interface RouteDef<B = unknown, Q = unknown, P = unknown, A extends Access = Access> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify style: `/api/v1/users/:id`. */
  path: string;
  summary: string;
  tags: string[];
  access: A;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Documented answer (OpenAPI only). */
  response?: z.ZodType;
  /** multipart/form-data with one file of at most this many bytes (the body schema is not used). */
  upload?: { maxBytes: () => number };
  /** Requests per window, per client IP (and per visitor for visitor routes). */
  rateLimit?: { max: number; windowMs: number };
  /** Visitor routes: refuse calls from Origins outside `livechat.allowedDomains`. */
  checkOrigin?: boolean;
  handler(ctx: RouteContext<B, Q, P, A>): Promise<unknown>;
}

/** Declares a route with its types inferred from the schemas and access rule. */
export function route<B = undefined, Q = undefined, P = undefined, const A extends Access = Access>(
  def: RouteDef<B, Q, P, A>,
): RouteDef {
  return def as unknown as RouteDef;
}
