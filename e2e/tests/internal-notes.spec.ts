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
import { hostPage, openWidget, resetWidgetSettings, widget } from '../widget/helpers';

// Internal notes and mentions (issue 18, item 2): an agent's note is shown to staff, never in the widget;
// the colleague it mentions sees the bell's count on any page and follows it to the chat. Undoes what it
// set up (the worker's server is shared).
const cleanup = undoAfterEach();

const NOTE = 'VIP customer, refund approved <b>twice</b>';

test('an internal note is for staff only: the widget never shows it; the mentioned colleague follows the bell', async ({
  page,
  api,
  browser,
  parley,
}) => {
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  await resetWidgetSettings(api);
  const ann = await createStaff(api, ['agent'], uniqueName('Ann'));
  const bob = await createStaff(api, ['agent'], uniqueName('Bob'));
  const bobUsername = (await (await api.get(`/api/v1/users/${bob.id}`)).json()).username as string;
  const dept = await createDepartment(api, { agents: [ann.id, bob.id] });
  cleanup.push(() => archiveDepartment(api, dept.id));
  const a = await staffPage(browser, parley, ann);
  cleanup.push(() => a.context.close());
  await goAvailable(a.page);
  // Bob is elsewhere in the app (his account page): the bell is in the top bar of every page.
  const b = await staffPage(browser, parley, bob, '/account');
  cleanup.push(() => b.context.close());
  const bell = b.page.getByRole('button', { name: /^Mentions/ });
  await expect(bell).toBeVisible();
  await expect(b.page.getByTestId('mentions-count')).toHaveCount(0);

  // A visitor starts a chat in the widget; Ann takes it and answers.
  const site = await serveStaticSite({ pages: { '/': hostPage(parley.url, { departmentId: dept.id }) } });
  cleanup.push(() => site.close());
  await page.goto(site.url('/'));
  const { frame } = await openWidget(page);
  const visitor = uniqueName('Vera');
  await frame.getByLabel('Name').fill(visitor);
  await frame.getByLabel('Email').fill('vera@example.com');
  await frame.getByLabel('Message (optional)').fill('Where is my refund?');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  const id = await conversationOfVisitor(api, visitor);
  cleanup.push(() => api.post(`/api/v1/conversations/${id}/close`, { data: { comment: 'e2e' } }));
  await a.page
    .getByRole('navigation', { name: 'Inbox' })
    .getByRole('button', { name: `Take the conversation with ${visitor}` })
    .click();
  await expect(a.page.getByRole('heading', { name: visitor, level: 1 })).toBeVisible();
  const reply = a.page.getByRole('textbox', { name: 'Message' });
  await reply.fill('Hello! Let me check.');
  await reply.press('Enter');
  const log = frame.getByRole('list', { name: 'Messages' });
  await expect(log.getByText('Hello! Let me check.')).toBeVisible();

  // The note: its tab, @ picks Bob, the markup stays text.
  await a.page.getByRole('button', { name: 'Internal note' }).click();
  const noteBox = a.page.getByRole('textbox', { name: 'Internal note' });
  await expect(noteBox).toBeFocused();
  await noteBox.pressSequentially(`@${bobUsername.slice(0, 4)}`);
  const picker = a.page.getByRole('listbox', { name: 'Colleagues to mention' });
  await expect(picker.getByRole('option', { name: new RegExp(`@${bobUsername}`) })).toBeVisible();
  await expect(picker.getByRole('option', { name: new RegExp(ann.name) })).toHaveCount(0); // not oneself
  await noteBox.press('Enter');
  await expect(noteBox).toHaveValue(`@${bobUsername} `);
  await noteBox.pressSequentially(NOTE);
  await saveScreenshot(a.page, 'internal-note-composer');
  await noteBox.press('Enter');
  const note = a.page.locator('.msg-note').filter({ hasText: 'refund approved' });
  await expect(note).toContainText('Internal note');
  await expect(note.getByText(`@${bobUsername} ${NOTE}`)).toBeVisible();
  await expect(note.locator('.msg-bubble')).toHaveCSS('background-color', 'rgb(255, 250, 235)');
  // Back to replying: the visitor gets the reply, never the note.
  await a.page.getByRole('button', { name: 'Reply', exact: true }).click();
  await reply.fill('Your refund is on its way.');
  await reply.press('Enter');
  await expect(log.getByText('Your refund is on its way.')).toBeVisible();
  await expect(frame.locator('body')).not.toContainText('refund approved');
  await expect(frame.locator('body')).not.toContainText('Internal note');
  await saveScreenshot(a.page, 'internal-note-timeline');
  await saveScreenshot(page, 'internal-note-widget');
  // A reload replays the history: still not there.
  await page.reload();
  const again = widget(page);
  // The chat's widget may reopen by itself a moment after the reload: open it until it stays open.
  await expect
    .poll(async () => {
      if (!(await again.host.locator('.p').isVisible())) await again.launcher.click();
      return again.host.locator('.p').isVisible();
    })
    .toBe(true);
  const replayed = again.frame.getByRole('list', { name: 'Messages' });
  await expect(replayed.getByText('Your refund is on its way.')).toBeVisible();
  await expect(again.frame.locator('body')).not.toContainText('refund approved');
  // …nor through the widget API (what the widget's history asks).
  const stored = (await (await api.get(`/api/v1/conversations/${id}/messages`)).json()).items as Array<{
    kind: string;
  }>;
  expect(stored.filter((m) => m.kind === 'note')).toHaveLength(1);

  // Bob: the bell counts it, live; choosing it opens the chat and marks it read.
  await expect(b.page.getByTestId('mentions-count')).toHaveText('1');
  await expect(bell).toHaveAccessibleName('Mentions, 1 unread');
  await bell.click();
  const panel = b.page.getByRole('region', { name: 'Mentions' });
  const item = panel.getByRole('button', { name: new RegExp(`${ann.name} mentioned you`) });
  await expect(item).toContainText('refund approved <b>twice</b>');
  await saveScreenshot(b.page, 'mentions-bell');
  await item.click();
  await expect(b.page).toHaveURL(new RegExp(`/workspace/${id}$`));
  await expect(b.page.getByRole('heading', { name: visitor, level: 1 })).toBeVisible();
  await expect(b.page.locator('.msg-note').filter({ hasText: 'refund approved' })).toContainText('Internal note');
  await expect(b.page.getByTestId('mentions-count')).toHaveCount(0);
  const mentions = await (await b.page.request.get('/api/v1/mentions')).json();
  expect(mentions.unread).toBe(0);
  expect(mentions.items[0]).toMatchObject({ conversationId: id });
  expect(mentions.items[0].readAt).not.toBeNull();
});
