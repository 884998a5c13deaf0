import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import { expect, signIn } from './fixtures';
import type { ParleyServer } from './parley-server';

let seq = 0;
/** A name no other test of the worker's shared server uses. */
export const uniqueName = (prefix: string) => `${prefix} ${Date.now().toString(36)}${++seq}`;

export interface StaffAccount {
  id: string;
  name: string;
  email: string;
  password: string;
}

export async function createStaff(
  api: APIRequestContext,
  roles: string[],
  name = uniqueName(roles.includes('agent') ? 'Agent' : 'Staff'),
): Promise<StaffAccount> {
  const email = `${roles.join('-')}.${Date.now().toString(36)}.${++seq}@staff.test`;
  const password = 'staff password 2468';
  const res = await api.post('/api/v1/users', { data: { email, name, password, roles } });
  expect(res.status(), await res.text()).toBe(201);
  return { id: (await res.json()).id, name, email, password };
}

/**
 * A department for a test. It is not offered on the widget's forms (other tests' visitors would then
 * have to choose one); visitors reach it through the snippet's `departmentId`. Archive it afterwards.
 */
export async function createDepartment(
  api: APIRequestContext,
  fields: Record<string, unknown> & { agents?: string[] } = {},
): Promise<{ id: string; name: string }> {
  const { agents, ...rest } = fields;
  const res = await api.post('/api/v1/departments', {
    data: { name: uniqueName('Dept'), showOnRegistration: false, showOnOfflineForm: false, ...rest },
  });
  expect(res.status(), await res.text()).toBe(201);
  const d = await res.json();
  if (agents) {
    const r = await api.put(`/api/v1/departments/${d.id}/agents`, { data: { agents } });
    expect(r.status(), await r.text()).toBe(200);
  }
  return { id: d.id, name: d.name };
}

export async function archiveDepartment(api: APIRequestContext, id: string): Promise<void> {
  const res = await api.post(`/api/v1/departments/${id}/archive`, { data: { archived: true } });
  expect(res.status(), await res.text()).toBe(200);
}

/** Signs in through the sign-in page, the way a person does. */
export async function signInThroughPage(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-user')).toBeVisible();
}

/** A second person at work in their own browser context (cookies of their own), signed in by API. */
export async function staffPage(
  browser: Browser,
  parley: ParleyServer,
  who: { email: string; password: string },
  path = '/workspace',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: parley.url, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page.request, parley.url, { email: who.email, password: who.password });
  await page.goto(path);
  return { context, page };
}

/** Turns the top bar's availability switch on and waits until the server counts the agent online. */
export async function goAvailable(page: Page): Promise<void> {
  const available = page.getByRole('switch', { name: 'Available' });
  await available.check();
  await expect(available).toBeChecked();
  await expect(page.locator('.agent-status').getByText('Online', { exact: true })).toBeVisible();
}

/** A visitor and their conversation through the widget API (what the widget does), from the test. */
export async function startVisitorChat(
  request: APIRequestContext,
  o: { name: string; email?: string; departmentId?: string; text: string; customFields?: Record<string, string> },
): Promise<{ token: string; conversationId: string; say: (text: string) => Promise<void> }> {
  const v = await request.post('/api/v1/widget/visitors', {
    data: {
      name: o.name,
      email: o.email ?? 'visitor@example.com',
      ...(o.departmentId ? { departmentId: o.departmentId } : {}),
      ...(o.customFields ? { customFields: o.customFields } : {}),
    },
  });
  expect(v.status(), await v.text()).toBe(201);
  const { token } = await v.json();
  const headers = { 'x-parley-visitor-token': token };
  const c = await request.post('/api/v1/widget/conversations', {
    headers,
    data: { text: o.text, ...(o.departmentId ? { departmentId: o.departmentId } : {}) },
  });
  expect(c.status(), await c.text()).toBe(201);
  const conversationId = (await c.json()).conversation.id as string;
  return {
    token,
    conversationId,
    say: async (text: string) => {
      const r = await request.post(`/api/v1/widget/conversations/${conversationId}/messages`, {
        headers,
        data: { text },
      });
      expect(r.status(), await r.text()).toBe(201);
    },
  };
}

/**
 * The open or queued conversation of the visitor with this name, once it exists (a chat started in the
 * widget, whose id the test does not know).
 */
export async function conversationOfVisitor(api: APIRequestContext, visitorName: string): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(async () => {
      const res = await api.get('/api/v1/conversations?status=queued,open&limit=100');
      const items = (await res.json()).items as Array<{ id: string; visitor: { name: string | null } }>;
      id = items.find((c) => c.visitor.name === visitorName)?.id;
      return id;
    })
    .toBeTruthy();
  return id!;
}
