import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, saveScreenshot, snapshotSettings, test, uniqueName, undoAfterEach } from '../support';

// Webhooks in the admin console (issue 15 item 4): Send test beside the CRM settings, the delivery log with
// a failing delivery and its answer, the retry that delivers it, Redeliver, and a further endpoint. The
// receiver is a node:http server on loopback (the e2e server allows loopback targets). The spec starts no
// chat; it puts the settings back and deletes its endpoint (the worker's server is shared).

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: { type?: string; [k: string]: unknown };
  raw: string;
}

let receiver: Server;
let receiverUrl = '';
const received: Received[] = [];
let answer = { status: 200, body: 'ok' };

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
      received.push({ path: req.url ?? '', headers: req.headers, body, raw });
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

const cleanup = undoAfterEach();

const offlineBodies = () => received.filter((r) => r.body.type === 'LivechatOfflineMessage');

test('an admin tests the CRM webhook, watches a failing delivery recover, redelivers it and adds an endpoint', async ({
  adminPage: page,
  api,
  request,
}) => {
  test.setTimeout(120_000);
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  answer = { status: 200, body: 'thanks from the CRM' };

  // The admin points the CRM webhook at the receiver and switches offline messages on.
  await page.goto('/admin/settings#group-crm-integration');
  const crm = page.getByRole('region', { name: 'CRM Integration', exact: true });
  await crm.getByLabel('Webhook URL', { exact: true }).fill(`${receiverUrl}/crm`);
  await crm.getByRole('switch', { name: 'Send Request on Offline Messages' }).check();
  // Unsaved: the test would use the saved URL (none yet), and says so.
  await expect(crm.getByRole('button', { name: 'Send test' })).toBeDisabled();
  await expect(crm).toContainText('the test uses the saved URL and secret (no URL is saved yet)');
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved: / })).toBeVisible();

  await expect(crm).not.toContainText('unsaved changes');

  // Send test: the answer shows inline, and the receiver got a sample session.
  await crm.getByRole('button', { name: 'Send test' }).click();
  const outcome = crm.getByRole('group', { name: 'Test result for The CRM endpoint' });
  await expect(outcome).toContainText('The CRM endpoint answered 200 in');
  await expect(outcome.locator('pre')).toHaveText('thanks from the CRM');
  await expect.poll(() => received.filter((r) => r.path === '/crm').length).toBe(1);
  expect(received[0]!.body).toMatchObject({ type: 'LivechatSession', messages: expect.any(Array) });
  expect(received[0]!.headers['x-parley-event']).toBe('test');
  await outcome.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'settings-crm-send-test');

  // The CRM fails: a visitor's offline message is tried once, answered 500.
  answer = { status: 500, body: 'CRM down for <b>maintenance</b>' };
  const visitor = uniqueName('Wanda');
  const left = await request.post('/api/v1/widget/offline-messages', {
    data: { name: visitor, email: 'wanda@example.com', message: 'Please call me back' },
  });
  expect(left.status(), await left.text()).toBe(201);
  await expect.poll(() => offlineBodies().length).toBe(1);
  expect(offlineBodies()[0]!.raw).toContain(visitor);

  await page.goto('/admin/webhooks');
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
  const crmCard = page.getByRole('region', { name: 'CRM endpoint' });
  await expect(crmCard).toContainText(`${receiverUrl}/crm`);
  await expect(crmCard).toContainText('Offline message');
  const log = page.getByRole('region', { name: 'Delivery log' });
  await log.getByLabel('Event', { exact: true }).selectOption({ label: 'Offline message' });
  await expect(page).toHaveURL(/event=offlineMessage/);
  const rows = log.getByRole('table', { name: 'Webhook deliveries, newest first' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  const failing = rows.first();
  await expect(failing).toContainText('CRM (settings)');
  await expect(failing).toContainText('LivechatOfflineMessage');
  await expect(failing.getByText('Pending', { exact: true })).toBeVisible();
  await expect(failing.getByRole('cell', { name: 'HTTP 500' })).toBeVisible();
  await log.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'webhooks-log-failing');

  // Its detail: the attempt with the answer's excerpt (as text), the body, Redeliver held back while pending.
  await failing.getByRole('cell').first().click();
  const dialog = page.getByRole('dialog', { name: 'Webhook delivery' });
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(/delivery=/);
  const attempts = dialog.getByRole('table', { name: 'Attempts' });
  await expect(attempts.locator('tbody tr').first()).toContainText('500');
  await expect(attempts.locator('pre').first()).toHaveText('CRM down for <b>maintenance</b>');
  await expect(dialog.locator('b')).toHaveCount(0);
  await expect(dialog.locator('pre.delivery-body')).toContainText('"type": "LivechatOfflineMessage"');
  await expect(dialog.locator('pre.delivery-body')).toContainText(visitor);
  const redeliver = dialog.getByRole('button', { name: 'Redeliver' });
  await expect(redeliver).toBeDisabled();
  await expect(dialog).toContainText('Still being attempted');
  await saveScreenshot(page, 'webhooks-delivery-failing');

  // The CRM recovers: the next retry (10 s apart) delivers it; the open detail refreshes by itself.
  answer = { status: 200, body: 'ok' };
  await expect(dialog.getByText('Delivered', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(attempts.locator('tbody tr').last()).toContainText('200');
  await expect(redeliver).toBeEnabled();
  const tries = offlineBodies().length;
  // Every retry is the same delivery: one X-Parley-Delivery id.
  expect(new Set(offlineBodies().map((r) => r.headers['x-parley-delivery'])).size).toBe(1);

  // Redeliver: a new delivery with the same body, which the log shows delivered.
  await redeliver.click();
  await expect(dialog).toContainText('Redelivered as a new delivery.');
  await expect.poll(() => offlineBodies().length, { timeout: 15_000 }).toBe(tries + 1);
  const first = offlineBodies()[0]!;
  const again = offlineBodies()[tries]!;
  expect(again.raw).toBe(first.raw);
  expect(again.headers['x-parley-delivery']).not.toBe(first.headers['x-parley-delivery']);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Redelivery');
  await expect(rows.first().getByText('Delivered', { exact: true })).toBeVisible();
  await expect(rows.nth(1).getByText('Delivered', { exact: true })).toBeVisible();
  await expect(rows.first().getByRole('cell', { name: 'HTTP 200' })).toBeVisible();
  await log.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'webhooks-log');

  // A further endpoint for closed chats: the form checks the URL as the API does, then lists it.
  const name = uniqueName('Billing CRM');
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  const form = page.getByRole('form', { name: 'New webhook endpoint' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('URL').fill('ftp://billing.example.com');
  await form.getByRole('checkbox', { name: 'Chat start' }).uncheck();
  await expect(form.getByRole('checkbox', { name: 'Chat closed' })).toBeChecked();
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form).toContainText('Must be an http:// or https:// URL.');
  await form.getByLabel('URL').fill(`${receiverUrl}/billing`);
  await form.getByLabel('Secret').fill('billing-secret');
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form).toHaveCount(0);
  const endpoints = page.getByRole('table', { name: 'Further webhook endpoints' });
  const row = endpoints.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
  await expect(row).toContainText(`${receiverUrl}/billing`);
  await expect(row).toContainText('Chat closed');
  await expect(row).not.toContainText('Chat start');
  await expect(row).toContainText('Enabled');
  await expect(row.getByRole('cell', { name: 'Set', exact: true })).toBeVisible();
  const stored = (await (await api.get('/api/v1/webhooks/endpoints')).json()).items as Array<{
    id: string;
    name: string;
    events: string[];
  }>;
  const created = stored.find((e) => e.name === name)!;
  expect(created.events).toEqual(['chatClose']);
  cleanup.push(() => api.delete(`/api/v1/webhooks/endpoints/${created.id}`));

  // Its own Send test, signed with its secret.
  await row.getByRole('button', { name: `Send test to ${name}` }).click();
  await expect(endpoints.getByRole('group', { name: `Test result for ${name}` })).toContainText(
    `${name} answered 200 in`,
  );
  await expect.poll(() => received.filter((r) => r.path === '/billing').length).toBe(1);
  expect(received.find((r) => r.path === '/billing')!.headers['x-parley-signature']).toMatch(/^sha256=/);
  await saveScreenshot(page, 'webhooks-endpoints');

  // Deleted after a confirmation.
  await row.getByRole('button', { name: `Delete ${name}` }).click();
  await endpoints.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
  await expect(row).toHaveCount(0);
});
