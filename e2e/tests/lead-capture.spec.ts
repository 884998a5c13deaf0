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

// Lead capture (issue 15 item 7): what a visitor writes of their email and phone lands on their contact,
// and the agent's visitor panel shows it without a reload. Undoes what it set up (the worker's server is
// shared).
const cleanup = undoAfterEach();

test('a visitor writes their email and phone in the widget; the agent sees them in the visitor panel, live', async ({
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

  // The visitor starts a chat without giving an email.
  await page.goto(site.url('/'));
  const { frame } = await openWidget(page);
  const visitor = uniqueName('Lena');
  await frame.getByLabel('Name').fill(visitor);
  await frame.getByLabel('Message (optional)').fill('Hello, I have a question about pricing');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  const id = await conversationOfVisitor(api, visitor);
  cleanup.push(() => api.post(`/api/v1/conversations/${id}/close`, { data: { comment: 'e2e' } }));

  // The agent takes it: the panel has no email or phone yet.
  const inbox = s.page.getByRole('navigation', { name: 'Inbox' });
  await inbox.getByRole('button', { name: `Take the conversation with ${visitor}` }).click();
  await expect(s.page.getByRole('heading', { name: visitor, level: 1 })).toBeVisible();
  const panel = s.page
    .getByRole('complementary', { name: 'Conversation details' })
    .getByRole('region', { name: 'Visitor' });
  await expect(panel).toContainText('Last seen');
  await expect(panel).not.toContainText('@example.com');

  // The visitor writes them in a message; the open panel shows them (no reload).
  const input = frame.getByRole('textbox', { name: 'Message' });
  await input.fill('Sure, mail me at Lena.Lead@Example.com or call 11 98765 4321');
  await input.press('Enter');
  await expect(
    s.page.getByRole('list', { name: 'Messages' }).getByText('Sure, mail me at Lena.Lead@Example.com'),
  ).toBeVisible();
  await expect(panel.getByRole('link', { name: 'lena.lead@example.com' })).toHaveAttribute(
    'href',
    'mailto:lena.lead@example.com',
  );
  await expect(panel).toContainText('11 98765 4321');
  await saveScreenshot(s.page, 'conversation-lead-captured');

  // What the server stored: the contact has both, once.
  const conversation = await (await api.get(`/api/v1/conversations/${id}`)).json();
  const details = await (await api.get(`/api/v1/visitors/${conversation.visitor.id}`)).json();
  expect(details.contact.emails).toEqual(['lena.lead@example.com']);
  expect(details.contact.phones).toEqual(['11 98765 4321']);
});
