import { finished, PassThrough } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, fail } from '../../kernel/errors.js';
import {
  HttpResult,
  type Actor,
  type RequestInfo,
  type RouteContext,
  type RouteDef,
  type UploadedFile,
} from '../../kernel/http.js';
import { RateLimiter } from '../../kernel/rate-limiter.js';
import { resolveStaff, resolveVisitor, type Authenticators } from './authenticate.js';
import { validationError } from './errors.js';
import { refuseCrossSiteWrite } from './same-origin.js';
import type { OriginHeaders } from '../../modules/widget/index.js';
import { assertStorableInput } from './input-guard.js';

export interface RouteDeps {
  auth: Authenticators;
  secureCookies: boolean;
  /** For `checkOrigin` routes: may the page this request comes from use the widget API? */
  originAllowed?: (headers: OriginHeaders) => boolean;
  /** Parley's own address (PUBLIC_URL): cookie-authenticated writes must come from it (or the Host). */
  publicUrl?: string;
}

/** Turns a module's route definition into a Fastify route: authenticate → authorize → validate → handle. */
export function registerRoute(app: FastifyInstance, def: RouteDef, deps: RouteDeps): void {
  const limiter = def.rateLimit ? new RateLimiter(def.rateLimit.max, def.rateLimit.windowMs) : undefined;
  app.route({
    method: def.method,
    url: def.path,
    handler: async (req, reply) => {
      if (def.checkOrigin && deps.originAllowed) {
        const h = (n: string) => {
          const v = req.headers[n];
          return Array.isArray(v) ? v[0] : v;
        };
        const headers = { origin: h('origin'), referer: h('referer'), hostOrigin: h('x-parley-host-origin') };
        if (!deps.originAllowed({ ...headers, host: req.host })) fail('origin.not-allowed');
      }
      const actor = await authorize(def, req, deps.auth);
      refuseCrossSiteWrite(req, actor, deps.publicUrl);
      if (limiter) {
        const who = actor.kind === 'visitor' ? `v:${actor.visitorId}` : `ip:${req.ip}`;
        if (!limiter.hit(who) || (actor.kind === 'visitor' && !limiter.hit(`ip:${req.ip}`))) {
          throw new DomainError('rate.limited', undefined, undefined, {
            retryAfterSeconds: limiter.retryAfterSeconds(who),
          });
        }
      }
      const ctx: RouteContext<unknown, unknown, unknown, typeof def.access> = {
        // Path first, then query, then body: an error names the first bad part of the URL before the body.
        params: parse(def, 'params', req.params),
        query: parse(def, 'query', req.query),
        body: parse(def, 'body', def.upload ? undefined : req.body),
        actor: actor as never,
        req: requestInfo(req),
        file: () => readMultipart(req, def),
      };
      const result = await def.handler(ctx);
      return present(result, reply, deps);
    },
  });
}

async function authorize(def: RouteDef, req: FastifyRequest, auth: Authenticators): Promise<Actor> {
  const access = def.access;
  if ('public' in access) return { kind: 'anonymous' };
  if ('visitor' in access) {
    return (await resolveVisitor(req, auth)) ?? fail('visitor.unauthenticated');
  }
  const staff = await resolveStaff(req, auth);
  if (!staff) fail('auth.unauthenticated');
  if (!staff.roles.some((r) => access.roles.includes(r))) fail('auth.forbidden');
  return staff;
}

function parse(def: RouteDef, part: 'body' | 'query' | 'params', value: unknown): unknown {
  assertStorableInput(value, part);
  const schema = def[part];
  if (!schema) return value;
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(r.error, part);
  return r.data;
}

function requestInfo(req: FastifyRequest): RequestInfo {
  const h = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return {
    requestId: req.id,
    ip: req.ip,
    userAgent: h('user-agent'),
    referer: h('referer'),
    origin: h('origin'),
    header: h,
  };
}

async function readMultipart(
  req: FastifyRequest,
  def: RouteDef,
): Promise<{ file: UploadedFile | undefined; fields: Record<string, string> }> {
  if (!def.upload) throw new Error(`${def.path} does not take uploads`);
  if (!req.isMultipart()) fail('request.unsupported-media-type', 'Send the file as multipart/form-data', 'body');
  const fields: Record<string, string> = {};
  const maxBytes = def.upload.maxBytes();
  // Text fields must come before the file part (browsers send them in form order).
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 10_000 } })) {
      assertStorableInput({ [part.fieldname]: part.type === 'file' ? '' : part.value }, 'body');
      if (part.type === 'file') {
        assertStorableInput({ filename: part.filename, mimetype: part.mimetype }, `body.${part.fieldname}`);
        return { fields, file: uploadedFile(part) };
      }
      fields[part.fieldname] = String(part.value);
    }
  } catch (err) {
    // The parser's own failures (a cut or malformed form) are the client's, not ours.
    if (err instanceof DomainError || (err as { statusCode?: number }).statusCode) throw err;
    throw new DomainError('request.invalid', `body: not a valid multipart form (${(err as Error).message})`, 'body');
  }
  return { file: undefined, fields };
}

/** The file part, with a form that ends before the file does reported as the client's error. */
function uploadedFile(part: MultipartFile): UploadedFile {
  const stream = new PassThrough();
  // A handler that refuses the upload early never reads the stream: its error must not go unheard.
  stream.on('error', () => {});
  // `finished` also reports a part the parser had already failed before we got to it.
  finished(part.file, (err) => {
    if (!err) return;
    const cut = `body.${part.fieldname}: the form ended before the file did`;
    stream.destroy(
      err instanceof DomainError ? err : new DomainError('request.invalid', cut, `body.${part.fieldname}`),
    );
  });
  part.file.pipe(stream);
  return {
    filename: part.filename,
    mimetype: part.mimetype,
    stream,
    truncated: () => part.file.truncated,
  };
}

async function present(result: unknown, reply: FastifyReply, deps: RouteDeps): Promise<unknown> {
  if (!(result instanceof HttpResult)) return result ?? { ok: true };
  for (const c of result.cookies) {
    reply.setCookie(c.name, c.value, {
      path: '/',
      httpOnly: c.httpOnly,
      sameSite: c.sameSite,
      secure: deps.secureCookies,
      maxAge: c.maxAgeSeconds,
    });
  }
  reply.code(result.status).headers(result.headers);
  if (result.stream) return reply.send(result.stream);
  if (result.status === 204) return reply.send();
  return reply.send(result.body);
}
