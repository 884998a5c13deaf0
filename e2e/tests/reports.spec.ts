import { readFile } from 'node:fs/promises';
import type { APIRequestContext } from '@playwright/test';
import {
  archiveDepartment,
  createDepartment,
  createStaff,
  expect,
  saveScreenshot,
  snapshotSettings,
  staffPage,
  startVisitorChat,
  test,
  serveStaticSite,
  uniqueName,
  undoAfterEach,
} from '../support';
import {
  AgentSession,
  createAgent,
  hostPage,
  openWidget,
  resetWidgetSettings,
  restoreDefaults,
  setSettings,
  unique,
} from '../widget/helpers';

// Reports and live monitoring (issue 21). Tests share their worker's server: each closes the chats it
// starts and archives its department.
const cleanup = undoAfterEach();

const utcDay = () => new Date().toISOString().slice(0, 10);

/** Chats wait in the queue even with nobody online (restored afterwards). */
async function queueWithoutAgents(api: APIRequestContext): Promise<void> {
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  const res = await api.patch('/api/v1/settings', {
    data: { 'routing.method': 'manual', 'routing.acceptWithNoOnlineAgents': true },
  });
  expect(res.status(), await res.text()).toBe(200);
}

test('live monitoring updates as a visitor starts a chat and an agent closes it, without a reload', async ({
  api,
  browser,
  parley,
  request,
}) => {
  await queueWithoutAgents(api);
  const manager = await createStaff(api, ['manager'], uniqueName('Mona'));
  const dept = await createDepartment(api);
  cleanup.push(() => archiveDepartment(api, dept.id));
  const { context, page } = await staffPage(browser, parley, manager, '/monitoring');
  cleanup.push(() => context.close());
  await expect(page.getByRole('heading', { name: 'Live monitoring' })).toBeVisible();
  const row = page.getByRole('region', { name: 'Departments now' }).getByRole('row', { name: dept.name });
  await expect(row.getByRole('cell').nth(0)).toHaveText('0');
  const started = Number(await page.getByTestId('live-started').textContent());
  const closed = Number(await page.getByTestId('live-closed').textContent());

  const chat = await startVisitorChat(request, { name: uniqueName('Vic'), departmentId: dept.id, text: 'Hello?' });
  cleanup.push(() => api.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: {} }));
  // Pushed over the socket: queued in its department, with a ticking wait, and counted as started today.
  await expect(row.getByRole('cell').nth(0)).toHaveText('1');
  await expect(row.getByRole('cell').nth(1)).toHaveText(/^\d+:\d\d$/);
  await expect(page.getByTestId('live-started')).toHaveText(String(started + 1));
  await saveScreenshot(page, 'reports-monitoring-queued');

  const res = await api.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: {} });
  expect(res.status(), await res.text()).toBe(200);
  await expect(row.getByRole('cell').nth(0)).toHaveText('0');
  await expect(page.getByTestId('live-closed')).toHaveText(String(closed + 1));
});

test('a report shows its chart and tables and exports them as CSV; agents see their own figures', async ({
  adminPage: page,
  api,
  browser,
  parley,
  request,
}) => {
  await queueWithoutAgents(api);
  const dept = await createDepartment(api);
  cleanup.push(() => archiveDepartment(api, dept.id));
  const chat = await startVisitorChat(request, { name: uniqueName('Rita'), departmentId: dept.id, text: 'Hi' });
  const closed = await api.post(`/api/v1/conversations/${chat.conversationId}/close`, { data: {} });
  expect(closed.status(), await closed.text()).toBe(200);

  const day = utcDay();
  await page.goto(`/reports?from=${day}&to=${day}&tz=UTC&department=${dept.id}`);
  await expect(page.getByRole('heading', { name: 'Reports', exact: true })).toBeVisible();
  const totals = page.getByLabel('Totals');
  await expect(totals.getByText('Started', { exact: true })).toBeVisible();
  // The chart (uPlot draws on a canvas) and its legend.
  const chart = page.getByRole('region', { name: 'Conversations per day' });
  await expect(chart.locator('canvas')).toBeVisible();
  await expect(chart.getByText('Closed', { exact: true })).toBeVisible();
  const deptRow = page.getByRole('region', { name: 'Departments' }).getByRole('row', { name: new RegExp(dept.name) });
  await expect(deptRow.getByRole('cell').nth(0)).toHaveText('1');
  await saveScreenshot(page, 'reports-page', { fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV of Conversations per day' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`conversations-per-day_${day}_${day}.csv`);
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
  expect(csv).toBe(`date,started,closed\r\n${day},1,1\r\n`);

  const [deptCsv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV of Departments' }).click(),
  ]);
  const deptText = await readFile((await deptCsv.path())!, 'utf8');
  expect(deptText).toContain(`${dept.name},1,1,1,0`);

  // An agent's reports hold their own figures only, and no live monitoring in their navigation.
  const agent = await createStaff(api, ['agent'], uniqueName('Otto'));
  const { context, page: agentPage } = await staffPage(browser, parley, agent, '/reports');
  cleanup.push(() => context.close());
  await expect(agentPage.getByText('Your own figures.')).toBeVisible();
  await expect(agentPage.getByRole('link', { name: 'Live monitoring' })).toHaveCount(0);
});

test('CSAT: after the close the widget asks for a rating; it shows in the conversation and the report', async ({
  page,
  adminPage,
  api,
  browser,
  parley,
}) => {
  await resetWidgetSettings(api, { 'livechat.csat.enabled': true, 'livechat.csat.question': 'How did we do?' });
  cleanup.push(() => setSettings(api, { 'livechat.csat.enabled': false }));
  cleanup.push(() => restoreDefaults(api));
  const agent = await AgentSession.start(browser, parley, await createAgent(api, unique('Cora')));
  cleanup.push(() => agent.stop());
  const site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  cleanup.push(() => site.close());

  await page.goto(site.url('/'));
  const { frame } = await openWidget(page);
  const visitorName = unique('Rory');
  await frame.getByLabel('Name').fill(visitorName);
  await frame.getByLabel('Email').fill('rory@example.com');
  await frame.getByLabel('Message (optional)').fill('My parcel is late');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  const id = await agent.claim(visitorName);
  await agent.close(id);

  await expect(frame.getByRole('group', { name: 'How did we do?' })).toBeVisible();
  await frame.getByRole('button', { name: 'Send rating' }).click();
  await expect(frame.getByText('Choose a rating from 1 to 5.')).toBeVisible();
  await frame.getByRole('radio', { name: '4 of 5' }).check({ force: true });
  await frame.getByRole('textbox', { name: 'Comment (optional)' }).fill('<b>Quick</b> and kind');
  await saveScreenshot(page, 'reports-widget-rating');
  await frame.getByRole('button', { name: 'Send rating' }).click();
  await expect(frame.getByText('Thank you for your rating!')).toBeVisible();

  // In the conversation's side panel, as text.
  await adminPage.goto(`/conversations/${id}`);
  await expect(adminPage.getByTestId('visitor-rating')).toHaveText('4 / 5');
  await expect(adminPage.getByText('<b>Quick</b> and kind')).toBeVisible();
  // In the report's CSAT section.
  const day = utcDay();
  await adminPage.goto(`/reports?from=${day}&to=${day}&tz=UTC`);
  const csat = adminPage.getByRole('region', { name: 'CSAT comments' });
  await expect(csat.getByRole('cell', { name: '<b>Quick</b> and kind' })).toBeVisible();
});
