import { defineConfig } from '@playwright/test';

/**
 * Browser tests in Debian's Chromium (`apt-get install -y chromium`); Playwright's own browser download
 * is never used. Each worker starts a real Parley from the built dist (see support/parley-server.ts), so
 * run `npm run build` first (`npm run test:e2e` at the root does both).
 */
export default defineConfig({
  testDir: './tests',
  outputDir: './output/test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: './output/report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    // The staff app follows the browser's language (issue 18, item 7): the specs read its English texts.
    locale: 'en-US',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
