import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { RouteDef } from '../../kernel/http.js';
import type { Logger } from '../../kernel/logger.js';
import type { Authenticators } from './authenticate.js';
import { sendError } from './errors.js';
import { buildOpenApi } from './openapi.js';
import { registerRoute } from './register-route.js';
import { applyEtag, revalidated } from './etag.js';
import { cacheHeaders } from './widget-assets.js';
import type { OriginHeaders } from '../../modules/widget/index.js';

export interface HttpServerOptions {
  routes: RouteDef[];
  auth: Authenticators;
  log: Logger;
  publicUrl: string;
  trustProxy: boolean;
  version: string;
  /** Built web app (served at /) — optional so API-only tests need no build. */
  webDist?: string;
  /** Readiness: database reachable and not shutting down. */
  ready: () => Promise<boolean>;
  originAllowed?: (headers: OriginHeaders) => boolean;
  /** Extra registrations (the websocket gateway, the widget's pages). */
  extend?: (app: FastifyInstance) => Promise<void>;
}

export async function createHttpServer(o: HttpServerOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: o.log.child({ part: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: o.trustProxy,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
    // A path the router cannot decode (bad percent-encoding, an over-long parameter) gets our error shape.
    frameworkErrors: (err, req, reply) => sendError(err, req, reply),
  });
  app.setErrorHandler((err, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    const wantsPage =
      req.method === 'GET' && !req.url.startsWith('/api/') && o.webDist && existsSync(join(o.webDist, 'index.html'));
    // The web app routes on the client: unknown page paths get its index.html.
    if (wantsPage) return reply.header('cache-control', 'no-cache').sendFile('index.html', resolve(o.webDist!));
    return reply
      .code(404)
      .send({ code: 'route.not-found', message: `No such endpoint: ${req.method} ${req.url.split('?')[0]}` });
  });

  // The API speaks JSON (and multipart for uploads); a text body is refused with 415.
  app.removeContentTypeParser('text/plain');
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { throwFileSizeLimit: false });

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (req.url.startsWith('/api/') && !req.url.startsWith('/api/docs')) reply.header('cache-control', 'no-store');
    if (revalidated(req)) payload = applyEtag(req, reply, payload);
    // Staff pages are never framed; the widget's frame sets its own frame-ancestors.
    if (!reply.hasHeader('content-security-policy') && !req.url.startsWith('/widget')) {
      reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ok = await o.ready().catch(() => false);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not-ready' });
  });

  const document = buildOpenApi(o.routes, { version: o.version, serverUrl: o.publicUrl });
  app.get('/api/openapi.json', async () => document);
  await app.register(fastifySwagger, { mode: 'static', specification: { document: document as never } });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const deps = {
    auth: o.auth,
    secureCookies: o.publicUrl.startsWith('https://'),
    publicUrl: o.publicUrl,
    ...(o.originAllowed ? { originAllowed: o.originAllowed } : {}),
  };
  for (const def of o.routes) registerRoute(app, def, deps);

  if (o.extend) await o.extend(app);

  if (o.webDist && existsSync(o.webDist)) {
    await app.register(fastifyStatic, {
      root: resolve(o.webDist),
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // .br/.gz written by the web build (scripts/precompress.mjs), chosen by Accept-Encoding with Vary.
      preCompressed: true,
      // Vite names everything under assets/ by its content hash; index.html must be revalidated.
      setHeaders: (reply, path) => cacheHeaders(reply, path),
    });
  }
  return app;
}
