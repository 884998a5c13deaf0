import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../test-support/api.js';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

/**
 * Opening and closing on time, through the running server and its injectable clock: the transition job
 * waits for the right instant in each zone, and the widget's config follows (online, or offline with
 * when it opens next). Chats are accepted with nobody online, so only business hours make it offline.
 */

const KIND = 'business-hours.transition';
const daily = (opens: string, closes: string) =>
  Object.fromEntries(
    ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [d, [{ opens, closes }]]),
  );

describe('business hours open and close on time in the schedule zone', () => {
  let p: TestParley;
  let admin: Api;
  let id: string;
  beforeAll(async () => {
    p = await startTestParley({
      settings: { 'businessHours.enabled': true, 'routing.acceptWithNoOnlineAgents': true },
    });
    admin = await p.admin();
    id = (await admin.post('/api/v1/business-hours', { name: 'Desk', timeZone: 'UTC', days: daily('09:00', '17:00') }))
      .body.id;
  });
  afterAll(() => p.stop());

  const config = async () =>
    (await p.api.get('/api/v1/widget/config')).body as { online: boolean; nextOpenAt: string | null };
  const pendingAt = async () => (await p.jobs.pending(KIND))?.runAt.toISOString();
  // Staff sessions expire: months apart, each step signs in anew.
  const at = async (iso: string) => {
    p.fakeClock!.set(iso);
    await p.settle();
    admin = (await p.staff(['admin'])).api;
  };

  it.each([
    [
      'Europe/Berlin, spring forward',
      'Europe/Berlin',
      '2026-03-29T07:00:00.000Z',
      '2026-03-29T15:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ],
    [
      'Europe/Berlin, fall back',
      'Europe/Berlin',
      '2026-10-25T08:00:00.000Z',
      '2026-10-25T16:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
    ],
    [
      'America/New_York, spring forward',
      'America/New_York',
      '2026-03-08T13:00:00.000Z',
      '2026-03-08T21:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ],
    [
      'America/New_York, fall back',
      'America/New_York',
      '2026-11-01T14:00:00.000Z',
      '2026-11-01T22:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
    ],
    [
      'Asia/Kolkata (UTC+05:30)',
      'Asia/Kolkata',
      '2026-01-05T03:30:00.000Z',
      '2026-01-05T11:30:00.000Z',
      '2026-01-06T03:30:00.000Z',
    ],
  ])('%s: opens at 09:00 and closes at 17:00 local time', async (_, timeZone, opens, closes, reopens) => {
    await at(new Date(Date.parse(opens) - 60_000).toISOString());
    // Editing the schedule moves the transition at once.
    const put = await admin.put(`/api/v1/business-hours/${id}`, {
      name: 'Desk',
      timeZone,
      days: daily('09:00', '17:00'),
    });
    expect(put.body.status).toEqual({ open: false, changesAt: opens });
    expect(await pendingAt()).toBe(opens);
    expect(await config()).toMatchObject({ online: false, nextOpenAt: opens });

    await at(opens);
    expect(await config()).toMatchObject({ online: true, nextOpenAt: null });
    expect(await pendingAt()).toBe(closes);

    await at(new Date(Date.parse(closes) - 1).toISOString());
    expect((await config()).online).toBe(true);
    await at(closes);
    expect(await config()).toMatchObject({ online: false, nextOpenAt: reopens });
    expect(await pendingAt()).toBe(reopens);
  });

  it('a holiday keeps the day closed: the next opening is the day after', async () => {
    await at('2026-12-23T16:30:00.000Z');
    await admin.put(`/api/v1/business-hours/${id}`, {
      name: 'Desk',
      timeZone: 'Europe/Berlin',
      days: daily('09:00', '17:00'),
    });
    expect(await pendingAt()).toBe('2026-12-24T08:00:00.000Z');
    await admin.post(`/api/v1/business-hours/${id}/holidays`, { date: '2026-12-24', name: 'Closed', closed: true });
    expect(await pendingAt()).toBe('2026-12-25T08:00:00.000Z');
    expect(await config()).toMatchObject({ online: false, nextOpenAt: '2026-12-25T08:00:00.000Z' });
    await at('2026-12-24T10:00:00.000Z');
    expect((await config()).online).toBe(false);
  });

  it('turned off, hours limit nothing and no transition waits; turned on again, they apply at once', async () => {
    await at('2026-12-24T10:00:00.000Z');
    await p.settings.update({ 'businessHours.enabled': false }, { kind: 'anonymous' });
    await p.settle();
    expect(await config()).toMatchObject({ online: true, nextOpenAt: null });
    expect(await pendingAt()).toBeUndefined();
    await p.settings.update({ 'businessHours.enabled': true }, { kind: 'anonymous' });
    await p.settle();
    expect(await config()).toMatchObject({ online: false, nextOpenAt: '2026-12-25T08:00:00.000Z' });
    expect(await pendingAt()).toBe('2026-12-25T08:00:00.000Z');
  });
});
