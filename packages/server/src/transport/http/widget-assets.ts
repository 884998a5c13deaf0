import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { parseAllowedDomain } from '../../modules/widget/index.js';

export interface WidgetAssetOptions {
  /** packages/widget/dist: loader.js, frame.html and assets/. */
  dir: string;
  allowedDomains: () => readonly string[];
  additionalScripts: () => readonly string[];
  additionalCss: () => readonly string[];
}

/**
 * Serves the embeddable widget. The chat frame's Content-Security-Policy is computed per request from
 * the settings: `frame-ancestors` lets only the allowed domains embed it (any site when the list is
 * empty), and the additional scripts/stylesheets are the only foreign code it may load.
 */
export async function registerWidgetAssets(app: FastifyInstance, o: WidgetAssetOptions): Promise<void> {
  // Files are looked up per request, so a widget built after the server started is served too.
  try {
    mkdirSync(o.dir, { recursive: true });
  } catch {
    return; // read-only install without a widget build: nothing to serve
  }
  const framePath = join(o.dir, 'frame.html');
  app.get('/widget/frame.html', async (req, reply) => {
    if (!existsSync(framePath))
      return reply.code(404).send({ code: 'route.not-found', message: 'The widget is not built' });
    // Served by hand (its CSP is per request), so the encoding is picked here as @fastify/static would.
    const encoding = precompressedVariant(framePath, req.headers['accept-encoding']);
    if (encoding) reply.header('content-encoding', encoding);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('vary', 'Accept-Encoding')
      .header('content-security-policy', frameCsp(o))
      .send(readFileSync(encoding ? `${framePath}.${encoding === 'br' ? 'br' : 'gz'}` : framePath));
  });
  await app.register(fastifyStatic, {
    root: resolve(o.dir),
    prefix: '/widget/',
    decorateReply: false,
    index: false,
    // The build writes .br and .gz next to each file (scripts/precompress.mjs); Vary: Accept-Encoding.
    preCompressed: true,
    setHeaders(reply, path) {
      cacheHeaders(reply, path);
      reply.header('cross-origin-resource-policy', 'cross-origin');
    },
  });
}

/**
 * The loader's URL is what sites embed, so it cannot carry a hash: a short max-age plus its ETag (a
 * revalidation costs a 304). Everything under assets/ has a content hash in its name and never changes.
 * `path` may be the .br/.gz variant actually sent.
 */
export function cacheHeaders(reply: { header(name: string, value: string): unknown }, path: string): void {
  const file = path.replace(/\.(?:br|gz)$/, '');
  if (/[\\/]assets[\\/]/.test(file)) reply.header('cache-control', 'public, max-age=31536000, immutable');
  else if (file.endsWith('loader.js')) reply.header('cache-control', 'public, max-age=300');
  else reply.header('cache-control', 'no-cache');
}

/** `br` or `gzip` when the client accepts it (q > 0) and the build wrote that variant of `path`. */
export function precompressedVariant(path: string, acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((x) => /^\s*q=([0-9.]+)\s*$/.exec(x)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (e: string) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br') && existsSync(`${path}.br`)) return 'br';
  if (ok('gzip') && existsSync(`${path}.gz`)) return 'gzip';
  return undefined;
}

function origins(list: readonly string[]): string[] {
  return [
    ...new Set(
      list.map((u) => {
        try {
          return new URL(u).origin;
        } catch {
          return '';
        }
      }),
    ),
  ].filter(Boolean);
}

export function frameCsp(
  o: Pick<WidgetAssetOptions, 'allowedDomains' | 'additionalScripts' | 'additionalCss'>,
): string {
  const domains = o.allowedDomains();
  const ancestors = domains.length === 0 ? '*' : ["'self'", ...domains.flatMap(ancestorSources)].join(' ');
  const scripts = origins(o.additionalScripts());
  const styles = origins(o.additionalCss());
  return [
    "default-src 'self'",
    `script-src 'self' ${scripts.join(' ')}`.trim(),
    `style-src 'self' 'unsafe-inline' ${styles.join(' ')}`.trim(),
    "img-src 'self' data: blob:",
    "connect-src 'self' ws: wss:",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

/** CSP sources for one allowed-domains entry: the host and its subdomains, on its port or any port. */
function ancestorSources(entry: string): string[] {
  const d = parseAllowedDomain(entry);
  if (!d) return [];
  const port = d.port ?? '*';
  return ['http', 'https'].flatMap((scheme) => [`${scheme}://${d.host}:${port}`, `${scheme}://*.${d.host}:${port}`]);
}
