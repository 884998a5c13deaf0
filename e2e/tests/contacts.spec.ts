import {
  archiveDepartment,
  conversationOfVisitor,
  createDepartment,
  createStaff,
  expect,
  goAvailable,
  saveScreenshot,
  serveStaticSite,
  snapshotSettings,
  staffPage,
  test,
  uniqueName,
  undoAfterEach,
} from '../support';
import { hostPage, openWidget, resetWidgetSettings } from '../widget/helpers';

// The Contact Center (issue 16 items 1-6): the Contacts tab, a contact's page and its tabs, New contact,
// and blocking a visitor's channel from a chat. Undoes what it set up (the worker's server is shared).
const cleanup = undoAfterEach();

test('New contact, then found by its phone in another format; the contact page and its tabs', async ({
  adminPage: page,
}) => {
  const name = uniqueName('Ada <b>Lovelace</b>');
  const digits = String(Date.now()).slice(-7);
  await page.goto('/contacts');
  await expect(page.getByRole('heading', { name: 'Contacts', level: 1 })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Contact Center' }).getByRole('link', { name: 'Contacts' }),
  ).toHaveAttribute('aria-current', 'page');

  await page.getByRole('button', { name: 'New contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'New contact' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Emails').fill(`ada.${digits}@example.com`);
  // A phone that does not parse is refused, naming the field.
  await dialog.getByLabel('Phones').fill('call me maybe');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toContainText('international form');
  await dialog.getByLabel('Phones').fill(`+49 151 2${digits}`);
  await dialog.getByRole('button', { name: 'Save' }).click();

  // The contact page: the name as text, known, its details; the phone in E.164.
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const panel = page.getByRole('tabpanel');
  await expect(panel).toContainText(`+491512${digits}`);
  await expect(page.locator('.page-header')).toContainText('Known');
  await page.getByRole('tab', { name: 'Channels' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Channels' })).toContainText('not reached you on any channel');
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByRole('tabpanel', { name: 'History' })).toContainText('No conversations');
  await saveScreenshot(page, 'contact-page');

  // The list finds it by the phone written another way.
  await page.goto('/contacts');
  await page.getByRole('searchbox').fill(`0049 (151) 2${digits}`);
  await page.getByRole('button', { name: 'Search' }).click();
  const table = page.getByRole('table', { name: 'Contacts' });
  await expect(table.getByRole('link')).toHaveCount(1);
  await expect(table.getByRole('link', { name })).toBeVisible();
  await saveScreenshot(page, 'contacts-list');
});

test('an agent adds an unknown visitor as a contact, then blocks them from the chat after a confirmation; the widget then refuses their messages', async ({
  page,
  api,
  browser,
  parley,
}) => {
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  await resetWidgetSettings(api, { 'livechat.registration.emailField': false });
  const agent = await createStaff(api, ['agent'], uniqueName('Agent'));
  const dept = await createDepartment(api, { agents: [agent.id] });
  cleanup.push(() => archiveDepartment(api, dept.id));
  const s = await staffPage(browser, parley, agent);
  cleanup.push(() => s.context.close());
  await goAvailable(s.page);
  const site = await serveStaticSite({ pages: { '/': hostPage(parley.url, { departmentId: dept.id }) } });
  cleanup.push(() => site.close());

  await page.goto(site.url('/'));
  const { frame } = await openWidget(page);
  const visitor = uniqueName('Troll');
  await frame.getByLabel('Name').fill(visitor);
  await frame.getByLabel('Message (optional)').fill('hello');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  const id = await conversationOfVisitor(api, visitor);
  cleanup.push(() => api.post(`/api/v1/conversations/${id}/close`, { data: { comment: 'e2e' } }));

  const inbox = s.page.getByRole('navigation', { name: 'Inbox' });
  await inbox.getByRole('button', { name: `Take the conversation with ${visitor}` }).click();
  const panel = s.page
    .getByRole('complementary', { name: 'Conversation details' })
    .getByRole('region', { name: 'Visitor' });
  await expect(panel).toContainText('Unknown contact');
  // Add contact: the edit dialog with what the chat knows; saving makes the contact known.
  await panel.getByRole('button', { name: 'Add contact' }).click();
  const add = s.page.getByRole('dialog', { name: 'Add contact' });
  await expect(add.getByLabel('Name')).toHaveValue(visitor);
  await add.getByLabel('Phones').fill('+1 415 555 2671');
  await add.getByRole('button', { name: 'Save' }).click();
  await expect(add).toBeHidden();
  await expect(panel).toContainText('Known contact');
  await expect(panel.getByRole('button', { name: 'Add contact' })).toBeHidden();

  // Block asks first; Cancel changes nothing.
  await panel.getByRole('button', { name: 'Block' }).click();
  const confirm = s.page.getByRole('dialog', { name: 'Block this channel?' });
  await expect(confirm).toContainText('other channels keep working');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await panel.getByRole('button', { name: 'Block' }).click();
  await saveScreenshot(s.page, 'chat-block-confirm');
  await s.page.getByRole('dialog', { name: 'Block this channel?' }).getByRole('button', { name: 'Block' }).click();
  await expect(panel).toContainText('Blocked');

  // The visitor's next message is not taken: the widget is answered as when nobody is online (it shows
  // its offline form), which says nothing of a block.
  const input = frame.getByRole('textbox', { name: 'Message' });
  await input.fill('can you hear me');
  await input.press('Enter');
  await expect(frame.getByText('We are not online right now')).toBeVisible();
  await expect(frame.locator('body')).not.toContainText(/block/i);
  await saveScreenshot(page, 'widget-blocked-visitor');
  const messages = await (await api.get(`/api/v1/conversations/${id}/messages`)).json();
  expect((messages.items as Array<{ text: string }>).map((m) => m.text)).not.toContain('can you hear me');

  // The contact page shows the blocked channel; unblocking from its menu restores it.
  const contactId = (await (await api.get(`/api/v1/conversations/${id}`)).json()).contactId as string;
  await s.page.goto(`/contacts/${contactId}?tab=channels`);
  const row = s.page.getByRole('tabpanel', { name: 'Channels' }).getByRole('row').nth(1);
  await expect(row).toContainText('Blocked');
  await row.locator('summary').click();
  await row.getByRole('button', { name: 'Unblock' }).click();
  await s.page.getByRole('dialog', { name: 'Unblock this channel?' }).getByRole('button', { name: 'Unblock' }).click();
  await expect(row).not.toContainText('Blocked');
});
