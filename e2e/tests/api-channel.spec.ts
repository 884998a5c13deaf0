import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  archiveDepartment,
  createDepartment,
  createStaff,
  expect,
  goAvailable,
  saveScreenshot,
  staffPage,
  test,
  uniqueName,
  undoAfterEach,
} from '../support';

// The API channel (issue 22): an admin creates one in Administration → Channels and copies its token and
// secret (shown once); a message posted with the token reaches the agent's workspace with the channel's
// name on it; the agent answers in the browser; the callback receiver (node:http on loopback, which the
// e2e server may call) gets the answer signed with the channel's secret.

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: { type?: string; conversationId?: string; externalId?: string; message?: { text: string } };
}

let receiver: Server;
let receiverUrl = '';
const received: Received[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Received['body'] = {};
      try {
        body = JSON.parse(raw) as Received['body'];
      } catch {
        // Recorded raw all the same.
      }
      received.push({ headers: req.headers, raw, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms-gateway`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

const cleanup = undoAfterEach();

test('an admin creates an API channel; a message posted with its token reaches the agent, whose answer is posted back signed', async ({
  adminPage: page,
  api,
  browser,
  parley,
  playwright,
}) => {
  test.setTimeout(120_000);
  const agent = await createStaff(api, ['agent'], uniqueName('Ana'));
  const dept = await createDepartment(api, { agents: [agent.id] });
  cleanup.push(() => archiveDepartment(api, dept.id));

  // The admin creates the channel in the console and copies its credentials.
  const channelName = uniqueName('SMS');
  await page.goto('/admin/channels');
  await expect(page.getByRole('heading', { name: 'Channels', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New channel' }).click();
  const form = page.getByRole('form', { name: 'New channel' });
  await form.getByLabel('Type').selectOption('api');
  await form.getByLabel('Name').fill(channelName);
  await form.getByLabel('Default department').selectOption({ label: dept.name });
  await form.getByLabel('Callback URL').fill(receiverUrl);
  await form.getByRole('button', { name: 'Create channel' }).click();
  const secrets = page.getByRole('region', { name: `Credentials of “${channelName}”` });
  await expect(secrets).toBeVisible();
  const token = await secrets.getByLabel('API token').inputValue();
  const secret = await secrets.getByLabel('Signing secret').inputValue();
  expect(token).toMatch(/^pch_/);
  expect(secret).toMatch(/^pcs_/);
  await saveScreenshot(page, 'channels-api-created');
  await secrets.getByRole('button', { name: 'Done' }).click();
  await expect(secrets).toHaveCount(0);
  const row = page.getByRole('row').filter({ hasText: channelName });
  await expect(row).toContainText('API');
  await expect(row).toContainText(`Replies to ${receiverUrl}`);
  await expect(row).toContainText('Working');
  await expect(page.getByRole('row').filter({ hasText: 'Website widget' })).toBeVisible();
  const channelId = (
    (await (await api.get('/api/v1/channels')).json()).items as Array<{ id: string; name: string }>
  ).find((c) => c.name === channelName)!.id;
  cleanup.push(() => api.patch(`/api/v1/channels/${channelId}`, { data: { enabled: false } }));

  // The agent is at work.
  const a = await staffPage(browser, parley, agent);
  cleanup.push(() => a.context.close());
  await goAvailable(a.page);

  // A person writes through the channel (a gateway with the token, no session).
  const gateway = await playwright.request.newContext({ baseURL: parley.url });
  cleanup.push(() => gateway.dispose());
  const person = uniqueName('Riley');
  const phone = `+1555${Date.now().toString().slice(-7)}`;
  const posted = await gateway.post('/api/v1/channel-api/messages', {
    headers: { authorization: `Bearer ${token}` },
    data: { externalId: phone, name: person, phone, clientId: `sms-${phone}`, text: 'Where is my parcel?' },
  });
  expect(posted.status(), await posted.text()).toBe(201);
  const { conversationId } = (await posted.json()) as { conversationId: string };
  cleanup.push(() => api.post(`/api/v1/conversations/${conversationId}/close`, { data: { tags: ['e2e'] } }));

  // It reaches the agent's workspace with its channel shown; the agent takes it (manual routing) or has it.
  const inbox = a.page.getByRole('navigation', { name: 'Inbox' });
  const item = inbox.getByRole('listitem').filter({ hasText: person });
  await expect(item).toBeVisible();
  await expect(item.locator(`[data-channel="${channelId}"]`)).toHaveText(channelName);
  const take = item.getByRole('button', { name: `Take the conversation with ${person}` });
  if (await take.isVisible()) await take.click();
  else await item.getByRole('link').click();
  await expect(a.page).toHaveURL(`/workspace/${conversationId}`);
  const header = a.page.locator('.conversation-header');
  await expect(header.getByRole('heading', { name: person, level: 1 })).toBeVisible();
  await expect(header.locator(`[data-channel="${channelId}"]`)).toHaveText(channelName);
  await expect(a.page.getByRole('list', { name: 'Messages' }).getByText('Where is my parcel?')).toBeVisible();
  await saveScreenshot(a.page, 'workspace-api-channel');

  // The agent answers in the browser; the receiver gets it, signed with the channel's secret.
  const composer = a.page.getByRole('textbox', { name: 'Message' });
  await composer.fill('It left our warehouse today.');
  await composer.press('Enter');
  await expect
    .poll(() => received.filter((r) => r.body.conversationId === conversationId && r.body.type === 'message').length, {
      timeout: 30_000,
    })
    .toBe(1);
  const reply = received.find((r) => r.body.conversationId === conversationId && r.body.type === 'message')!;
  expect(reply.body).toMatchObject({ externalId: phone, message: { text: 'It left our warehouse today.' } });
  expect(reply.headers['x-parley-signature']).toBe(
    `sha256=${createHmac('sha256', secret).update(reply.raw).digest('hex')}`,
  );

  // History filters by the channel.
  await page.goto(`/conversations?channel=${channelId}`);
  await expect(page.getByRole('row').filter({ hasText: person })).toBeVisible();
});
