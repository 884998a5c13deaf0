import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { readyTimeoutMs, startParley, type AdminCredentials, type ParleyServer } from './parley-server';

export { expect };

interface TestFixtures {
  /** An API client signed in as the server's admin (cookie session). */
  api: APIRequestContext;
  /** The test's page, already signed in as the admin. */
  adminPage: Page;
}

interface WorkerFixtures {
  /** One Parley (fresh database, admin from `defaultAdmin`) for all tests of a worker. */
  parley: ParleyServer;
}

/** Signs `request` in; its cookie jar (the page's, for `page.request`) then holds the session. */
export async function signIn(request: APIRequestContext, baseURL: string, who: AdminCredentials): Promise<void> {
  const res = await request.post(`${baseURL}/api/v1/auth/sign-in`, { data: who });
  expect(res.status(), await res.text()).toBe(200);
}

/**
 * `test` with a running Parley. Tests needing a server of their own (no admin, other env) call
 * `startParley()` themselves and stop it in `finally` / `afterAll`.
 */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  parley: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startParley();
      try {
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: 'worker', timeout: readyTimeoutMs + 30_000 },
  ],
  baseURL: async ({ parley }, use) => use(parley.url),
  api: async ({ playwright, parley }, use) => {
    const ctx = await playwright.request.newContext({ baseURL: parley.url });
    await signIn(ctx, parley.url, parley.admin!);
    await use(ctx);
    await ctx.dispose();
  },
  adminPage: async ({ page, parley }, use) => {
    await signIn(page.request, parley.url, parley.admin!);
    await use(page);
  },
});
