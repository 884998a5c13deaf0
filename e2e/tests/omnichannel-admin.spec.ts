import {
  archiveDepartment,
  createDepartment,
  createStaff,
  expect,
  saveScreenshot,
  serveStaticSite,
  snapshotSettings,
  staffPage,
  test,
  uniqueName,
  undoAfterEach,
} from '../support';
import { hostPage, widget } from '../widget/helpers';

const cleanup = undoAfterEach();

test('departments: every field, agents in order, archive and restore; deleting is refused while removal is off', async ({
  adminPage: page,
  api,
}) => {
  const fallback = await createDepartment(api, { name: uniqueName('Billing') });
  cleanup.push(() => archiveDepartment(api, fallback.id));
  const ann = await createStaff(api, ['agent'], uniqueName('Ann'));
  const ben = await createStaff(api, ['agent'], uniqueName('Ben'));
  const name = uniqueName('Returns');

  await page.goto('/admin/departments');
  await page.getByRole('link', { name: 'New department' }).click();
  await expect(page.getByRole('heading', { name: 'New department', level: 1 })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Description').fill('Parcels coming back');
  await page.getByLabel('Email', { exact: true }).fill('returns@example.com');
  // Not offered on the widget's forms (other tests' visitors would have to choose it).
  await page.getByRole('checkbox', { name: /Show on the pre-chat form/ }).uncheck();
  await page.getByRole('checkbox', { name: /Show on the offline form/ }).uncheck();
  await page.getByLabel('Max. simultaneous chats per agent').fill('3');
  await page.getByLabel('Fallback department').selectOption(fallback.id);
  await page.getByRole('group', { name: 'Departments its agents may transfer to' }).getByLabel(fallback.name).check();
  await page.getByLabel('Waiting queue message').fill('Our returns team is busy, one moment.');
  await page.getByRole('checkbox', { name: /Ask for a tag before closing/ }).check();
  const tags = page.getByLabel('Closing tags', { exact: true });
  await tags.fill('refunded');
  await tags.press('Enter');
  await tags.fill('exchanged,');
  await page.getByRole('button', { name: 'Create department' }).click();

  await expect(page).toHaveURL(/\/admin\/departments\/[0-9a-f-]{36}$/);
  await expect(page.getByText(`${name} was created. Add its agents below.`)).toBeVisible();
  const id = new URL(page.url()).pathname.split('/').pop()!;
  cleanup.push(() => archiveDepartment(api, id));
  let d = await (await api.get(`/api/v1/departments/${id}`)).json();
  expect(d).toMatchObject({
    name,
    description: 'Parcels coming back',
    email: 'returns@example.com',
    showOnRegistration: false,
    showOnOfflineForm: false,
    maxChatsPerAgent: 3,
    fallbackDepartmentId: fallback.id,
    allowedForwardIds: [fallback.id],
    waitingQueueMessage: 'Our returns team is busy, one moment.',
    requestTagBeforeClosing: true,
    closingTags: ['refunded', 'exchanged'],
  });

  // Agents, in routing order.
  const agents = page.getByRole('region', { name: 'Agents' });
  await agents.getByLabel('Add an agent').selectOption(ann.id);
  await agents.getByRole('button', { name: 'Add', exact: true }).click();
  await agents.getByLabel('Add an agent').selectOption(ben.id);
  await agents.getByRole('button', { name: 'Add', exact: true }).click();
  await agents.getByRole('button', { name: `Move ${ben.name} up` }).click();
  await expect(agents.getByRole('list', { name: 'Agents of this department' }).getByRole('listitem')).toHaveText([
    new RegExp(ben.name),
    new RegExp(ann.name),
  ]);
  await agents.getByRole('button', { name: 'Save agents' }).click();
  await expect(agents.getByText('The agents were saved.')).toBeVisible();
  d = await (await api.get(`/api/v1/departments/${id}`)).json();
  expect([...d.agents].sort((x: any, y: any) => x.position - y.position).map((x: any) => x.userId)).toEqual([
    ben.id,
    ann.id,
  ]);
  await saveScreenshot(page, 'department', { fullPage: true });

  // A wrong value: the field says why, nothing is stored.
  await page.getByLabel('Email', { exact: true }).fill('not an email');
  await page.getByLabel('Max. simultaneous chats per agent').fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('#dept-email-error')).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true })).toBeFocused();
  d = await (await api.get(`/api/v1/departments/${id}`)).json();
  expect(d.email).toBe('returns@example.com');
  expect(d.maxChatsPerAgent).toBe(3);
  await page.getByLabel('Email', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('The department was saved.')).toBeVisible();
  d = await (await api.get(`/api/v1/departments/${id}`)).json();
  expect(d.email).toBe('');
  expect(d.maxChatsPerAgent).toBeNull();

  // Archive, find it among the archived, restore.
  await page.getByRole('button', { name: 'Archive department' }).click();
  await expect(page.getByText('This department is archived.')).toBeVisible();
  await page.getByRole('link', { name: 'Back to departments' }).click();
  // The list is paged on the server (the worker's server has other tests' departments): find it by name.
  await page.getByLabel('Search').fill(name);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('No department matches this search.')).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Show archived departments' }).check();
  await expect(page).toHaveURL(/archived=1/);
  await expect(page.getByText('Showing 1–1 of 1')).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('Archived');
  await saveScreenshot(page, 'departments');
  await row.getByRole('link', { name: `Edit ${name}` }).click();
  await page.getByRole('button', { name: 'Restore department' }).click();
  await expect(page.getByText('This department is archived.')).toBeHidden();

  // general.departmentRemoval is off by default: deleting is refused, with the reason.
  await page.getByRole('button', { name: 'Delete department' }).click();
  await page.getByRole('button', { name: `Delete “${name}” for good` }).click();
  await expect(page.getByText('Department removal is disabled; archive it instead')).toBeVisible();
  expect((await api.get(`/api/v1/departments/${id}`)).status()).toBe(200);
});

