import { expect, saveScreenshot, test } from '../support';

test('an admin creates an agent, then deactivates and reactivates them', async ({ adminPage: page, api }) => {
  const email = `agent-${Date.now()}@example.test`;
  await page.goto('/admin/users');
  await expect(page.getByRole('row', { name: /^Administrator\b/ })).toBeVisible();
  await saveScreenshot(page, 'users');
  await page.getByRole('link', { name: 'New user' }).click();

  await page.getByLabel('Name', { exact: true }).fill('Alice Agent');
  await page.getByLabel('Email', { exact: true }).fill(email);
  const roles = page.getByRole('group', { name: 'Roles' });
  await expect(roles.getByRole('checkbox', { name: /Agent/ })).toBeChecked(); // the default
  await page.getByLabel('Password', { exact: true }).fill('agent password 42');
  await saveScreenshot(page, 'user-new');
  await page.getByRole('button', { name: 'Create user' }).click();

  await expect(page.getByRole('heading', { name: 'Alice Agent', level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Alice Agent was created.' })).toBeVisible();
  const id = page.url().split('/').pop()!;
  const created = await (await api.get(`/api/v1/users/${id}`)).json();
  expect(created).toMatchObject({ email, name: 'Alice Agent', roles: ['agent'], active: true });

  await page.getByRole('button', { name: 'Deactivate user' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Alice Agent was deactivated.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reactivate user' })).toBeVisible();
  expect((await (await api.get(`/api/v1/users/${id}`)).json()).active).toBe(false);
  await saveScreenshot(page, 'user-edit');

  // The list shows the status, and filters by it.
  await page.goto(`/admin/users?search=${encodeURIComponent(email)}`);
  const row = page.getByRole('row', { name: /Alice Agent/ });
  await expect(row).toContainText('Deactivated');
  await page.getByLabel('Status').selectOption('active');
  await expect(page.getByText('No user matches these filters.')).toBeVisible();

  await page.goto(`/admin/users/${id}`);
  await page.getByRole('button', { name: 'Reactivate user' }).click();
  await expect(page.getByRole('button', { name: 'Deactivate user' })).toBeVisible();
  expect((await (await api.get(`/api/v1/users/${id}`)).json()).active).toBe(true);
});

test('server errors appear next to the field they concern', async ({ adminPage: page, parley }) => {
  await page.goto('/admin/users/new');
  await page.getByLabel('Name', { exact: true }).fill('Duplicate');
  await page.getByLabel('Email', { exact: true }).fill(parley.admin!.email);
  await page.getByLabel('Password', { exact: true }).fill('a fine password');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.locator('#user-email-error')).toHaveText('A user with this email already exists');
  await expect(page.getByLabel('Email', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Email', { exact: true }).fill(`weak-${Date.now()}@example.test`);
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.locator('#user-password-error')).toHaveText('The password must have at least 10 characters');

  // No role at all is caught before sending.
  await page.getByRole('group', { name: 'Roles' }).getByRole('checkbox', { name: /Agent/ }).uncheck();
  await page.getByLabel('Password', { exact: true }).fill('a fine password');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.locator('#user-roles-error')).toHaveText('Choose at least one role.');
});

test('an admin edits roles and name, and resets a password', async ({ adminPage: page, api, browser, parley }) => {
  const email = `editme-${Date.now()}@example.test`;
  const user = await (
    await api.post('/api/v1/users', {
      data: { name: 'Edit Me', email, password: 'first password 1', roles: ['agent'] },
    })
  ).json();
  await page.goto(`/admin/users/${user.id}`);
  await page.getByLabel('Name', { exact: true }).fill('Edited Person');
  await page
    .getByRole('group', { name: 'Roles' })
    .getByRole('checkbox', { name: /Manager/ })
    .check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The changes were saved.' })).toBeVisible();
  expect(await (await api.get(`/api/v1/users/${user.id}`)).json()).toMatchObject({
    name: 'Edited Person',
    roles: ['manager', 'agent'],
  });

  await page.getByLabel('New password').fill('second password 2');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The password was changed.' })).toBeVisible();
  const other = await browser.newContext({ baseURL: parley.url });
  const res = await other.request.post('/api/v1/auth/sign-in', { data: { email, password: 'second password 2' } });
  expect(res.status()).toBe(200);
  await other.close();
});

test('search and role filter query the server and live in the URL', async ({ adminPage: page, api }) => {
  const tag = `zz${Date.now()}`;
  for (const [i, roles] of [['monitor'], ['monitor'], ['agent']].entries()) {
    const r = await api.post('/api/v1/users', {
      data: { name: `${tag} ${i}`, email: `${tag}-${i}@example.test`, password: 'filter password 9', roles },
    });
    expect(r.status()).toBe(201);
  }
  await page.goto('/admin/users');
  await page.getByLabel('Search').fill(tag);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('Showing 1–3 of 3')).toBeVisible();
  await page.getByLabel('Role').selectOption('monitor');
  await expect(page.getByText('Showing 1–2 of 2')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`search=${tag}.*role=monitor`));
  await page.reload();
  await expect(page.getByText('Showing 1–2 of 2')).toBeVisible();
});
