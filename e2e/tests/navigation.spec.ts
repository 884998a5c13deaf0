import { expect, saveScreenshot, signIn, test } from '../support';
import type { APIRequestContext } from '@playwright/test';

async function createUser(api: APIRequestContext, roles: string[]) {
  const email = `${roles.join('-')}-${Date.now()}@example.test`;
  const password = 'navigation password 7';
  const r = await api.post('/api/v1/users', { data: { name: `${roles.join(' ')} user`, email, password, roles } });
  expect(r.status()).toBe(201);
  return { email, password };
}

const omnichannelAdmin = [
  'Departments',
  'Agents',
  'Custom fields',
  'Priorities and SLA',
  'Business hours',
  'Offline messages',
  'Widget installation',
];

test('an admin starts in the settings and sees the workspace and every admin page', async ({ adminPage: page }) => {
  await page.goto('/');
  await expect(page).toHaveURL('/admin/settings');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText([
    'Conversations',
    'History',
    'Contacts',
    /^Offline inbox/,
    'Canned responses',
    'Reports',
    'Live monitoring',
    'Settings',
    'Users',
    ...omnichannelAdmin,
    'Channels',
    'Webhooks',
    'Audit log',
    'My account',
    /API documentation/,
  ]);
  await expect(nav.getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
});

test('a manager sees the omnichannel admin pages but not users or the audit log', async ({ page, api, parley }) => {
  const manager = await createUser(api, ['manager']);
  await signIn(page.request, parley.url, manager);
  await page.goto('/');
  await expect(page).toHaveURL('/admin/settings');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText([
    'Conversations',
    'History',
    'Contacts',
    /^Offline inbox/,
    'Canned responses',
    'Reports',
    'Live monitoring',
    'Settings',
    ...omnichannelAdmin,
    'My account',
    /API documentation/,
  ]);
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
});

test('an agent has the workspace, the history, the offline inbox, canned responses and their account, no admin page', async ({
  page,
  api,
  parley,
}) => {
  const agent = await createUser(api, ['agent']);
  await signIn(page.request, parley.url, agent);
  await page.goto('/');
  await expect(page).toHaveURL('/workspace');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText([
    'Conversations',
    'History',
    'Contacts',
    /^Offline inbox/,
    'Canned responses',
    'Reports',
    'My account',
    /API documentation/,
  ]);
  await page.goto('/admin/settings');
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await page.goto('/admin/departments');
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
});

test('a monitor reads the history and the offline inbox but has no workspace', async ({ page, api, parley }) => {
  const monitor = await createUser(api, ['monitor']);
  await signIn(page.request, parley.url, monitor);
  await page.goto('/');
  await expect(page).toHaveURL('/conversations');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText([
    'History',
    'Contacts',
    /^Offline inbox/,
    'Reports',
    'Live monitoring',
    'My account',
    /API documentation/,
  ]);
  await page.goto('/workspace');
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
});

test('unknown pages say so inside the shell', async ({ adminPage: page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('keyboard: skip link first, headings take the focus, focus is visible', async ({ adminPage: page }) => {
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();

  // On a fresh load the first Tab reaches the skip link, which jumps to the page.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  // Then: brand, sign out, the navigation links, with a visible outline.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  // Skip link, brand, the mentions bell, the theme, sign out, then the navigation's links in order: Tab
  // reaches Settings after the Workspace section's links (none skipped, none trapped).
  const settingsLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' });
  const reached: string[] = [];
  for (let i = 0; i < 25 && !(await settingsLink.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
    reached.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
  }
  await expect(settingsLink).toBeFocused();
  expect(reached.slice(-4)).toEqual(['Canned responses', 'Reports', 'Live monitoring', 'Settings']);
  expect(reached[0]).toBe('Skip to content');
  expect(await settingsLink.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');

  // Following a link moves the focus to the new page's heading.
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/admin/settings');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeFocused();

  // The workspace too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Conversations' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/workspace');
  await expect(page.getByRole('heading', { name: 'Conversations', level: 1 })).toBeFocused();
});

test('tablet width: the navigation moves above the page', async ({ adminPage: page }) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await page.goto('/admin/settings');
  await expect(page.getByRole('region', { name: 'General', exact: true })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  const main = page.locator('main');
  const navBox = (await nav.boundingBox())!;
  const mainBox = (await main.boundingBox())!;
  expect(navBox.y + navBox.height).toBeLessThanOrEqual(mainBox.y + 1);
  await saveScreenshot(page, 'settings-tablet');
  await page.goto('/admin/users');
  // The first administrator's row (other tests add administrators, whose rows name the role too).
  await expect(page.getByRole('row', { name: /^Administrator\b/ })).toBeVisible();
  await saveScreenshot(page, 'users-tablet');
});