test('departments: the list comes a page of 25 at a time, searched on the server', async ({ adminPage: page, api }) => {
  // 27 departments sharing a tag (the worker's server holds other tests' departments too).
  const tag = uniqueName('Paged').replace(' ', '-');
  const names = Array.from({ length: 27 }, (_, i) => `${tag} ${String(i + 1).padStart(2, '0')}`);
  for (const name of names) {
    const d = await createDepartment(api, { name });
    cleanup.push(() => archiveDepartment(api, d.id));
  }
  const rows = page.getByRole('table', { name: 'Departments' }).getByRole('row');
  const link = (n: string) => page.getByRole('link', { name: `Edit ${n}`, exact: true });

  await page.goto('/admin/departments');
  await page.getByLabel('Search').fill(tag.toUpperCase());
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('Showing 1–25 of 27')).toBeVisible();
  await expect(rows).toHaveCount(26); // a header and 25 departments
  await expect(link(names[0]!)).toBeVisible();
  await expect(link(names[24]!)).toBeVisible();
  await expect(link(names[25]!)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Previous' })).toBeDisabled();

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Showing 26–27 of 27')).toBeVisible();
  await expect(page).toHaveURL(/page=2/);
  await expect(rows).toHaveCount(3);
  await expect(link(names[25]!)).toBeVisible();
  await expect(link(names[26]!)).toBeVisible();
  await expect(link(names[0]!)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  // The page lives in the URL.
  await page.reload();
  await expect(page.getByText('Showing 26–27 of 27')).toBeVisible();

  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(page.getByText('Showing 1–25 of 27')).toBeVisible();
  await expect(link(names[0]!)).toBeVisible();
});

test('agents: capacity and availability per agent, presence live', async ({
  adminPage: page,
  api,
  browser,
  parley,
}) => {
  const agent = await createStaff(api, ['agent'], uniqueName('Gina'));
  const findAgent = async () =>
    ((await (await api.get('/api/v1/agents')).json()).items as any[]).find((a) => a.userId === agent.id);

  await page.goto('/admin/agents');
  await page.getByLabel('Search').fill(agent.name);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/search=/);
  await expect(page.getByText('Showing 1–1 of 1')).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(agent.name) });
  await expect(row).toContainText('Offline');

  // She opens her workspace: the admin sees her come online.
  const g = await staffPage(browser, parley, agent);
  cleanup.push(() => g.context.close());
  await expect(row).toContainText('Online');

  const max = row.getByLabel(`Max. simultaneous chats for ${agent.name}`);
  await max.fill('4');
  await row.getByRole('button', { name: `Save the limit of ${agent.name}` }).click();
  await expect(row.getByText('Saved')).toBeVisible();
  expect((await findAgent()).maxChats).toBe(4);

  await max.fill('-2');
  await row.getByRole('button', { name: `Save the limit of ${agent.name}` }).click();
  await expect(row.locator('.field-error')).toHaveText('Give a whole number, or leave it empty for the default.');
  expect((await findAgent()).maxChats).toBe(4);

  await max.fill('');
  await row.getByRole('button', { name: `Save the limit of ${agent.name}` }).click();
  await expect(row.getByText('Saved')).toBeVisible();
  expect((await findAgent()).maxChats).toBeNull();

  // Availability, by the manager; the agent's own switch follows.
  const available = row.getByRole('switch', { name: `${agent.name} available` });
  await available.check();
  await expect.poll(async () => (await findAgent()).availability).toBe('available');
  await expect(g.page.getByRole('switch', { name: 'Available' })).toBeChecked();
  await saveScreenshot(page, 'agents');
  await available.uncheck();
  await expect.poll(async () => (await findAgent()).availability).toBe('unavailable');
  await expect(g.page.getByRole('switch', { name: 'Available' })).not.toBeChecked();
});

