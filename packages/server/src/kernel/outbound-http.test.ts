import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, OutboundHttp, urlProblem } from './outbound-http.js';

let server: Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    if (req.url === '/redirect') {
      res.writeHead(302, { location: '/target' }).end();
    } else if (req.url === '/big') {
      res.writeHead(200).end('x'.repeat(100_000));
    } else if (req.url === '/slow') {
      setTimeout(() => res.writeHead(200).end('late'), 2_000).unref();
    } else {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end(`got ${body}`));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const refusing = new OutboundHttp({ allowPrivate: false });
const allowing = new OutboundHttp({ allowPrivate: true });
const post = (o: OutboundHttp, url: string) =>
  o.request({ method: 'POST', url, headers: {}, body: 'hi', timeoutMs: 1_000, maxResponseBytes: 1024 });

describe('outgoing HTTP to user-given URLs', () => {
  it('classifies addresses: only public unicast passes', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1'])
      expect(isPublicAddress(a), a).toBe(false);
    for (const a of ['::ffff:127.0.0.1', 'fe80::1', 'fc00::1', '100.64.0.1', '224.0.0.1', 'not-an-ip'])
      expect(isPublicAddress(a), a).toBe(false);
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:8.8.8.8'])
      expect(isPublicAddress(a), a).toBe(true);
  });

  it('refuses URLs that are not http(s) or carry credentials', () => {
    expect(urlProblem('ftp://example.com/')).toMatch(/http/);
    expect(urlProblem('http://user:pw@example.com/')).toMatch(/credentials/);
    expect(urlProblem('nonsense')).toMatch(/valid URL/);
    expect(urlProblem('https://example.com/hook')).toBeUndefined();
  });

  it('refuses loopback, private and link-local targets by literal or by name, before any byte is sent', async () => {
    const before = seen.length;
    const port = new URL(base).port;
    for (const url of [
      base,
      `http://localhost:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
    ]) {
      await expect(post(refusing, url), url).rejects.toThrow(/not allowed/);
    }
    expect(seen.length).toBe(before);
  });

  it('with the operator leave, reaches loopback; never follows redirects', async () => {
    const ok = await post(allowing, `${base}/echo`);
    expect(ok).toMatchObject({ status: 200, body: 'got hi', truncated: false });
    const redirect = await post(allowing, `${base}/redirect`);
    expect(redirect.status).toBe(302);
    expect(seen).not.toContain('/target');
  });

  it('reads answers only up to the bound, and gives up at the timeout', async () => {
    const big = await post(allowing, `${base}/big`);
    expect(big.body.length).toBe(1024);
    expect(big.truncated).toBe(true);
    await expect(
      allowing.request({ method: 'GET', url: `${base}/slow`, headers: {}, timeoutMs: 100, maxResponseBytes: 10 }),
    ).rejects.toThrow(/100 ms/);
  });
});
