import { readFileSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import {
  createStaff,
  expect,
  saveScreenshot,
  snapshotSettings,
  staffPage,
  startVisitorChat,
  test,
  uniqueName,
  undoAfterEach,
} from '../support';

// The Contact Center's merge and GDPR actions (issue 16 items 9 and 11), on a contact's page. Undoes what it
// set up (the worker's server is shared): settings restored, chats closed.
const cleanup = undoAfterEach();

/** A visitor's closed chat; the contact it made. */
async function visitorContact(api: APIRequestContext, name: string, email: string, text: string) {
  const chat = await startVisitorChat(api, { name, email, text });
  const conv = await (await api.get(`/api/v1/conversations/${chat.conversationId}`)).json();
  const closed = await api.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: {} });
  expect(closed.ok(), await closed.text()).toBe(true);
  return { contactId: conv.contactId as string, conversationId: chat.conversationId };
}

test('Merge…: find the other contact, see the conflicting name, keep it as a conflict, merge; resolve it on the page; the old address leads to the survivor', async ({
  adminPage: page,
  api,
}) => {
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  await api.patch('/api/v1/settings', { data: { 'routing.acceptWithNoOnlineAgents': true } });
  const tag = Date.now().toString(36);
  const nameA = uniqueName('Robin Keep');
  const nameB = uniqueName('Robyn Other');
  const a = await visitorContact(api, nameA, `robin.${tag}@example.com`, 'first chat');
  const b = await visitorContact(api, nameB, `robyn.${tag}@example.com`, 'second chat');
  await api.patch(`/api/v1/contacts/${a.contactId}`, { data: { name: nameA, emails: [`robin.${tag}@example.com`] } });
  await api.patch(`/api/v1/contacts/${b.contactId}`, { data: { name: nameB, emails: [`robyn.${tag}@example.com`] } });

  await page.goto(`/contacts/${a.contactId}`);
  await expect(page.getByRole('heading', { name: nameA, level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Merge…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge contacts' });
  await dialog.getByLabel('Find the other contact').fill(`robyn.${tag}@example.com`);
  await dialog.getByRole('button', { name: 'Search' }).click();
  await dialog.getByRole('button', { name: new RegExp(nameB) }).click();
  const conflicts = dialog.getByRole('table', { name: /Conflicting fields/ });
  await expect(conflicts.getByRole('row', { name: /Name/ })).toContainText(nameB);
  await conflicts.getByRole('radio', { name: 'Keep as conflict' }).check();
  await saveScreenshot(page, 'contact-merge-dialog');
  await dialog.getByRole('button', { name: 'Merge into this contact' }).click();
  await expect(dialog).toBeHidden();

  // The survivor keeps its name; the other's waits as a conflict; both emails and both chats are here.
  const panel = page.getByRole('tabpanel');
  const section = panel.getByRole('region', { name: 'Conflicting fields' });
  await expect(section).toContainText(nameB);
  await expect(panel).toContainText(`robyn.${tag}@example.com`);
  await saveScreenshot(page, 'contact-merge-conflicts');
  await section.getByRole('button', { name: `Use ${nameB}` }).click();
  await expect(page.getByRole('heading', { name: nameB, level: 1 })).toBeVisible();
  await expect(section).toBeHidden();
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(
    page
      .getByRole('tabpanel', { name: 'History' })
      .getByRole('list', { name: 'Conversations, newest first' })
      .getByRole('listitem'),
  ).toHaveCount(2);

  // The merged-away contact's address shows the survivor.
  await page.goto(`/contacts/${b.contactId}`);
  await expect(page).toHaveURL(new RegExp(`/contacts/${a.contactId}`));
  await expect(page.getByRole('heading', { name: nameB, level: 1 })).toBeVisible();
});

test('GDPR: an admin exports the contact as JSON, then erases it after typing ERASE; an agent sees neither action', async ({
  adminPage: page,
  api,
  browser,
  parley,
}) => {
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  await api.patch('/api/v1/settings', { data: { 'routing.acceptWithNoOnlineAgents': true } });
  const name = uniqueName('Greta Privacy');
  const email = `greta.${Date.now().toString(36)}@example.com`;
  const secret = `my order number is ${Date.now()}`;
  const z = await visitorContact(api, name, email, secret);

  // An agent may merge but neither export nor erase.
  const agent = await createStaff(api, ['agent'], uniqueName('Agent'));
  const s = await staffPage(browser, parley, agent, `/contacts/${z.contactId}`);
  await expect(s.page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(s.page.getByRole('button', { name: 'Merge…' })).toBeVisible();
  await expect(s.page.getByRole('link', { name: 'Export (GDPR)' })).toHaveCount(0);
  await expect(s.page.getByRole('button', { name: 'Erase…' })).toHaveCount(0);
  await s.context.close();

  await page.goto(`/contacts/${z.contactId}`);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export (GDPR)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`contact-${z.contactId}.json`);
  const doc = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(doc.contact.name).toBe(name);
  expect(doc.channels[0].email).toBe(email);
  expect(doc.conversations[0].messages.map((m: { text: string }) => m.text)).toContain(secret);

  await page.getByRole('button', { name: 'Erase…' }).click();
  const dialog = page.getByRole('dialog', { name: "Erase this contact's personal data?" });
  const erase = dialog.getByRole('button', { name: 'Erase personal data' });
  await expect(erase).toBeDisabled();
  await dialog.getByLabel('Type ERASE to confirm').fill('erase');
  await expect(erase).toBeDisabled();
  await dialog.getByLabel('Type ERASE to confirm').fill('ERASE');
  await saveScreenshot(page, 'contact-erase-dialog');
  await erase.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Personal data erased' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Unnamed contact', level: 1 })).toBeVisible();
  await expect(page.locator('main')).not.toContainText(email);
  await expect(page.getByRole('button', { name: 'Erase…' })).toHaveCount(0);
  await saveScreenshot(page, 'contact-erased');

  // The conversation stays, without what the visitor wrote.
  const messages = await (await api.get(`/api/v1/conversations/${z.conversationId}/messages`)).json();
  expect(JSON.stringify(messages)).not.toContain(secret);
  expect(JSON.stringify(messages)).not.toContain(name);
});