test('custom fields, priorities and SLA policies', async ({ adminPage: page, api }) => {
  const id = `order${Date.now().toString(36)}`;
  cleanup.push(() => api.delete(`/api/v1/custom-fields/${id}`));
  await page.goto('/admin/custom-fields');
  await page.getByRole('button', { name: 'New custom field' }).click();
  const dialog = page.getByRole('dialog', { name: 'New custom field' });
  await dialog.getByLabel('Id', { exact: true }).fill(id);
  await dialog.getByLabel('Label', { exact: true }).fill('Order number');
  await dialog.getByLabel('Applies to').selectOption('conversation');
  await dialog.getByLabel('Validation pattern (optional)').fill('^[0-9]+$');
  await dialog.getByRole('button', { name: 'Create field' }).click();
  await expect(page.getByText('Order number was created.')).toBeVisible();
  // The list is paged on the server (the worker's server has other tests' fields): find it by its key.
  await page.getByLabel('Search').fill(id.toUpperCase());
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/search=/);
  await expect(page.getByText('Showing 1–1 of 1')).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(id) });
  await expect(row).toContainText('Conversation');
  await saveScreenshot(page, 'custom-fields');
  await row.getByRole('button', { name: 'Edit Order number' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit “Order number”' });
  await edit.getByLabel('Type', { exact: true }).selectOption('select');
  await edit.getByLabel('Options').fill('A1, B2,');
  await edit.getByRole('checkbox', { name: 'Required' }).check();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Order number was saved.')).toBeVisible();
  await expect(row).toContainText('A1, B2');
  await expect(row).toContainText('Required');
  const stored = ((await (await api.get('/api/v1/custom-fields')).json()).items as any[]).find((f) => f.id === id);
  expect(stored).toMatchObject({ type: 'select', options: ['A1', 'B2'], required: true, scope: 'conversation' });

  // Priorities and SLA policies.
  const priority = uniqueName('Urgent');
  const sla = uniqueName('Gold');
  await page.goto('/admin/priorities');
  const priorities = page.getByRole('region', { name: 'Priorities' });
  // Each list is paged and searched on the server: look for the one about to be added.
  await priorities.getByLabel('Search').fill(priority);
  await priorities.getByRole('button', { name: 'Search' }).click();
  await expect(priorities.getByText('No priority matches this search.')).toBeVisible();
  await expect(page).toHaveURL(/priorities-search=/);
  await priorities.getByLabel('Name').fill(priority);
  await priorities.getByLabel('Weight').fill('0');
  await priorities.getByRole('button', { name: 'Add' }).click();
  await expect(priorities.locator('.field-error')).toBeVisible(); // weight starts at 1
  await priorities.getByLabel('Weight').fill('5');
  await priorities.getByRole('button', { name: 'Add' }).click();
  const prow = priorities.getByRole('row', { name: new RegExp(priority) });
  await expect(prow).toContainText('5');
  await prow.getByRole('button', { name: `Edit ${priority}` }).click();
  await priorities
    .getByRole('form', { name: `Edit ${priority}` })
    .getByLabel('Weight')
    .fill('2');
  await priorities.getByRole('button', { name: 'Save' }).click();
  await expect(priorities.getByRole('row', { name: new RegExp(priority) })).toContainText('2');
  await expect(priorities.getByText('Showing 1–1 of 1')).toBeVisible();

  const slas = page.getByRole('region', { name: 'SLA policies' });
  await slas.getByLabel('Search').fill(sla);
  await slas.getByRole('button', { name: 'Search' }).click();
  await expect(slas.getByText('No SLA policy matches this search.')).toBeVisible();
  await slas.getByLabel('Name').fill(sla);
  await slas.getByLabel('Due within (minutes)').fill('30');
  await slas.getByLabel('Description').fill('Answer within half an hour');
  await slas.getByRole('button', { name: 'Add' }).click();
  await expect(slas.getByRole('row', { name: new RegExp(sla) })).toContainText('30 min');
  await expect(slas.getByText('Showing 1–1 of 1')).toBeVisible();
  // Both searches live in the URL.
  await page.reload();
  await expect(priorities.getByRole('row', { name: new RegExp(priority) })).toContainText('2');
  await expect(slas.getByRole('row', { name: new RegExp(sla) })).toContainText('30 min');
  await saveScreenshot(page, 'priorities');

  await priorities.getByRole('button', { name: `Delete ${priority}` }).click();
  await priorities.getByRole('button', { name: `Delete “${priority}”` }).click();
  await expect(priorities.getByRole('row', { name: new RegExp(priority) })).toHaveCount(0);
  await slas.getByRole('button', { name: `Delete ${sla}` }).click();
  await slas.getByRole('button', { name: `Delete “${sla}”` }).click();
  await expect(slas.getByRole('row', { name: new RegExp(sla) })).toHaveCount(0);
  const left = (await (await api.get('/api/v1/priorities')).json()).items as any[];
  expect(left.some((p) => p.name === priority)).toBe(false);
});

