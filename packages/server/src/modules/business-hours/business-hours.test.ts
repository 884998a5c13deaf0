import { businessHoursViewSchema } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../test-support/api.js';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

/** The schedules API: shapes, bad input named by field, the default, holidays, and departments' reference. */

const weekdaysNineToFive = {
  monday: [{ opens: '09:00', closes: '17:00' }],
  tuesday: [{ opens: '09:00', closes: '17:00' }],
  wednesday: [{ opens: '09:00', closes: '17:00' }],
  thursday: [{ opens: '09:00', closes: '17:00' }],
  friday: [{ opens: '09:00', closes: '17:00' }],
};
const office = { name: 'Office', timeZone: 'Europe/Berlin', days: weekdaysNineToFive };

describe('business hours API (/api/v1/business-hours)', () => {
  let p: TestParley;
  let admin: Api;
  beforeAll(async () => {
    // Monday 5 January 2026, 10:00 in Berlin.
    p = await startTestParley();
    admin = await p.admin();
  });
  afterAll(() => p.stop());

  it('creates the first schedule as the default, with its status by the clock, in the shared shape', async () => {
    const res = await admin.post('/api/v1/business-hours', office);
    expect(res.status).toBe(201);
    const view = businessHoursViewSchema.parse(res.body);
    expect(view).toEqual(res.body);
    expect(view).toMatchObject({
      name: 'Office',
      timeZone: 'Europe/Berlin',
      isDefault: true,
      holidays: [],
      status: { open: true, changesAt: '2026-01-05T16:00:00.000Z' },
    });
    expect(view.days.monday).toEqual([{ opens: '09:00', closes: '17:00', overnight: false }]);
    expect(view.days.sunday).toEqual([]);
    const list = await admin.get('/api/v1/business-hours');
    expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(['Office']);
    // Agents read them; only admins and managers change them.
    const agent = (await p.staff(['agent'])).api;
    expect((await agent.get('/api/v1/business-hours')).status).toBe(200);
    expect((await agent.post('/api/v1/business-hours', { ...office, name: 'Mine' })).status).toBe(403);
  });

  it.each([
    [
      'overlapping intervals',
      {
        monday: [
          { opens: '09:00', closes: '12:00' },
          { opens: '11:00', closes: '14:00' },
        ],
      },
      'body.days.monday.1',
    ],
    ['an end before the start', { tuesday: [{ opens: '17:00', closes: '09:00' }] }, 'body.days.tuesday.0.closes'],
    [
      'an overnight interval ending after its start',
      { tuesday: [{ opens: '09:00', closes: '17:00', overnight: true }] },
      'body.days.tuesday.0.overnight',
    ],
    [
      'an overnight Sunday overlapping Monday morning',
      { sunday: [{ opens: '22:00', closes: '06:00', overnight: true }], monday: [{ opens: '05:00', closes: '09:00' }] },
      'body.days.sunday.0',
    ],
    ['a time that is not a time', { friday: [{ opens: '9am', closes: '17:00' }] }, 'body.days.friday.0.opens'],
    ['an unknown day', { funday: [] }, 'body.days.funday'],
  ])('refuses %s, naming the field', async (_, days, field) => {
    const res = await admin.post('/api/v1/business-hours', { name: 'Bad', timeZone: 'UTC', days });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'request.invalid', field });
  });

  it.each(['Mars/Olympus_Mons', '+05:30', 'Europe/Berlin '])('refuses the time zone %j', async (timeZone) => {
    const res = await admin.post('/api/v1/business-hours', { name: 'Bad', timeZone, days: {} });
    expect(res).toMatchObject({ status: 400, body: { code: 'request.invalid', field: 'body.timeZone' } });
  });

  it('refuses a second schedule of the same name (case aside) and moves the default on request', async () => {
    expect((await admin.post('/api/v1/business-hours', { ...office, name: 'OFFICE' })).body).toMatchObject({
      code: 'business-hours.name-taken',
      field: 'body.name',
    });
    const ny = await admin.post('/api/v1/business-hours', { name: 'New York', timeZone: 'America/New_York', days: {} });
    expect(ny.body).toMatchObject({ isDefault: false, status: { open: false, changesAt: null } });
    const moved = await admin.put(`/api/v1/business-hours/${ny.body.id}`, {
      name: 'New York',
      timeZone: 'America/New_York',
      days: weekdaysNineToFive,
      isDefault: true,
    });
    expect(moved.body).toMatchObject({
      isDefault: true,
      status: { open: false, changesAt: '2026-01-05T14:00:00.000Z' },
    });
    const items = (await admin.get('/api/v1/business-hours')).body.items as Array<{ name: string; isDefault: boolean }>;
    expect(items.filter((s) => s.isDefault).map((s) => s.name)).toEqual(['New York']);
    // The default cannot be un-defaulted nor deleted while another schedule exists.
    const officeId = items.find((s) => s.name === 'Office')!;
    expect(
      (await admin.put(`/api/v1/business-hours/${ny.body.id}`, { ...office, name: 'New York', isDefault: false })).body,
    ).toMatchObject({ code: 'business-hours.default-in-use', field: 'body.isDefault' });
    expect((await admin.delete(`/api/v1/business-hours/${ny.body.id}`)).status).toBe(409);
    expect(officeId).toBeDefined();
  });

  it('holidays: add, refuse a second on the same date or an impossible date, change, remove', async () => {
    const id = (await admin.get('/api/v1/business-hours')).body.items.find(
      (s: { name: string }) => s.name === 'Office',
    ).id;
    const added = await admin.post(`/api/v1/business-hours/${id}/holidays`, {
      date: '2026-12-25',
      name: 'Christmas',
      closed: true,
    });
    expect(added.status).toBe(201);
    expect(added.body.holidays).toMatchObject([{ date: '2026-12-25', name: 'Christmas', closed: true, intervals: [] }]);
    const again = await admin.post(`/api/v1/business-hours/${id}/holidays`, { date: '2026-12-25', closed: true });
    expect(again.body).toMatchObject({ code: 'business-hours.holiday-date-taken', field: 'body.date' });
    for (const [body, field] of [
      [{ date: '2026-02-30', closed: true }, 'body.date'],
      [{ date: '2026-13-01', closed: true }, 'body.date'],
      [{ date: '25/12/2026', closed: true }, 'body.date'],
      [{ date: '2026-12-24', closed: false }, 'body.intervals'],
      [{ date: '2026-12-24', closed: true, intervals: [{ opens: '09:00', closes: '12:00' }] }, 'body.intervals'],
      [
        {
          date: '2026-12-24',
          closed: false,
          intervals: [
            { opens: '09:00', closes: '12:00' },
            { opens: '10:00', closes: '11:00' },
          ],
        },
        'body.intervals.1',
      ],
    ] as const) {
      const res = await admin.post(`/api/v1/business-hours/${id}/holidays`, body);
      expect(res.body, JSON.stringify(body)).toMatchObject({ code: 'request.invalid', field });
    }
    // 2028 is a leap year.
    expect(
      (await admin.post(`/api/v1/business-hours/${id}/holidays`, { date: '2028-02-29', closed: true })).status,
    ).toBe(201);
    const holidayId = added.body.holidays[0].id;
    const changed = await admin.put(`/api/v1/business-hours/${id}/holidays/${holidayId}`, {
      date: '2026-12-24',
      name: 'Christmas Eve',
      closed: false,
      intervals: [{ opens: '09:00', closes: '12:00' }],
    });
    expect(changed.body.holidays[0]).toMatchObject({ date: '2026-12-24', closed: false });
    expect((await admin.delete(`/api/v1/business-hours/${id}/holidays/${holidayId}`)).body.holidays).toHaveLength(1);
    const gone = await admin.delete(`/api/v1/business-hours/${id}/holidays/${holidayId}`);
    expect(gone).toMatchObject({ status: 404, body: { code: 'business-hours.holiday-not-found' } });
  });

  it('reports businessHours.enabled and businessHours.type as enforced (their effect: zones.test.ts, routing.test.ts)', async () => {
    const list = (await admin.get('/api/v1/settings')).body.settings as Array<{ key: string; enforced: boolean }>;
    for (const key of ['businessHours.enabled', 'businessHours.type'])
      expect(list.find((s) => s.key === key)?.enforced).toBe(true);
  });

  it("a department's schedule is a real reference: unknown ones are refused, a used one cannot be deleted", async () => {
    const random = await admin.post('/api/v1/departments', {
      name: 'Random ref',
      businessHoursId: '0190a000-0000-7000-8000-000000000000',
    });
    expect(random).toMatchObject({
      status: 404,
      body: { code: 'business-hours.not-found', field: 'body.businessHoursId' },
    });
    const spare = await admin.post('/api/v1/business-hours', { name: 'Spare', timeZone: 'Asia/Kolkata', days: {} });
    const dept = await admin.post('/api/v1/departments', { name: 'Support', businessHoursId: spare.body.id });
    expect(dept).toMatchObject({ status: 201, body: { businessHoursId: spare.body.id } });
    const refused = await admin.delete(`/api/v1/business-hours/${spare.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('business-hours.in-use');
    expect(refused.body.message).toContain('Support');
    // Given another schedule, the department lets it go.
    await admin.patch(`/api/v1/departments/${dept.body.id}`, { businessHoursId: null });
    expect((await admin.delete(`/api/v1/business-hours/${spare.body.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/business-hours/${spare.body.id}`)).status).toBe(404);
  });
});
