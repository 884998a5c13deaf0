import { expect, saveScreenshot, snapshotSettings, test } from '../support';

// `omnichannel.enabled` off (issue 19 item 1): besides the widget and the API refusing new chats, the
// staff app hides its omnichannel views — the navigation drops them and their pages say why. The spec
// puts the setting back.

test('with omnichannel off the chat views leave the navigation and their pages say so', async ({
  adminPage: page,
  api,
}) => {
  const snapshot = await snapshotSettings(api);
  try {
    await page.goto('/workspace');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: /^Conversations/ })).toBeVisible();

    const off = await api.patch('/api/v1/settings', { data: { 'omnichannel.enabled': false } });
    expect(off.status()).toBe(200);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Omnichannel is turned off' })).toBeVisible();
    await expect(nav.getByRole('link', { name: /^Conversations/ })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: /^Offline inbox/ })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Settings' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'History' })).toBeVisible();
    await saveScreenshot(page, 'omnichannel-off');
    await page.getByRole('link', { name: 'Turn it on in Settings' }).click();
    await expect(page).toHaveURL(/\/admin\/settings/);
  } finally {
    await snapshot.restore();
  }
});
