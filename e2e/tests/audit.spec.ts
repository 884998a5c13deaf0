import { expect, saveScreenshot, snapshotSettings, test } from '../support';

// The worker's server is shared: put the settings back as they were.
let snapshot: Awaited<ReturnType<typeof snapshotSettings>> | undefined;
test.beforeEach(async ({ api }) => {
  snapshot = await snapshotSettings(api);
});
test.afterEach(async () => {
  await snapshot?.restore();
});

test('the audit log shows a setting change made in the console: who, when, old → new', async ({
  adminPage: page,
  parley,
}) => {
  const message = `Thanks, talk soon ${Date.now()}`;
  await page.goto('/admin/settings');
  const field = page.getByRole('region', { name: 'Livechat' }).getByLabel('Offline Success Message');
  const old = await field.inputValue();
  await field.fill(message);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved:' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  const newest = page.getByRole('row').nth(1); // row 0 is the header
  await expect(newest).toContainText('setting.changed');
  await expect(newest).toContainText('livechat.offline.successMessage');
  await expect(newest).toContainText(parley.admin!.email);
  await expect(newest.locator('.change-old')).toHaveText(`from ${old}`);
  await expect(newest.locator('.change-new')).toHaveText(` to ${message}`);
  await expect(newest.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  await saveScreenshot(page, 'audit');

  // Filter by action, kept in the URL.
  await page.getByLabel('Action').fill('user.created');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=user\.created/);
  await expect(page.getByRole('row').nth(1)).toContainText('user.created');
  await expect(page.getByRole('cell', { name: 'setting.changed' })).toHaveCount(0);
});

test('Load more pages back through older entries', async ({ adminPage: page, api }) => {
  // More than one page (50) of entries about one target.
  for (let i = 0; i < 26; i++) {
    const r = await api.patch('/api/v1/settings', { data: { 'livechat.offline.title': `Leave a message ${i}` } });
    expect(r.ok()).toBe(true);
    const back = await api.patch('/api/v1/settings', { data: { 'livechat.offline.title': `Message left ${i}` } });
    expect(back.ok()).toBe(true);
  }
  await page.goto('/admin/audit?targetId=livechat.offline.title');
  await expect(page.getByText('50 entries shown')).toBeVisible();
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(page.getByText(/^5\d entries shown/)).toBeVisible();
  const first = page.getByRole('row').nth(1);
  await expect(first.locator('.change-new')).toHaveText(' to Message left 25');
});
