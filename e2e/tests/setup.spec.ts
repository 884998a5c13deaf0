import { expect, saveScreenshot, startParley, test, type ParleyServer } from '../support';

// This file brings its own server: one started WITHOUT admin env vars prints a one-time setup link.
let parley: ParleyServer;
test.beforeAll(async () => {
  parley = await startParley({ admin: false });
});
test.afterAll(async () => {
  await parley?.stop();
});

test('the setup link creates the administrator, who lands signed in', async ({ page, request }) => {
  const link = await parley.setupLink();
  expect(link).toMatch(new RegExp(`^${parley.url}/setup\\?token=`));
  expect((await (await request.get(`${parley.url}/api/v1/setup`)).json()).needed).toBe(true);

  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Welcome to Parley' })).toBeVisible();
  await page.getByLabel('Your name').fill('Ada Admin');
  await page.getByLabel('Email').fill('ada@example.test');
  await page.getByLabel('Password', { exact: true }).fill('a long enough passphrase');
  await page.getByLabel('Repeat the password').fill('a long enough passphrase');
  await saveScreenshot(page, 'setup');
  await page.getByRole('button', { name: 'Create administrator' }).click();

  // Signed in: the shell shows the admin, the token is gone from the address bar.
  await expect(page.getByTestId('signed-in-user')).toContainText('Ada Admin');
  await expect(page).toHaveURL(`${parley.url}/admin/settings`);
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  expect((await (await request.get(`${parley.url}/api/v1/setup`)).json()).needed).toBe(false);

  // The session survives a reload.
  await page.reload();
  await expect(page.getByTestId('signed-in-user')).toContainText('Ada Admin');

  // The link works once.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Parley is set up' })).toBeVisible();
});

test('a weak password is refused next to the password field', async ({ page }) => {
  const fresh = await startParley({ admin: false });
  try {
    await page.goto(await fresh.setupLink());
    await page.getByLabel('Your name').fill('Bo');
    await page.getByLabel('Email').fill('bo@example.test');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Repeat the password').fill('short');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await expect(page.getByText('The password must have at least 10 characters')).toBeVisible();
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  } finally {
    await fresh.stop();
  }
});
