import { expect, saveScreenshot, test } from '../support';

test('personal access tokens: created with the secret shown once, used, listed, revoked', async ({
  adminPage: page,
  playwright,
  parley,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeVisible();
  await page.getByLabel('Token name').fill('CRM sync');
  await page.getByLabel('Expires').selectOption('30');
  await page.getByRole('button', { name: 'Create token' }).click();

  const secret = page.getByLabel('The new token');
  await expect(secret).toHaveValue(/^pat_/);
  const token = await secret.inputValue();
  await page.getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByText('Copied to the clipboard.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await saveScreenshot(page, 'account-token-created');

  // The token works as a bearer token.
  const bearer = await playwright.request.newContext({
    baseURL: parley.url,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  expect((await bearer.get('/api/v1/auth/me')).status()).toBe(200);

  // Once dismissed, the secret is gone for good.
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByLabel('The new token')).toHaveCount(0);
  const row = page.getByRole('row', { name: /CRM sync/ });
  await expect(row).toBeVisible();
  await expect(row).not.toContainText(token);
  await saveScreenshot(page, 'account');

  await row.getByRole('button', { name: 'Revoke CRM sync' }).click();
  await row.getByRole('button', { name: 'Revoke “CRM sync”' }).click();
  await expect(page.getByRole('row', { name: /CRM sync/ })).toHaveCount(0);
  expect((await bearer.get('/api/v1/auth/me')).status()).toBe(401);
  await bearer.dispose();
});
