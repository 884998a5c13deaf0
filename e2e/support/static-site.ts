import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

export interface StaticSite {
  /** e.g. `http://localhost:43121` */
  origin: string;
  port: number;
  /** An absolute URL on this site: `site.url('/index.html')`. */
  url(path?: string): string;
  close(): Promise<void>;
}

export interface StaticSiteOptions {
  /** Pages served from memory, by path: `{ '/': '<!doctype html>…' }`. */
  pages?: Record<string, string>;
  /** A folder served as well (pages win). */
  dir?: string;
  /**
   * The host name in `origin`. The default, `localhost`, makes the site a different *site* from a Parley
   * on 127.0.0.1 (not only a different origin), as a customer's web site embedding the widget would be.
   */
  hostname?: string;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * A second HTTP origin for tests: serves a few pages (e.g. a host page that embeds the chat widget) on a
 * free port. Stop it with `close()`.
 */
export async function serveStaticSite(opts: StaticSiteOptions = {}): Promise<StaticSite> {
  const hostname = opts.hostname ?? 'localhost';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const page = opts.pages?.[path] ?? (path.endsWith('/') ? opts.pages?.[`${path}index.html`] : undefined);
      if (page !== undefined) {
        res.writeHead(200, { 'content-type': types['.html'], 'cache-control': 'no-store' });
        res.end(page);
        return;
      }
      if (opts.dir) {
        const file = normalize(join(opts.dir, path.endsWith('/') ? `${path}index.html` : path));
        if (file.startsWith(normalize(opts.dir))) {
          try {
            const body = await readFile(file);
            res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
            res.end(body);
            return;
          } catch {
            // fall through to 404
          }
        }
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    })();
  });
  // Listening on 127.0.0.1 serves `localhost` too (Chromium resolves it to the loopback address).
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const origin = `http://${hostname}:${port}`;
  return {
    origin,
    port,
    url: (path = '/') => new URL(path, origin).href,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
