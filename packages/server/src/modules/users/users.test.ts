import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

describe('staff users (admin API)', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(() => p.stop());

  it('creates, edits, sets roles and deactivates users, and audits it', async () => {
    const admin = await p.admin();
    const created = await admin.post('/api/v1/users', {
      email: 'Ada@Example.test',
      name: 'Ada',
      password: 'analytical engine',
      roles: ['agent'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'ada', roles: ['agent'], active: true });
    expect(created.body).not.toHaveProperty('password_hash');
    const id = created.body.id;
    const dup = await admin.post('/api/v1/users', {
      email: 'ada@example.test',
      name: 'Ada 2',
      password: 'analytical engine',
      roles: ['agent'],
    });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'user.email-taken', field: 'body.email' });

    const edited = await admin.patch(`/api/v1/users/${id}`, { roles: ['agent', 'manager'], name: 'Ada L.' });
    expect(edited.body).toMatchObject({ name: 'Ada L.', roles: ['agent', 'manager'] });
    const off = await admin.patch(`/api/v1/users/${id}`, { active: false });
    expect(off.body.active).toBe(false);
    const list = await admin.get('/api/v1/users?search=ada');
    expect(list.body.items.map((u: { id: string }) => u.id)).toContain(id);
    const audit = await admin.get(`/api/v1/audit?targetId=${id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'user.updated',
      'user.updated',
      'user.created',
    ]);
  });

  it('never removes the last active administrator', async () => {
    const q = await startTestParley();
    try {
      const { api, userId } = await q.staff(['admin']);
      const res = await api.patch(`/api/v1/users/${userId}`, { roles: ['agent'] });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('user.last-admin');
      expect((await api.patch(`/api/v1/users/${userId}`, { active: false })).body.code).toBe('user.last-admin');
    } finally {
      await q.stop();
    }
  });

  it('refuses bad input with the field named', async () => {
    const admin = await p.admin();
    const cases: Array<[unknown, string]> = [
      [{ email: 'nope', name: 'x', password: 'long enough pw', roles: ['agent'] }, 'body.email'],
      [{ email: 'a@b.test', name: '', password: 'long enough pw', roles: ['agent'] }, 'body.name'],
      [{ email: 'a@b.test', name: 'x', password: 'long enough pw', roles: ['king'] }, 'body.roles.0'],
      [{ email: 'a@b.test', name: 'x', password: 'long enough pw', roles: [] }, 'body.roles'],
      [{ email: 'a@b.test', name: 'x', password: 'long enough pw', roles: ['agent'], extra: 1 }, 'body.extra'],
      [{ email: 'a@b.test', name: 'x', roles: ['agent'] }, 'body.password'],
      [{ email: 'a@b.test', name: 'x', password: 'short', roles: ['agent'] }, 'body.password'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/api/v1/users', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.field).toBe(field);
    }
    expect((await admin.get('/api/v1/users/not-a-uuid')).body.field).toBe('params.id');
    expect((await admin.get('/api/v1/users/01890000-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('lets a bot exist without a password (it uses access tokens)', async () => {
    const admin = await p.admin();
    const res = await admin.post('/api/v1/users', { email: 'bot@example.test', name: 'Helper bot', roles: ['bot'] });
    expect(res.status).toBe(201);
    const signIn = await p.api.post('/api/v1/auth/sign-in', { email: 'bot@example.test', password: 'anything at all' });
    expect(signIn.status).toBe(401);
  });
});
