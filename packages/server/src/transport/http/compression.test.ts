import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

/**
 * Issue 19 item 4: static files go out precompressed (brotli, else gzip, else plain) with
 * `Vary: Accept-Encoding`; hashed files are immutable, the loader revalidates; the widget config
 * carries an ETag and answers 304 when unchanged. The dist dirs are built here with the real
 * scripts/precompress.mjs, so the build step is exercised too.
 */
const precompress = fileURLToPath(new URL('../../../../../scripts/precompress.mjs', import.meta.url));
// Repetitive enough that every compressed variant is much smaller than the file.
const js = `export const greeting = ${JSON.stringify('hello parley '.repeat(200))};\n`;

describe('precompressed static files and revalidation', () => {
  let p: TestParley;
  let root = '';
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'parley-compression-'));
    const widget = join(root, 'widget');
    const web = join(root, 'web');
    mkdirSync(join(widget, 'assets'), { recursive: true });
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(widget, 'loader.js'), js);
    writeFileSync(join(widget, 'assets', 'frame-AbC123.js'), js);
    writeFileSync(join(widget, 'frame.html'), `<!doctype html><title>frame</title>${'<p>x</p>'.repeat(100)}`);
    writeFileSync(join(web, 'index.html'), `<!doctype html><title>app</title>${'<p>x</p>'.repeat(100)}`);
    writeFileSync(join(web, 'assets', 'index-XyZ789.js'), js);
    execFileSync(process.execPath, [precompress, widget, web]);
    p = await startTestParley({ env: { WIDGET_DIST: widget, WEB_DIST: web } });
  });
  afterAll(async () => {
    await p?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) => p.http.inject({ method: 'GET', url, headers });

  for (const url of ['/widget/loader.js', '/widget/assets/frame-AbC123.js', '/assets/index-XyZ789.js']) {
    it(`${url}: brotli, else gzip, else plain, always with Vary: Accept-Encoding`, async () => {
      const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.statusCode).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toMatch(/javascript/);
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(br.rawPayload.length).toBeLessThan(js.length / 4);
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(js);

      const gz = await get(url, { 'accept-encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers.vary).toMatch(/accept-encoding/i);
      expect(gunzipSync(gz.rawPayload).toString()).toBe(js);

      const plain = await get(url, { 'accept-encoding': 'identity' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
      expect(plain.body).toBe(js);
      // Each representation has its own validator.
      expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
    });
  }

  it('hashed files are immutable for a year; the loader (a public URL) revalidates within minutes', async () => {
    for (const url of ['/widget/assets/frame-AbC123.js', '/assets/index-XyZ789.js']) {
      const res = await get(url, { 'accept-encoding': 'br' });
      expect(res.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
    const loader = await get('/widget/loader.js', { 'accept-encoding': 'br' });
    expect(loader.headers['cache-control']).toBe('public, max-age=300');
    expect(loader.headers.etag).toBeTruthy();
    const again = await get('/widget/loader.js', {
      'accept-encoding': 'br',
      'if-none-match': String(loader.headers.etag),
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('the chat frame and the web app page are compressed and never cached unrevalidated', async () => {
    const frame = await get('/widget/frame.html', { 'accept-encoding': 'br' });
    expect(frame.headers['content-encoding']).toBe('br');
    expect(frame.headers.vary).toMatch(/accept-encoding/i);
    expect(frame.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(frame.rawPayload).toString()).toContain('<title>frame</title>');
    const plainFrame = await get('/widget/frame.html', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(plainFrame.headers['content-encoding']).toBeUndefined();
    expect(plainFrame.body).toContain('<title>frame</title>');

    const page = await get('/inbox', { 'accept-encoding': 'gzip' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(page.rawPayload).toString()).toContain('<title>app</title>');
  });

  it('the widget config has an ETag: unchanged → 304 without a body, changed settings → 200', async () => {
    const first = await get('/api/v1/widget/config');
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');

    const same = await get('/api/v1/widget/config', { 'if-none-match': etag });
    expect(same.statusCode).toBe(304);
    expect(same.rawPayload.length).toBe(0);
    expect(same.headers.etag).toBe(etag);

    await p.settings.update({ 'livechat.title': 'Changed title' }, { kind: 'anonymous' });
    const changed = await get('/api/v1/widget/config', { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json().settings['livechat.title']).toBe('Changed title');
    // Other API answers stay uncached.
    expect((await get('/api/v1/health')).headers['cache-control']).toBe('no-store');
  });

  it('the site page may read the config (the loader draws the launcher from it) only from an allowed origin', async () => {
    const res = await get('/api/v1/widget/config', { origin: 'https://shop.example.com' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(res.headers.vary).toMatch(/origin/i);
    console.log(`widget config: ${res.rawPayload.length} B`);
    await p.settings.update({ 'livechat.allowedDomains': ['other.example.org'] }, { kind: 'anonymous' });
    const refused = await get('/api/v1/widget/config', { origin: 'https://shop.example.com' });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    await p.settings.update({ 'livechat.allowedDomains': [] }, { kind: 'anonymous' });
  });
});
