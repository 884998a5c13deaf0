import { expect, saveScreenshot, test } from '../support';
import type { APIRequestContext, Page } from '@playwright/test';

const guideGroups = [
  'General',
  'Livechat',
  'Business Hours',
  'CRM Integration',
  'Canned Responses',
  'GDPR',
  'Queue Management',
  'Routing',
  'Sessions',
  'Video and Audio Call',
];

async function settingValues(api: APIRequestContext): Promise<Record<string, unknown>> {
  const res = await api.get('/api/v1/settings');
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as {
    settings: Array<{ key: string; type: string; value: unknown; isSet?: boolean }>;
  };
  return Object.fromEntries(body.settings.map((s) => [s.key, s.type === 'secret' ? s.isSet : s.value]));
}

function group(page: Page, name: string) {
  return page.getByRole('region', { name, exact: true });
}

test('settings are grouped like the admin guide, with a badge on settings not enforced yet', async ({
  adminPage: page,
}) => {
  await page.goto('/admin/settings');
  const headings = page.locator('.settings-group h2');
  await expect(headings).toHaveText(guideGroups);
  await expect(page.getByText('Not enforced yet').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Unsaved changes' })).toHaveCount(0);
  await saveScreenshot(page, 'settings');
});

test('changing the livechat title saves it, and the public settings serve it', async ({ adminPage: page, api }) => {
  const title = `Acme Support ${Date.now()}`;
  await page.goto('/admin/settings');
  const livechat = group(page, 'Livechat');
  await livechat.getByLabel('Livechat Title', { exact: true }).fill(title);

  const bar = page.getByRole('region', { name: 'Unsaved changes' });
  await expect(bar).toContainText('1 unsaved change');
  await saveScreenshot(page, 'settings-unsaved');
  await bar.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved: Livechat Title.' })).toBeVisible();
  await expect(bar).toHaveCount(0);

  await page.reload();
  await expect(group(page, 'Livechat').getByLabel('Livechat Title', { exact: true })).toHaveValue(title);
  const pub = await (await api.get('/api/v1/settings/public')).json();
  expect(pub.settings['livechat.title']).toBe(title);
});

test('one invalid value rejects the whole save: the field shows why and nothing is stored', async ({
  adminPage: page,
  api,
}) => {
  const before = await settingValues(api);
  await page.goto('/admin/settings');
  const livechat = group(page, 'Livechat');
  const color = livechat.getByLabel('Livechat title background color', { exact: true });
  const offlineTitle = livechat.getByLabel('Title', { exact: true });

  await color.fill('not-a-color');
  await offlineTitle.fill('Write to us');
  const bar = page.getByRole('region', { name: 'Unsaved changes' });
  await expect(bar).toContainText('2 unsaved changes');
  await bar.getByRole('button', { name: 'Save changes' }).click();

  await expect(bar.getByRole('alert')).toContainText('Nothing was saved');
  const row = page.locator('[data-setting="livechat.titleColor"]');
  await expect(row.locator('.field-error')).toHaveText('Must be a color like #C1272D');
  await expect(color).toHaveAttribute('aria-invalid', 'true');
  await expect(color).toBeFocused();
  await expect(page.locator('[data-setting="livechat.offline.title"] .field-error')).toHaveCount(0);
  await saveScreenshot(page, 'settings-invalid');

  // The server stored neither value.
  const after = await settingValues(api);
  expect(after['livechat.titleColor']).toBe(before['livechat.titleColor']);
  expect(after['livechat.offline.title']).toBe(before['livechat.offline.title']);

  // Fixing the color saves both edits together.
  await color.fill('#123456');
  await expect(row.locator('.field-error')).toHaveCount(0);
  await bar.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved:' })).toBeVisible();
  const saved = await settingValues(api);
  expect(saved['livechat.titleColor']).toBe('#123456');
  expect(saved['livechat.offline.title']).toBe('Write to us');
});

test('each type has its control: switch, select, number, tags, choices, secret', async ({ adminPage: page, api }) => {
  await page.goto('/admin/settings');
  const bar = page.getByRole('region', { name: 'Unsaved changes' });

  // bool → switch
  const consent = group(page, 'GDPR').getByRole('switch', { name: 'Force visitors to accept data processing consent' });
  await expect(consent).not.toBeChecked();
  await consent.check();
  // enum → select
  await group(page, 'Routing').getByLabel('Omnichannel Routing Method', { exact: true }).selectOption('load-balancing');
  // int with unit
  const wait = group(page, 'Sessions').getByLabel('How Long to Wait After Agent Goes Offline', { exact: true });
  await expect(page.locator('[data-setting="sessions.agentOffline.waitSeconds"]')).toContainText('seconds');
  await wait.fill('90');
  // list → tags
  const domains = group(page, 'Livechat').getByLabel('Livechat Allowed Domains', { exact: true });
  await domains.fill('example.com');
  await domains.press('Enter');
  await domains.fill('shop.example.com,');
  await expect(group(page, 'Livechat').getByRole('button', { name: 'Remove shop.example.com' })).toBeVisible();
  // list of fixed values → checkboxes
  await group(page, 'Livechat')
    .getByRole('group', { name: 'Hide system messages' })
    .getByRole('checkbox', { name: 'User join' })
    .check();
  // secret → write-only
  const crm = group(page, 'CRM Integration');
  await expect(crm.locator('[data-setting="crm.secretToken"]')).toContainText('Not set');
  await crm.getByLabel('Secret Token', { exact: true }).fill('s3cret-value');

  await expect(bar).toContainText('6 unsaved changes');
  await bar.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved:' })).toBeVisible();

  const v = await settingValues(api);
  expect(v['gdpr.forceConsent']).toBe(true);
  expect(v['routing.method']).toBe('load-balancing');
  expect(v['sessions.agentOffline.waitSeconds']).toBe(90);
  expect(v['livechat.allowedDomains']).toEqual(['example.com', 'shop.example.com']);
  expect(v['livechat.hideSystemMessages']).toEqual(['user-join']);
  expect(v['crm.secretToken']).toBe(true); // isSet; the value never comes back

  // The secret shows as set, and can be cleared.
  const secretRow = page.locator('[data-setting="crm.secretToken"]');
  await expect(secretRow.locator('.badge', { hasText: /^Set$/ })).toBeVisible();
  await expect(crm.getByLabel('Secret Token', { exact: true })).toHaveValue('');
  await secretRow.getByRole('button', { name: 'Clear' }).click();
  await expect(secretRow).toContainText('Will be cleared when you save.');
  await bar.getByRole('button', { name: 'Save changes' }).click();
  await expect(secretRow.locator('.badge', { hasText: /^Not set$/ })).toBeVisible();
  expect((await settingValues(api))['crm.secretToken']).toBe(false);
});

test('Discard drops unsaved edits', async ({ adminPage: page, api }) => {
  const before = await settingValues(api);
  await page.goto('/admin/settings');
  const title = group(page, 'Livechat').getByLabel('Livechat Title', { exact: true });
  await title.fill('Never saved');
  const bar = page.getByRole('region', { name: 'Unsaved changes' });
  await bar.getByRole('button', { name: 'Discard' }).click();
  await expect(bar).toHaveCount(0);
  await expect(title).toHaveValue(String(before['livechat.title']));
});

test('the filter narrows the settings and lives in the URL', async ({ adminPage: page }) => {
  await page.goto('/admin/settings');
  await page.getByLabel('Filter settings').fill('jitsi');
  await expect(page).toHaveURL(/\?q=jitsi$/);
  await expect(page.locator('.settings-group h2')).toHaveText(['Video and Audio Call']);
  await page.reload();
  await expect(page.getByLabel('Filter settings')).toHaveValue('jitsi');
  await expect(page.locator('[data-setting]')).toHaveCount(1);
});
