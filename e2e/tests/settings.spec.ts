import { expect, saveScreenshot, settingValues, snapshotSettings, test } from '../support';
import type { Page } from '@playwright/test';

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
  'Email',
];

function group(page: Page, name: string) {
  return page.getByRole('region', { name, exact: true });
}

// The worker's server is shared: every test here puts the settings back as it found them.
let snapshot: Awaited<ReturnType<typeof snapshotSettings>> | undefined;
test.beforeEach(async ({ api }) => {
  snapshot = await snapshotSettings(api);
});
test.afterEach(async () => {
  await snapshot?.restore();
});

test('settings are grouped like the admin guide, with a badge on settings not enforced yet', async ({
  adminPage: page,
}) => {
  await page.goto('/admin/settings');
  const headings = page.locator('.settings-group h2');
  await expect(headings).toHaveText(guideGroups);
  // The badge marks exactly the settings the server says nothing enforces yet (none, or a few).
  const { settings } = (await (await page.request.get('/api/v1/settings')).json()) as {
    settings: Array<{ enforced: boolean }>;
  };
  await expect(page.locator('[data-setting]').getByText('Not enforced yet', { exact: true })).toHaveCount(
    settings.filter((x) => !x.enforced).length,
  );
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
  const before = await settingValues(api);
  const domain = `d${Date.now()}.example.com`;
  const method = before['routing.method'] === 'load-balancing' ? 'load-rotation' : 'load-balancing';
  const hidden = before['livechat.hideSystemMessages'] as string[];
  await page.goto('/admin/settings');
  const bar = page.getByRole('region', { name: 'Unsaved changes' });

  // bool → switch
  const consent = group(page, 'GDPR').getByRole('switch', { name: 'Force visitors to accept data processing consent' });
  await expect(consent).toBeChecked({ checked: before['gdpr.forceConsent'] === true });
  await consent.setChecked(before['gdpr.forceConsent'] !== true);
  // enum → select
  await group(page, 'Routing').getByLabel('Omnichannel Routing Method', { exact: true }).selectOption(method);
  // int with unit
  await expect(page.locator('[data-setting="sessions.agentOffline.waitSeconds"]')).toContainText('seconds');
  await group(page, 'Sessions')
    .getByLabel('How Long to Wait After Agent Goes Offline', { exact: true })
    .fill(String(Number(before['sessions.agentOffline.waitSeconds']) + 30));
  // list → tags: Enter or a comma ends an entry
  const domains = group(page, 'Livechat').getByLabel('Livechat Allowed Domains', { exact: true });
  await domains.fill(domain);
  await domains.press('Enter');
  await domains.fill(`shop.${domain},`);
  await expect(group(page, 'Livechat').getByRole('button', { name: `Remove shop.${domain}` })).toBeVisible();
  // list of fixed values → checkboxes
  await group(page, 'Livechat')
    .getByRole('group', { name: 'Hide system messages' })
    .getByRole('checkbox', { name: 'User join' })
    .setChecked(!hidden.includes('user-join'));
  // secret → write-only
  const crm = group(page, 'CRM Integration');
  const secretRow = page.locator('[data-setting="crm.secretToken"]');
  await crm.getByLabel('Secret Token', { exact: true }).fill('s3cret-value');
  await expect(secretRow).toContainText('Will be replaced when you save.');

  await expect(bar).toContainText('6 unsaved changes');
  await bar.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved:' })).toBeVisible();

  const v = await settingValues(api);
  expect(v['gdpr.forceConsent']).toBe(before['gdpr.forceConsent'] !== true);
  expect(v['routing.method']).toBe(method);
  expect(v['sessions.agentOffline.waitSeconds']).toBe(Number(before['sessions.agentOffline.waitSeconds']) + 30);
  expect(v['livechat.allowedDomains']).toEqual([
    ...(before['livechat.allowedDomains'] as string[]),
    domain,
    `shop.${domain}`,
  ]);
  expect((v['livechat.hideSystemMessages'] as string[]).includes('user-join')).toBe(!hidden.includes('user-join'));
  expect(v['crm.secretToken']).toBe(true); // only whether it is set ever comes back

  // The secret shows as set, its field stays empty, and it can be cleared.
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
  // calls.jitsi.baseUrl, .appId and .appSecret.
  await expect(page.locator('[data-setting]')).toHaveCount(3);
});

test('leaving with unsaved changes asks first', async ({ adminPage: page }) => {
  await page.goto('/admin/settings');
  await group(page, 'Livechat').getByLabel('Livechat Title', { exact: true }).fill('Not saved yet');
  const usersLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' });

  page.once('dialog', (d) => void d.dismiss());
  await usersLink.click();
  await expect(page).toHaveURL('/admin/settings');
  await expect(page.getByRole('region', { name: 'Unsaved changes' })).toContainText('1 unsaved change');

  page.once('dialog', (d) => void d.accept());
  await usersLink.click();
  await expect(page).toHaveURL('/admin/users');
});