test('priorities and custom fields: the lists come a page of 25 at a time, searched on the server', async ({
  adminPage: page,
  api,
}) => {
  // 27 of each sharing a tag (the worker's server holds other tests' priorities and fields too); the fields are
  // hidden, so no widget form asks for them.
  const tag = uniqueName('Paged').replace(' ', '-');
  const names = Array.from({ length: 27 }, (_, i) => `${tag} ${String(i + 1).padStart(2, '0')}`);
  const key = `pg${Date.now().toString(36)}`;
  for (const [i, name] of names.entries()) {
    const p = await api.post('/api/v1/priorities', { data: { name, weight: 7 } });
    expect(p.status()).toBe(201);
    const pid = (await p.json()).id;
    cleanup.push(() => api.delete(`/api/v1/priorities/${pid}`));
    const fid = `${key}${String(i + 1).padStart(2, '0')}`;
    const f = await api.post('/api/v1/custom-fields', {
      data: { id: fid, label: name, scope: 'visitor', visible: false, position: i },
    });
    expect(f.status()).toBe(201);
    cleanup.push(() => api.delete(`/api/v1/custom-fields/${fid}`));
  }

  await page.goto('/admin/priorities');
  const priorities = page.getByRole('region', { name: 'Priorities' });
  const rows = priorities.getByRole('table', { name: 'Priorities' }).getByRole('row');
  const editButton = (n: string) => priorities.getByRole('button', { name: `Edit ${n}`, exact: true });
  await priorities.getByLabel('Search').fill(tag.toUpperCase());
  await priorities.getByRole('button', { name: 'Search' }).click();
  await expect(priorities.getByText('Showing 1–25 of 27')).toBeVisible();
  await expect(rows).toHaveCount(26); // a header and 25 priorities
  await expect(editButton(names[0]!)).toBeVisible();
  await expect(editButton(names[24]!)).toBeVisible();
  await expect(editButton(names[25]!)).toHaveCount(0);
  await expect(priorities.getByRole('button', { name: 'Previous' })).toBeDisabled();
  await priorities.getByRole('button', { name: 'Next' }).click();
  await expect(priorities.getByText('Showing 26–27 of 27')).toBeVisible();
  await expect(page).toHaveURL(/priorities-page=2/);
  await expect(rows).toHaveCount(3);
  await expect(editButton(names[26]!)).toBeVisible();
  await expect(priorities.getByRole('button', { name: 'Next' })).toBeDisabled();
  // The SLA policies' list keeps its own page.
  await expect(
    page.getByRole('region', { name: 'SLA policies' }).getByRole('button', { name: 'Previous' }),
  ).toBeDisabled();
  await page.reload();
  await expect(priorities.getByText('Showing 26–27 of 27')).toBeVisible();
  await priorities.getByRole('button', { name: 'Previous' }).click();
  await expect(priorities.getByText('Showing 1–25 of 27')).toBeVisible();
  await expect(editButton(names[0]!)).toBeVisible();

  await page.goto('/admin/custom-fields');
  const fieldRows = page.getByRole('table', { name: 'Custom fields' }).getByRole('row');
  await page.getByLabel('Search').fill(key);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('Showing 1–25 of 27')).toBeVisible();
  await expect(fieldRows).toHaveCount(26);
  await expect(page.getByRole('button', { name: `Edit ${names[0]}`, exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: `Edit ${names[25]}`, exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Showing 26–27 of 27')).toBeVisible();
  await expect(page).toHaveURL(/page=2/);
  await expect(fieldRows).toHaveCount(3);
  await expect(page.getByRole('button', { name: `Edit ${names[26]}`, exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
});

test('offline messages left in the widget reach the inbox', async ({ adminPage: page, request }) => {
  const from = uniqueName('Olga');
  const res = await request.post('/api/v1/widget/offline-messages', {
    data: { name: from, email: 'olga@example.com', message: 'Call me back <b>tomorrow</b>, please.' },
  });
  expect(res.status(), await res.text()).toBe(201);
  await page.goto('/admin/offline-messages');
  const row = page.getByRole('row', { name: new RegExp(from) });
  // User text is shown as text, never as markup.
  await expect(row).toContainText('Call me back <b>tomorrow</b>, please.');
  await expect(row.getByRole('link', { name: 'olga@example.com' })).toBeVisible();
  await saveScreenshot(page, 'offline-messages');
});

test('widget installation: the snippet with its options and a live preview; the new livechat title shows in the widget', async ({
  adminPage: page,
  api,
  parley,
}) => {
  const settings = await snapshotSettings(api);
  cleanup.push(() => settings.restore());
  // Chats are accepted without an agent online, so the widget shows its chat screen (not the offline form).
  await api.patch('/api/v1/settings', { data: { 'routing.acceptWithNoOnlineAgents': true } });
  const dept = await createDepartment(api);
  cleanup.push(() => archiveDepartment(api, dept.id));

  // The admin renames the widget in the settings.
  const title = uniqueName('Acme Help');
  await page.goto('/admin/settings');
  await page
    .getByRole('region', { name: 'Livechat', exact: true })
    .getByLabel('Livechat Title', { exact: true })
    .fill(title);
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved: Livechat Title.' })).toBeVisible();

  await page.goto('/admin/widget');
  const snippet = page.getByLabel('Paste before </body>');
  await expect(snippet).toHaveValue(
    new RegExp(`\\}\\)\\(window, document, "Parley", "${parley.url.replace(/\./g, '\\.')}"\\);`),
  );
  await page.getByLabel('Department').selectOption(dept.id);
  await page.getByLabel('Language').selectOption('fr');
  await expect(snippet).toHaveValue(
    new RegExp(`Parley\\('config', \\{"departmentId":"${dept.id}","language":"fr"\\}\\);`),
  );
  await expect(page).toHaveURL(/language=fr/);
  await page.reload();
  await expect(page.getByLabel('Paste before </body>')).toHaveValue(/"language":"fr"/);
  await expect(page.getByLabel('Script tag')).toHaveValue(
    `<script async src="${parley.url}/widget/loader.js" data-department-id="${dept.id}" data-language="fr"></script>`,
  );
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy snippet' }).click();
  await expect(page.getByText('Copied to the clipboard.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await snippet.inputValue());

  // The preview runs the real widget, with the new title.
  const preview = page.frameLocator('iframe[title="Widget preview"]');
  const previewWidget = preview.locator('parley-widget[data-parley="Parley"]');
  await previewWidget.locator('button.l').click();
  await expect(previewWidget.locator('iframe').contentFrame().getByRole('heading', { name: title })).toBeVisible();
  await saveScreenshot(page, 'widget-installation');

  // And so does the widget on a customer's site.
  const site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  cleanup.push(() => site.close());
  await page.goto(site.url('/'));
  const w = widget(page);
  await w.launcher.click();
  await expect(w.frame.getByRole('heading', { name: title })).toBeVisible();
});
