import { expect, saveScreenshot, test } from '../support';

test('a wrong password shows the error and signs nobody in', async ({ page, parley }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel('Email').fill(parley.admin!.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Email or password is wrong.');
  await saveScreenshot(page, 'sign-in-error');
  expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
});

test('signing in returns to the page asked for; signing out ends the session', async ({ page, parley }) => {
  await page.goto('/admin/audit?action=user.created');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel('Email').fill(parley.admin!.email);
  await page.getByLabel('Password').fill(parley.admin!.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL('/admin/audit?action=user.created');
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
});

test('repeated wrong passwords lock the account with a clear message', async ({ page, api }) => {
  const email = `locked-${Date.now()}@example.test`;
  const created = await api.post('/api/v1/users', {
    data: { name: 'Lock Test', email, password: 'right password 123', roles: ['agent'] },
  });
  expect(created.status()).toBe(201);

  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  const password = page.getByLabel('Password');
  const alert = page.getByRole('alert');
  for (let i = 1; i <= 5; i++) {
    await password.fill(`wrong password ${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert).toHaveText('Email or password is wrong.');
    // Wait for the form to be usable again before the next attempt.
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  }
  await password.fill('right password 123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(alert).toContainText('this account is locked for this address');
  await expect(alert).toContainText(/locked for \d+ more minute/);
  await saveScreenshot(page, 'sign-in-locked');
});

test('when the session ends, the next API call leads back to sign-in', async ({ adminPage: page }) => {
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await page.context().clearCookies();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveURL('/sign-in?next=%2Fadmin%2Faudit');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
