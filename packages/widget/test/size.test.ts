import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The widget's weight budget (issue 5): the loader every page of a customer's site downloads, and what
 * the chat frame needs before it can show anything. Builds from source into a temp dir, so it needs no
 * prior `npm run build`.
 */
const LOADER_BUDGET = 3 * 1024;
const FIRST_LOAD_BUDGET = 30 * 1024;

const widgetDir = fileURLToPath(new URL('..', import.meta.url));
let out = '';

interface Weight {
  file: string;
  raw: number;
  gzip: number;
}

async function weigh(file: string): Promise<Weight> {
  const body = await readFile(join(out, file));
  return { file, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
}

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'parley-widget-size-'));
  await build({
    configFile: join(widgetDir, 'vite.frame.config.ts'),
    logLevel: 'error',
    build: { outDir: out, emptyOutDir: true },
  });
  await build({
    configFile: join(widgetDir, 'vite.loader.config.ts'),
    logLevel: 'error',
    build: { outDir: out, emptyOutDir: false },
  });
}, 120_000);

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('widget weight budget', () => {
  it(`the loader is at most ${kb(LOADER_BUDGET)} gzipped`, async () => {
    const w = await weigh('loader.js');
    console.log(`widget loader.js: ${w.raw} B raw, ${w.gzip} B gzipped (budget ${LOADER_BUDGET} B)`);
    expect(w.gzip).toBeLessThanOrEqual(LOADER_BUDGET);
  });

  it(`the chat frame's first load is at most ${kb(FIRST_LOAD_BUDGET)} gzipped`, async () => {
    const html = await readFile(join(out, 'frame.html'), 'utf8');
    // Everything frame.html pulls in by itself: scripts, stylesheets and preloaded modules.
    const refs = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.some((r) => r.endsWith('.js'))).toBe(true);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script: the frame's CSP forbids it
    const weights = [await weigh('frame.html'), ...(await Promise.all(refs.map(weigh)))];
    const raw = weights.reduce((a, w) => a + w.raw, 0);
    const gzip = weights.reduce((a, w) => a + w.gzip, 0);
    for (const w of weights) console.log(`widget ${w.file}: ${w.raw} B raw, ${w.gzip} B gzipped`);
    console.log(`widget first load: ${raw} B raw, ${gzip} B gzipped (budget ${FIRST_LOAD_BUDGET} B)`);
    expect(gzip).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
  });
});
