import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The loader site owners embed: one small classic script, dist/loader.js (not hashed: its URL is public). */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    lib: {
      entry: fileURLToPath(new URL('src/loader/loader.ts', import.meta.url)),
      formats: ['iife'],
      name: 'ParleyLoader',
      fileName: () => 'loader.js',
    },
  },
});
