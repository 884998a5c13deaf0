import { archiveDepartment, createDepartment, createStaff, expect, staffPage, test, undoAfterEach } from '../support';
import { setSettings } from '../widget/helpers';

const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

const cleanup = undoAfterEach();

test("the agent's workspace says when their department is closed, and follows the schedule live", async ({
  api,
  browser,
  parley,
}) => {
  // Open only on the day after tomorrow (UTC), 09:00-17:00: closed now.
  const opensAt = new Date();
  opensAt.setUTCDate(opensAt.getUTCDate() + 2);
  const target = days[(opensAt.getUTCDay() + 6) % 7]!;
  const closedNow = { [target]: [{ opens: '09:00', closes: '17:00' }] };
  const always = Object.fromEntries(days.map((d) => [d, [{ opens: '00:00', closes: '24:00' }]]));

  const created = await api.post('/api/v1/business-hours', {
    data: { name: 'E2E workspace hours', timeZone: 'UTC', days: closedNow },
  });
  expect(created.status(), await created.text()).toBe(201);
  const scheduleId = (await created.json()).id as string;
  cleanup.push(() => api.delete(`/api/v1/business-hours/${scheduleId}`));
  await setSettings(api, { 'businessHours.enabled': true });
  cleanup.push(() => setSettings(api, { 'businessHours.enabled': false }));

  const alice = await createStaff(api, ['agent']);
  const dept = await createDepartment(api, { agents: [alice.id] });
  cleanup.push(() => archiveDepartment(api, dept.id));
  const { context, page } = await staffPage(browser, parley, alice);
  cleanup.push(() => context.close());

  const inbox = page.getByRole('navigation', { name: 'Inbox' });
  const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long' }).format(opensAt);
  const notice = inbox.getByRole('status').filter({ hasText: 'Your department is closed now' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(`${dept.name} opens ${weekday} 09:00 — no new chats arrive until then.`);

  // The admin opens it around the clock: the push makes the notice go, without a reload; and back.
  const put = (days: Record<string, unknown>) =>
    api.put(`/api/v1/business-hours/${scheduleId}`, { data: { name: 'E2E workspace hours', timeZone: 'UTC', days } });
  expect((await put(always)).status()).toBe(200);
  await expect(notice).toHaveCount(0);
  expect((await put(closedNow)).status()).toBe(200);
  await expect(notice).toBeVisible();
});
