import { createStaff, expect, signInThroughPage, test } from '../support';

test('staff change their own password: the current one is checked, the new one must be strong', async ({
  page,
  api,
  playwright,
  parley,
}) => {
  const me = await createStaff(api, ['agent']);
  await signInThroughPage(page, me);
  await page.goto('/account');
  const form = page.getByRole('form', { name: 'Password' });
  await form.getByLabel('Current password').fill('not my password');
  await form.getByLabel('New password').fill('a brand new passphrase 99');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.locator('#my-current-password-error')).toHaveText('The current password is wrong');

  await form.getByLabel('Current password').fill(me.password);
  await form.getByLabel('New password').fill('short');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.locator('#my-new-password-error')).toContainText('at least');

  await form.getByLabel('New password').fill('a brand new passphrase 99');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('Your password was changed.')).toBeVisible();

  const fresh = await playwright.request.newContext({ baseURL: parley.url });
  expect(
    (await fresh.post('/api/v1/auth/sign-in', { data: { email: me.email, password: me.password } })).status(),
  ).toBe(401);
  expect(
    (
      await fresh.post('/api/v1/auth/sign-in', { data: { email: me.email, password: 'a brand new passphrase 99' } })
    ).status(),
  ).toBe(200);
  await fresh.dispose();
});
