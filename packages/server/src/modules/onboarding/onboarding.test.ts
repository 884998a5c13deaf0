import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { TestSmtp } from '../../test-support/smtp.js';

/** The admins' first-steps checklist (issue 19 item 3): each item ticks from real data. */
describe('onboarding checklist', () => {
  let p: TestParley;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await TestSmtp.start();
    p = await startTestParley({ settings: byHand });
  });
  afterAll(async () => {
    await p.stop();
    await smtp.close();
  });

  it('ticks each item when its thing happens, and Dismiss hides it for that admin only', async () => {
    const boss = await p.staff(['admin']);
    const done = async () => {
      const r = await boss.api.get('/api/v1/onboarding');
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return Object.fromEntries((r.body.items as Array<{ id: string; done: boolean }>).map((i) => [i.id, i.done]));
    };
    expect(await done()).toEqual({
      'invite-agents': false,
      'create-department': false,
      'set-up-email': false,
      'install-widget': false,
      'test-chat': false,
    });

    // Another admin is not an agent; an invited agent is.
    await p.staff(['admin']);
    expect((await done())['invite-agents']).toBe(false);
    await boss.api.post('/api/v1/invitations', { email: 'new-agent@example.test', name: 'New', roles: ['agent'] });
    expect((await done())['invite-agents']).toBe(true);

    const dept = await boss.api.post('/api/v1/departments', { name: 'Support' });
    expect(dept.status).toBe(201);
    expect((await done())['create-department']).toBe(true);
    // Computed, not stored: archiving the only department unticks it.
    const archived = await boss.api.post(`/api/v1/departments/${dept.body.id}/archive`, { archived: true });
    expect(archived.status, JSON.stringify(archived.body)).toBe(200);
    expect((await done())['create-department']).toBe(false);
    await boss.api.post(`/api/v1/departments/${dept.body.id}/archive`, { archived: false });
    expect((await done())['create-department']).toBe(true);

    const port = Number(new URL(smtp.url).port);
    await boss.api.patch('/api/v1/settings', {
      'email.smtp.host': '127.0.0.1',
      'email.smtp.port': port,
      'email.smtp.security': 'none',
    });
    expect((await done())['set-up-email']).toBe(true);

    // A page of Parley's own (its demo) does not count; a page of another site does.
    const v = await p.visitor();
    const own = new URL(p.config.publicUrl).origin;
    await v.api.post('/api/v1/widget/page-views', { url: `${own}/demo`, title: 'Demo' });
    expect((await done())['install-widget']).toBe(false);
    await v.api.post('/api/v1/widget/page-views', { url: 'https://shop.example.test/pricing', title: 'Pricing' });
    expect((await done())['install-widget']).toBe(true);

    const chat = await v.api.post('/api/v1/widget/conversations', { text: 'testing the widget' });
    expect(chat.status, JSON.stringify(chat.body)).toBe(201);
    expect((await done())['test-chat']).toBe(false);
    const closed = await boss.api.post(`/api/v1/conversations/${chat.body.conversation.id}/close`, {});
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect((await done())['test-chat']).toBe(true);

    const hidden = await boss.api.put('/api/v1/onboarding/dismissed', { dismissed: true });
    expect(hidden.body.dismissed).toBe(true);
    expect((await boss.api.get('/api/v1/onboarding')).body.dismissed).toBe(true);
    expect((await (await p.staff(['admin'])).api.get('/api/v1/onboarding')).body.dismissed).toBe(false);
    expect((await boss.api.put('/api/v1/onboarding/dismissed', { dismissed: false })).body.dismissed).toBe(false);
  });

  it('is for admins only and validates its input', async () => {
    const manager = await p.staff(['manager']);
    expect((await manager.api.get('/api/v1/onboarding')).status).toBe(403);
    expect((await p.api.get('/api/v1/onboarding')).status).toBe(401);
    const bad = await (await p.admin()).put('/api/v1/onboarding/dismissed', { dismissed: 'yes' });
    expect(bad.body).toMatchObject({ code: 'request.invalid', field: 'body.dismissed' });
  });
});
