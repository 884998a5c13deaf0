import { expect, test } from '@playwright/test';
import { saveScreenshot, signIn, startParley, type ParleyServer, startMailSink, type MailSink } from '../support';

// Onboarding (issue 19 item 3). This file brings its own server, so the checklist starts from a fresh
// database (other specs' departments and chats would tick it), and a real SMTP sink on loopback. It uses
// Playwright's plain `test`, so the shared server of the other specs is not started for it.
let parley: ParleyServer;
const mails: Array<{ to: string[]; raw: string }> = [];
let smtp: MailSink;
test.beforeAll(async () => {
  test.setTimeout(240_000); // a server of its own: slow to start on a loaded machine
  smtp = await startMailSink(mails);
  parley = await startParley();
});
test.afterAll(async () => {
  await parley?.stop();
  await smtp?.close();
});

test('sign-in speaks human when fields are empty or wrong', async ({ page }) => {
  await page.goto(`${parley.url}/sign-in`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible();
  await expect(page.getByText('Enter your password')).toBeVisible();
  await expect(page.getByText(/Too small|expected string|Invalid input/)).toHaveCount(0);
  await saveScreenshot(page, 'onboarding-sign-in-messages');
});

test('admins see a checklist that ticks itself; Dismiss hides it', async ({ page }) => {
  await signIn(page.request, parley.url, parley.admin!);
  await page.goto(`${parley.url}/admin/settings`);
  const checklist = page.getByRole('region', { name: /Get started/ });
  await expect(checklist).toBeVisible();
  const step = (id: string) => checklist.locator(`li[data-step="${id}"]`);
  for (const id of ['invite-agents', 'create-department', 'set-up-email', 'install-widget', 'test-chat']) {
    await expect(step(id)).toHaveAttribute('data-done', 'false');
  }
  await saveScreenshot(page, 'onboarding-checklist');

  // The item links to where it is done; doing it ticks it.
  await step('create-department').getByRole('link', { name: 'Create a department' }).click();
  await expect(page).toHaveURL(/\/admin\/departments\/new$/);
  await page.getByLabel('Name', { exact: true }).fill('Front desk');
  await page.getByRole('button', { name: 'Create department' }).click();
  await expect(page).toHaveURL(/\/admin\/departments\/[0-9a-f-]{36}$/);
  await page.goto(`${parley.url}/admin/settings`);
  await expect(step('create-department')).toHaveAttribute('data-done', 'true');
  await expect(step('invite-agents')).toHaveAttribute('data-done', 'false');
  await expect(checklist).toContainText('4 to go');

  await checklist.getByRole('button', { name: 'Dismiss' }).click();
  await expect(checklist).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: /Get started/ })).toHaveCount(0);
});

test('an admin invites an agent by email; the link sets a password and lands signed in', async ({ page, browser }) => {
  await signIn(page.request, parley.url, parley.admin!);
  const port = smtp.port;
  const saved = await page.request.patch(`${parley.url}/api/v1/settings`, {
    data: { 'email.smtp.host': '127.0.0.1', 'email.smtp.port': port, 'email.smtp.security': 'none' },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  const dept = await page.request.post(`${parley.url}/api/v1/departments`, { data: { name: 'Invite desk' } });
  expect(dept.status(), await dept.text()).toBe(201);

  await page.goto(`${parley.url}/admin/users`);
  await page.getByRole('link', { name: 'Invite user' }).click();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  // Human messages beside the fields, not the validator's.
  await expect(page.getByText("Enter the person's name")).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Iris Invited');
  await page.getByLabel('Email', { exact: true }).fill('iris@example.test');
  await page.getByLabel('Invite desk').check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText('Invitation sent to iris@example.test.')).toBeVisible();
  await saveScreenshot(page, 'onboarding-invite-sent');

  await page.goto(`${parley.url}/admin/users`);
  const row = page.getByRole('row').filter({ hasText: 'iris@example.test' });
  await expect(row.getByText('Invited', { exact: true })).toBeVisible();
  await expect(row.getByRole('button', { name: /Resend invitation/ })).toBeVisible();

  await expect.poll(() => mails.filter((m) => m.to.includes('iris@example.test')).length).toBe(1);
  const raw = mails
    .find((m) => m.to.includes('iris@example.test'))!
    .raw.replace(/=\r?\n/g, '')
    .replace(/=3D/g, '=');
  const link = /(http:\/\/\S+\/invite\?token=[A-Za-z0-9_-]+)/.exec(raw)![1]!;

  // The invited person, in their own browser.
  const context = await browser.newContext();
  try {
    const invitee = await context.newPage();
    await invitee.goto(link);
    await expect(invitee.getByRole('heading', { name: 'Welcome, Iris Invited' })).toBeVisible();
    await expect(invitee.getByText('iris@example.test')).toBeVisible();
    await invitee.getByLabel('Password', { exact: true }).fill('a quiet harbour at dawn');
    await invitee.getByLabel('Repeat the password').fill('a quiet harbour at dawn');
    await saveScreenshot(invitee, 'onboarding-invite-accept');
    await invitee.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(invitee.getByTestId('signed-in-user')).toContainText('Iris Invited');
    await expect(invitee).toHaveURL(`${parley.url}/workspace`);

    // The link works once.
    await context.clearCookies();
    await invitee.goto(link);
    await expect(invitee.getByText('This invitation link cannot be used.')).toBeVisible();
  } finally {
    await context.close();
  }

  // The admin's checklist (shown again) now has the agent ticked, and the email.
  await page.request.put(`${parley.url}/api/v1/onboarding/dismissed`, { data: { dismissed: false } });
  await page.goto(`${parley.url}/admin/settings`);
  const checklist = page.getByRole('region', { name: /Get started/ });
  await expect(checklist.locator('li[data-step="invite-agents"]')).toHaveAttribute('data-done', 'true');
  await expect(checklist.locator('li[data-step="set-up-email"]')).toHaveAttribute('data-done', 'true');
});
