import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

export const screenshotDir = fileURLToPath(new URL('../output/screenshots/', import.meta.url));

/**
 * Saves `e2e/output/screenshots/<name>.png`: what the window shows (1280×800 unless a test resized it),
 * or the whole page with `fullPage` (sticky bars then appear where the capture scrolled them).
 */
export async function saveScreenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({
    path: `${screenshotDir}${name}.png`,
    fullPage: opts.fullPage ?? false,
    animations: 'disabled',
  });
}
