import { request as playwrightRequest } from '@playwright/test';
import { createStaff, expect, saveScreenshot, serveStaticSite, signIn, test, type StaticSite } from '../support';
import { hostPage, resetWidgetSettings, restoreDefaults, visitorToken, widget } from '../widget/helpers';

// Issue 19 item 5, the widget's rough edges: the greeting opens a new chat, a file refused for its type offers no Retry (only Remove), a
// failed upload does not outlive its chat, End chat asks first, and staff see "Visitor N" for a visitor
// without a name, never the internal guest-N. The chat waits in the queue (no agent); the visitor ends it.

let site: StaticSite | undefined;
test.afterEach(async ({ api }) => {
  await restoreDefaults(api);
  await site?.close();
  site = undefined;
});

test('refused file, End chat confirmation, and a friendly label for a nameless visitor', async ({
  page,
  parley,
  api,
}) => {
  await resetWidgetSettings(api, {
    'routing.acceptWithNoOnlineAgents': true,
    'livechat.registration.enabled': false,
    'livechat.greeting': 'Welcome to Acme! Ask us anything.',
  });
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  await page.goto(site.url('/'));
  const { frame, launcher } = widget(page);
  await launcher.click();
  // A new chat opens with the greeting, not a blank panel.
  await expect(frame.locator('.greet')).toContainText('Welcome to Acme! Ask us anything.');
  const input = frame.getByRole('textbox', { name: 'Message' });
  await input.fill('Hello there');
  await input.press('Enter');
  const mine = frame.locator('.m.me');
  await expect(mine.filter({ hasText: 'Hello there' })).toContainText('Sent');

  // A program is not an allowed file type: refused for good, so Remove instead of Retry.
  await frame
    .locator('input[type=file]')
    .setInputFiles({ name: 'tool.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ not really') });
  const refused = mine.filter({ hasText: 'Not sent.' });
  await expect(refused).toBeVisible();
  await expect(refused.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await saveScreenshot(page, 'widget-upload-refused');
  await refused.getByRole('button', { name: 'Remove' }).click();
  await expect(mine.filter({ hasText: 'Not sent.' })).toHaveCount(0);

  // Staff see a friendly label for this nameless visitor.
  const headers = { 'x-parley-visitor-token': (await visitorToken(page))! };
  const { conversation } = await (
    await page.request.get(`${parley.url}/api/v1/widget/conversations/active`, { headers })
  ).json();
  const staffView = await (await api.get(`/api/v1/conversations/${conversation.id}`)).json();
  expect(staffView.visitor.name).toBeNull();
  const label = `Visitor ${String(staffView.visitor.username).replace('guest-', '')}`;
  await page.goto(`${parley.url}/conversations`);
  await page.request.post(`${parley.url}/api/v1/auth/sign-in`, {
    data: parley.admin,
  });
  await page.goto(`${parley.url}/conversations`);
  await expect(page.getByText(label).first()).toBeVisible();
  await expect(page.getByText(staffView.visitor.username, { exact: true })).toHaveCount(0);

  // Back in the widget: End chat asks first; Keep chatting keeps it open.
  await page.goto(site.url('/'));
  const again = widget(page);
  // The widget remembers it was open: open it only if it is not.
  await expect(again.launcher).toBeVisible();
  if (!(await again.host.locator('.p').isVisible())) await again.launcher.click();
  await again.frame.getByRole('button', { name: 'End chat' }).click();
  const ask = again.frame.getByRole('group', { name: 'End this chat?' });
  await expect(ask).toBeVisible();
  await saveScreenshot(page, 'widget-end-chat-confirm');
  await ask.getByRole('button', { name: 'Keep chatting' }).click();
  await expect(again.frame.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await again.frame.getByRole('button', { name: 'End chat' }).click();
  await again.frame.getByRole('button', { name: 'Yes, end it' }).click();
  await expect(again.frame.getByRole('heading', { name: 'Conversation finished' })).toBeVisible();
});

test('the on-hold banner sits above the messages, never over the first ones', async ({ page, parley, api }) => {
  await resetWidgetSettings(api, {
    'routing.acceptWithNoOnlineAgents': true,
    'livechat.registration.enabled': false,
    'sessions.onHold.allowManual': true,
  });
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  await page.goto(site.url('/'));
  const { frame, launcher } = widget(page);
  await launcher.click();
  const input = frame.getByRole('textbox', { name: 'Message' });
  for (const text of ['first message', 'second message', 'third message', 'fourth message']) {
    await input.fill(text);
    await input.press('Enter');
    await expect(frame.locator('.m.me').filter({ hasText: text })).toContainText('Sent');
  }
  const headers = { 'x-parley-visitor-token': (await visitorToken(page))! };
  const { conversation } = await (
    await page.request.get(`${parley.url}/api/v1/widget/conversations/active`, { headers })
  ).json();
  // An agent takes it, answers and puts it on hold.
  const staff = await createStaff(api, ['agent']);
  const agent = await playwrightRequest.newContext({ baseURL: parley.url });
  try {
    await signIn(agent, parley.url, { email: staff.email, password: staff.password });
    expect((await agent.post(`/api/v1/conversations/${conversation.id}/take`)).status()).toBe(200);
    await agent.post(`/api/v1/conversations/${conversation.id}/messages`, { data: { text: 'One moment please' } });
    expect((await agent.post(`/api/v1/conversations/${conversation.id}/hold`)).status()).toBe(200);
    const banner = frame.locator('.banner');
    await expect(banner).toHaveText('The conversation is on hold.');
    // Scrolled to the top, the first message is below the banner, not under it.
    await frame.locator('.body.scroll').evaluate((el) => (el.scrollTop = 0));
    const first = frame.locator('.m.me').filter({ hasText: 'first message' });
    const [b, f] = [await banner.boundingBox(), await first.boundingBox()];
    expect(f!.y).toBeGreaterThanOrEqual(b!.y + b!.height);
    await saveScreenshot(page, 'widget-on-hold');
    await agent.post(`/api/v1/conversations/${conversation.id}/close`, { data: {} });
  } finally {
    await agent.dispose();
  }
});
