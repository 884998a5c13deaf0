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

// Calls (issue 17): an agent starts a video call from the chat, the visitor sees Join call (the conference
// opens in a new window), the agent ends it and writes the wrap-up notes, and the call is found in the
// Calls tab by the visitor's phone number. The "conference server" is a static site of the test. Undoes
// what it set up (the worker's server is shared).
const cleanup = undoAfterEach();

test('a video call from a chat: Join call in the widget, wrap-up notes, found in the Calls tab by phone', async ({
  page,
  api,
  browser,
  parley,
}) => {
  // Two people, a widget, two popups and the Calls tab: longer than the default minute on a busy machine.
  test.setTimeout(150_000);
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  await resetWidgetSettings(api);
  const meet = await serveStaticSite({ pages: { '/': '<!doctype html><title>Meet</title><p>Conference</p>' } });
  cleanup.push(() => meet.close());
  const set = await api.patch('/api/v1/settings', {
    data: { 'calls.provider': 'jitsi', 'calls.jitsi.baseUrl': meet.url('/') },
  });
  expect(set.status(), await set.text()).toBe(200);

  const ann = await createStaff(api, ['agent'], uniqueName('Ann'));
  const dept = await createDepartment(api, { agents: [ann.id] });
  cleanup.push(() => archiveDepartment(api, dept.id));
  const a = await staffPage(browser, parley, ann);
  cleanup.push(() => a.context.close());
  await goAvailable(a.page);

  // The visitor: the host site passes their phone number; they start a chat, Ann takes it.
  const digits = String(Date.now() % 1000).padStart(3, '0');
  const phone = `+44 20 7946 0${digits}`;
  const site = await serveStaticSite({
    pages: {
      '/': hostPage(parley.url, {
        departmentId: dept.id,
        calls: [`Parley('setVisitor', { phone: ${JSON.stringify(phone)} });`],
      }),
    },
  });
  cleanup.push(() => site.close());
  await page.goto(site.url('/'));
  const { frame } = await openWidget(page);
  const visitor = uniqueName('Vera');
  await frame.getByLabel('Name').fill(visitor);
  await frame.getByLabel('Email').fill('vera@example.com');
  await frame.getByLabel('Message (optional)').fill('Can we talk face to face?');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  const id = await conversationOfVisitor(api, visitor);
  cleanup.push(() => api.post(`/api/v1/conversations/${id}/close`, { data: { comment: 'e2e' } }));
  await a.page
    .getByRole('navigation', { name: 'Inbox' })
    .getByRole('button', { name: `Take the conversation with ${visitor}` })
    .click();
  await expect(a.page.getByRole('heading', { name: visitor, level: 1 })).toBeVisible();

  // Ann starts a video call: a card in her timeline, Join call in the widget.
  await a.page
    .getByRole('toolbar', { name: 'Conversation actions' })
    .getByRole('button', { name: 'Video call' })
    .click();
  const card = a.page.locator('.msg-call').filter({ hasText: 'Video call' });
  await expect(card).toContainText('Video call started');
  await expect(card.getByRole('button', { name: 'Open call' })).toBeVisible();
  const log = frame.getByRole('list', { name: 'Messages' });
  const invite = log.locator('.call');
  await expect(invite).toContainText('Video call: the agent invites you to join');
  await expect(invite.getByRole('button', { name: 'Decline' })).toBeVisible();
  await saveScreenshot(page, 'calls-widget-join');

  // The visitor joins: the conference opens in a new window at an unguessable room of the configured server.
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    invite.getByRole('button', { name: 'Join call' }).click(),
  ]);
  await expect.poll(() => popup.url()).toMatch(new RegExp(`^${meet.url('/')}parley-[0-9a-f]{32}$`));
  await popup.close();
  // Ann sees it answered, live, and opens the call from the card (her own window to the same room).
  await expect(card).toContainText('Video call in progress');
  const [mine] = await Promise.all([
    a.page.waitForEvent('popup'),
    card.getByRole('button', { name: 'Open call' }).click(),
  ]);
  await expect.poll(() => mine.url()).toMatch(/\/parley-[0-9a-f]{32}$/);
  await mine.close();
  await saveScreenshot(a.page, 'calls-agent-card');

  // Ann hangs up and writes the wrap-up notes; she edits them once.
  await card.getByRole('button', { name: 'End call' }).click();
  await expect(card).toContainText('Video call ended');
  await expect(invite).toContainText('Video call ended');
  await expect(invite.getByRole('button', { name: 'Join call' })).toHaveCount(0);
  const notes = card.getByLabel('Wrap-up notes');
  await notes.fill('Wants the premium plan');
  await card.getByRole('button', { name: 'Save notes' }).click();
  await expect(card.getByRole('status')).toHaveText('Notes saved');
  await notes.fill('Wants the premium plan <b>now</b>; call back Monday');
  await card.getByRole('button', { name: 'Save notes' }).click();
  await expect(card.getByRole('status')).toHaveText('Notes saved');
  await saveScreenshot(a.page, 'calls-wrap-up');

  // A second call the visitor declines: Ann's card says so at once.
  await a.page
    .getByRole('toolbar', { name: 'Conversation actions' })
    .getByRole('button', { name: 'Audio call' })
    .click();
  const audio = log.locator('.call').filter({ hasText: 'Audio call' });
  await audio.getByRole('button', { name: 'Decline' }).click();
  await expect(audio).toContainText('Audio call declined');
  await expect(a.page.locator('.msg-call').filter({ hasText: 'Audio call' })).toContainText(
    'Audio call: the visitor declined',
  );

  // The Calls tab: found by the visitor's phone number (typed another way), with its notes and the call before it.
  await a.page.goto('/contacts');
  await a.page.getByRole('navigation', { name: 'Contact Center' }).getByRole('link', { name: 'Calls' }).click();
  await expect(a.page.getByRole('heading', { name: 'Calls', level: 1 })).toBeVisible();
  await a.page.getByRole('searchbox').fill(`0044 (20) 7946-0${digits}`);
  await a.page.getByRole('searchbox').press('Enter');
  const table = a.page.getByRole('table', { name: 'Calls, newest first' });
  await expect(table.getByRole('row')).toHaveCount(3); // the header and two calls
  await expect(table.getByRole('row').nth(1)).toContainText('Declined');
  await expect(table.getByRole('row').nth(2)).toContainText('Completed');
  await expect(table.getByRole('row').nth(2)).toContainText(visitor);
  await table.getByRole('row').nth(2).getByRole('link').click();
  const details = a.page.getByRole('complementary', { name: 'Call details' });
  await expect(details.getByLabel('Wrap-up notes')).toHaveValue('Wants the premium plan <b>now</b>; call back Monday');
  await expect(details).toContainText(`+442079460${digits}`);
  await expect(details).toContainText('None before this one.');
  await saveScreenshot(a.page, 'calls-tab');
  // The declined one shows the completed one as the last call with the contact.
  await table.getByRole('row').nth(1).getByRole('link').click();
  await expect(details).toContainText('Wants the premium plan');
  await expect(details.getByLabel('Wrap-up notes')).toHaveValue('');
});
