#!/usr/bin/env node
/**
 * Writes `<file>.br` and `<file>.gz` next to every text asset of a build output directory, so the server
 * sends them as they are (@fastify/static `preCompressed`) instead of compressing per request or, worse,
 * sending them uncompressed. Brotli at its best quality: this runs once per build, not per request.
 * A variant that would not be smaller is not written (the server then falls back to the plain file).
 *
 * Usage: node scripts/precompress.mjs <dir> [<dir>…]
 */
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = /\.(?:js|mjs|css|html|svg|json|txt|webmanifest)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

let plain = 0;
let br = 0;
let gz = 0;
for (const dir of process.argv.slice(2)) {
  for (const path of [...files(dir)]) {
    if (!TEXT.test(path)) continue;
    const body = readFileSync(path);
    const variants = {
      br: brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
      gz: gzipSync(body, { level: 9 }),
    };
    plain += body.length;
    for (const [ext, data] of Object.entries(variants)) {
      const out = `${path}.${ext}`;
      if (data.length < body.length) writeFileSync(out, data);
      else {
        try {
          unlinkSync(out); // a stale variant of an earlier build must not be served
        } catch {
          // none
        }
        continue;
      }
      if (ext === 'br') br += data.length;
      else gz += data.length;
    }
  }
}
console.log(`precompressed: ${plain} B plain, ${br} B brotli, ${gz} B gzip`);
