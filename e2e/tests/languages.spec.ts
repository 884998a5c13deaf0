import {
  archiveDepartment,
  createDepartment,
  createStaff,
  expect,
  goAvailable,
  saveScreenshot,
  signInThroughPage,
  snapshotSettings,
  startVisitorChat,
  test,
  undoAfterEach,
  uniqueName,
} from '../support';

/** Issue 18, item 7: the staff app in the user's language, with dates and numbers for its locale. */
const cleanup = undoAfterEach();

test('an agent picks Deutsch: navigation, workspace and dates in German, kept after a reload and a new sign-in', async ({
  api,
  browser,
  parley,
  request,
}) => {
  test.setTimeout(120_000);
  // Manual routing: the visitor's chat waits in the queue with a Take button.
  const settings = await snapshotSettings(api);
  cleanup.push(() => settings.restore());
  await api.patch('/api/v1/settings', { data: { 'routing.method': 'manual' } });
  const agent = await createStaff(api, ['agent'], uniqueName('Greta'));
  const dept = await createDepartment(api, { agents: [agent.id] });
  cleanup.push(() => archiveDepartment(api, dept.id));

  // An English browser: the app starts in English.
  const context = await browser.newContext({ baseURL: parley.url, locale: 'en-US' });
  cleanup.push(() => context.close());
  const page = await context.newPage();
  await signInThroughPage(page, agent);
  await page.goto('/workspace');
  await goAvailable(page);
  const visitor = uniqueName('Walter');
  const chat = await startVisitorChat(request, { name: visitor, departmentId: dept.id, text: 'Hallo?' });
  cleanup.push(() => api.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: { tags: ['e2e'] } }));
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // Deutsch, from My account: the page changes without a reload.
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Deutsch' });
  await expect(page.getByRole('heading', { name: 'Mein Konto', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await expect(nav.getByRole('heading', { name: 'Arbeitsbereich' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Verlauf' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await saveScreenshot(page, 'languages-account-de');

  // The workspace: its lists, the queue's Take button, the conversation and a date in German format.
  await nav.getByRole('link', { name: /^Gespräche/ }).click();
  await expect(page.getByRole('heading', { name: 'Gespräche', level: 1 })).toBeVisible();
  const inbox = page.getByRole('navigation', { name: 'Posteingang' });
  await expect(inbox.getByRole('heading', { name: /Warteschlange/ })).toBeVisible();
  await expect(inbox.getByRole('heading', { name: /Meine Gespräche/ })).toBeVisible();
  const take = inbox.getByRole('button', { name: `Gespräch mit ${visitor} übernehmen` });
  await expect(take).toBeVisible();
  await saveScreenshot(page, 'languages-workspace-de');
  await take.click();
  await expect(page.getByRole('heading', { name: visitor, level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Weiterleiten' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Nachricht' })).toHaveAttribute('placeholder', 'Antwort schreiben…');
  const details = page.getByRole('complementary', { name: 'Gesprächsdetails' });
  // dateStyle "medium" in German: 07.12.2026, 20:41:03 (English would say "Dec 7, 2026, 8:41:03 PM").
  const started = details.locator('dt', { hasText: 'Begonnen' }).locator('xpath=following-sibling::dd[1]');
  await expect(started).toHaveText(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/);
  await expect(page.getByText('Gespräch begonnen').first()).toBeVisible();
  await saveScreenshot(page, 'languages-conversation-de');

  // After a reload: still German (before any answer from the server, from this browser's memory).
  await page.reload();
  await expect(page.getByRole('button', { name: 'Weiterleiten' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');

  // Signed out, the sign-in page keeps the language of this browser.
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Anmelden', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Passwort')).toBeVisible();

  // Another browser (English, nothing remembered): after signing in, the user's language from the server.
  const other = await browser.newContext({ baseURL: parley.url, locale: 'en-US' });
  cleanup.push(() => other.close());
  const second = await other.newPage();
  await signInThroughPage(second, agent);
  await expect(second.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await expect(
    second.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verlauf' }),
  ).toBeVisible();
  await expect(second.locator('html')).toHaveAttribute('lang', 'de');
});

test('a French browser gets the sign-in page in French, and the picker there changes it', async ({
  browser,
  parley,
}) => {
  const context = await browser.newContext({ baseURL: parley.url, locale: 'fr-FR' });
  cleanup.push(() => context.close());
  const page = await context.newPage();
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Se connecter', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByLabel('Mot de passe')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Langue' })).toHaveValue('');
  await saveScreenshot(page, 'languages-sign-in-fr');

  // Chosen here, before anyone signs in: Español, kept for this browser.
  await page.getByRole('combobox', { name: 'Langue' }).selectOption({ label: 'Español' });
  await expect(page.getByRole('heading', { name: 'Iniciar sesión', level: 1 })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Iniciar sesión', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
});

test('an admin in German: Settings with its settings, Reports, Live monitoring, the Contact Center and the admin pages', async ({
  api,
  browser,
  parley,
}) => {
  test.setTimeout(120_000);
  const admin = await createStaff(api, ['admin'], uniqueName('Hilde'));
  const context = await browser.newContext({ baseURL: parley.url, locale: 'en-US' });
  cleanup.push(() => context.close());
  const page = await context.newPage();
  await signInThroughPage(page, admin);
  await page.goto('/account');
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Deutsch' });
  await expect(page.getByRole('heading', { name: 'Mein Konto', level: 1 })).toBeVisible();

  // Settings: the page, each setting's group, label and description, the controls' words.
  await page.goto('/admin/settings');
  await expect(page.getByRole('heading', { name: 'Einstellungen', level: 1 })).toBeVisible();
  const enabled = page.locator('[data-setting="omnichannel.enabled"]');
  await expect(enabled.getByText('Omnichannel aktiviert', { exact: true })).toBeVisible();
  await expect(enabled).not.toContainText('When off, the widget shows nothing');
  await expect(page.getByRole('heading', { name: 'Warteschlangenverwaltung' }).first()).toBeVisible();
  await saveScreenshot(page, 'languages-settings-de');

  // Reports, Live monitoring, the Contact Center, the Calls tab.
  await page.goto('/reports');
  await expect(page.getByRole('heading', { name: 'Berichte', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Stoßzeiten' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'CSV von Stoßzeiten exportieren' })).toBeVisible();
  await saveScreenshot(page, 'languages-reports-de');
  await page.goto('/monitoring');
  await expect(page.getByRole('heading', { name: 'Live-Überwachung', level: 1 })).toBeVisible();
  await page.goto('/contacts');
  await expect(page.getByRole('heading', { name: 'Kontakte', level: 1 })).toBeVisible();
  await page.goto('/calls');
  await expect(page.getByRole('heading', { name: 'Anrufe', level: 1 })).toBeVisible();

  // Administration pages.
  for (const [path, heading] of [
    ['/admin/departments', 'Abteilungen'],
    ['/admin/users', 'Benutzer'],
    ['/admin/custom-fields', 'Benutzerdefinierte Felder'],
    ['/admin/business-hours', 'Geschäftszeiten'],
    ['/admin/channels', 'Kanäle'],
    ['/admin/audit', 'Audit-Log'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  }
  await page.goto('/admin/departments');
  await expect(page.getByRole('link', { name: 'Neue Abteilung' })).toBeVisible();
  await saveScreenshot(page, 'languages-departments-de');
});
