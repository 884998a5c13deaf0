import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The chat app inside the iframe: dist/frame.html (no inline script: the server's CSP forbids it) and
 * hashed files under dist/assets/. Relative URLs, so it works under /widget/ behind any path prefix.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  publicDir: false,
  logLevel: 'warn',
  resolve: { conditions: ['parley-source'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    rollupOptions: { input: { frame: fileURLToPath(new URL('frame.html', import.meta.url)) } },
  },
});
