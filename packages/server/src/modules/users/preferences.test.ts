import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

describe('my alert preferences (issue 18, item 3)', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(() => p.stop());

  it('start all on, change one at a time, and belong to their user only', async () => {
    const ada = await p.staff(['agent']);
    const bob = await p.staff(['monitor']);
    const all = { sound: true, desktop: true, newChat: true, newMessage: true, mention: true, language: null };
    expect((await ada.api.get('/api/v1/users/me/alert-preferences')).body).toEqual(all);

    const changed = await ada.api.patch('/api/v1/users/me/alert-preferences', { sound: false, newMessage: false });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ ...all, sound: false, newMessage: false });
    const again = await ada.api.patch('/api/v1/users/me/alert-preferences', { sound: true });
    expect(again.body).toEqual({ ...all, newMessage: false });
    expect((await ada.api.get('/api/v1/users/me/alert-preferences')).body).toEqual({ ...all, newMessage: false });
    // Another user's are their own.
    expect((await bob.api.get('/api/v1/users/me/alert-preferences')).body).toEqual(all);
  });

  it('refuse what is not a preference, an empty change and strangers', async () => {
    const ada = await p.staff(['agent']);
    const wrong = await ada.api.patch('/api/v1/users/me/alert-preferences', { sound: 'loud' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ field: 'body.sound' });
    const unknown = await ada.api.patch('/api/v1/users/me/alert-preferences', { volume: 3 });
    expect(unknown.status).toBe(400);
    const empty = await ada.api.patch('/api/v1/users/me/alert-preferences', {});
    expect(empty.status).toBe(400);
    expect((await p.api.get('/api/v1/users/me/alert-preferences')).status).toBe(401);
    expect((await ada.api.get('/api/v1/users/me/alert-preferences')).body.sound).toBe(true);
  });

  it("keep my language (issue 18, item 7): one of the supported ones, or null for the browser's", async () => {
    const ada = await p.staff(['agent']);
    const de = await ada.api.patch('/api/v1/users/me/alert-preferences', { language: 'de' });
    expect(de.status).toBe(200);
    expect(de.body).toMatchObject({ language: 'de', sound: true });
    // Alerts changed later keep the language, and the language keeps the alerts.
    await ada.api.patch('/api/v1/users/me/alert-preferences', { sound: false });
    await ada.api.patch('/api/v1/users/me/alert-preferences', { language: 'pt-BR' });
    expect((await ada.api.get('/api/v1/users/me/alert-preferences')).body).toMatchObject({
      language: 'pt-BR',
      sound: false,
    });
    for (const language of ['xx', 'pt', 'DE', 3, '']) {
      const bad = await ada.api.patch('/api/v1/users/me/alert-preferences', { language });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ field: 'body.language' });
      expect(JSON.stringify(bad.body)).not.toContain('"xx"');
    }
    const reset = await ada.api.patch('/api/v1/users/me/alert-preferences', { language: null });
    expect(reset.body.language).toBeNull();
    expect((await ada.api.get('/api/v1/users/me/alert-preferences')).body.language).toBeNull();
  });
});
