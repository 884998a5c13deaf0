import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, TEST_PASSWORD, type TestParley } from '../../test-support/harness.js';
import { SIGN_IN_POLICY } from './sign-in-throttle.js';

describe('first-run setup', () => {
  it('prints a one-time link on an empty database and creates the first admin through it', async () => {
    const p = await startTestParley();
    try {
      expect(p.setupLink).toMatch(/^http:\/\/127\.0\.0\.1:0\/setup\?token=[A-Za-z0-9_-]{43}$/);
      expect((await p.api.get('/api/v1/setup')).body).toEqual({ needed: true });
      const token = new URL(p.setupLink!).searchParams.get('token')!;
      const body = { token, email: 'boss@example.test', name: 'Boss', password: 'a-long-enough-passphrase' };
      const wrong = await p.api.post('/api/v1/setup', { ...body, token: 'x'.repeat(43) });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('auth.setup-token-invalid');
      const weak = await p.api.post('/api/v1/setup', { ...body, password: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body).toMatchObject({ code: 'auth.password-weak', field: 'body.password' });

      const ok = await p.api.post('/api/v1/setup', body);
      expect(ok.status).toBe(201);
      expect(ok.body.user).toMatchObject({ email: 'boss@example.test', roles: ['admin'] });
      const cookie = ok.cookies.find((c) => c.name === 'parley_session')!;
      const me = await p.api.withCookie(`parley_session=${cookie.value}`).get('/api/v1/auth/me');
      expect(me.body.user.email).toBe('boss@example.test');

      const again = await p.api.post('/api/v1/setup', { ...body, email: 'second@example.test' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('auth.setup-done');
      expect((await p.api.get('/api/v1/setup')).body).toEqual({ needed: false });
      const row = await p.db.kysely.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await p.db.kysely.selectFrom('setup_tokens').selectAll().execute()).toHaveLength(0);
    } finally {
      await p.stop();
    }
  });

  it('creates the admin from PARLEY_ADMIN_EMAIL/PASSWORD without any link', async () => {
    const p = await startTestParley({
      env: { PARLEY_ADMIN_EMAIL: 'ops@example.test', PARLEY_ADMIN_PASSWORD: 'unattended-install-pw' },
    });
    try {
      expect(p.setupLink).toBeUndefined();
      const res = await p.api.post('/api/v1/auth/sign-in', {
        email: 'ops@example.test',
        password: 'unattended-install-pw',
      });
      expect(res.status).toBe(200);
      expect(res.body.user.roles).toEqual(['admin']);
    } finally {
      await p.stop();
    }
  });
});

describe('sign-in, sessions and access tokens', () => {
  let p: TestParley;
  beforeAll(async () => {
    // Behind a proxy: X-Forwarded-For says which address each request comes from.
    p = await startTestParley({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => p.stop());

  it('sets an HttpOnly SameSite session cookie and signs out', async () => {
    const { email } = await p.staff(['agent']);
    const res = await p.api.post('/api/v1/auth/sign-in', { email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/parley_session=[A-Za-z0-9_-]+/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const api = p.api.withCookie(`parley_session=${res.cookies[0]!.value}`);
    expect((await api.get('/api/v1/auth/me')).status).toBe(200);
    expect((await api.post('/api/v1/auth/sign-out')).status).toBe(200);
    expect((await api.get('/api/v1/auth/me')).status).toBe(401);
    const stored = await p.db.kysely.selectFrom('staff_sessions').select('token_hash').execute();
    for (const s of stored) expect(s.token_hash).not.toBe(res.cookies[0]!.value);
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    const { email } = await p.staff(['agent']);
    const a = await p.api.post('/api/v1/auth/sign-in', { email, password: 'wrong password!!' });
    const b = await p.api.post('/api/v1/auth/sign-in', { email: 'nobody@example.test', password: 'wrong password!!' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body).toEqual(b.body);
  });

  it('locks an account for the address that failed, with a clear error, not for its owner elsewhere', async () => {
    const { email } = await p.staff(['agent']);
    const attacker = p.api.as({ 'x-forwarded-for': '203.0.113.50' });
    const owner = p.api.as({ 'x-forwarded-for': '198.51.100.50' });
    for (let i = 0; i < SIGN_IN_POLICY.perSource; i++) {
      expect((await attacker.post('/api/v1/auth/sign-in', { email, password: `nope nope ${i}` })).status).toBe(401);
    }
    const locked = await attacker.post('/api/v1/auth/sign-in', { email, password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('auth.locked-out');
    expect(locked.body.message).toMatch(/locked for 15 more minute/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The owner, from their own address, is not locked out.
    expect((await owner.post('/api/v1/auth/sign-in', { email, password: TEST_PASSWORD })).status).toBe(200);
    p.fakeClock!.advance(SIGN_IN_POLICY.lockMs + 1);
    expect((await attacker.post('/api/v1/auth/sign-in', { email, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('issues personal access tokens, stores only their hash, and revokes them', async () => {
    const { api } = await p.staff(['manager']);
    const created = await api.post('/api/v1/auth/tokens', { name: 'CRM sync' });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^pat_/);
    const viaToken = p.api.withBearer(token);
    expect((await viaToken.get('/api/v1/auth/me')).status).toBe(200);
    const rows = await p.db.kysely.selectFrom('access_tokens').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    const list = await api.get('/api/v1/auth/tokens');
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect((await api.delete(`/api/v1/auth/tokens/${created.body.accessToken.id}`)).status).toBe(204);
    expect((await viaToken.get('/api/v1/auth/me')).status).toBe(401);
    expect((await p.api.withBearer('pat_forged').get('/api/v1/auth/me')).status).toBe(401);
  });

  it('lets a user change their own password, which ends their other sessions', async () => {
    const { api, email } = await p.staff(['agent']);
    const other = await p.api.post('/api/v1/auth/sign-in', { email, password: TEST_PASSWORD });
    const otherApi = p.api.withCookie(`parley_session=${other.cookies[0]!.value}`);
    const wrong = await api.post('/api/v1/auth/password', {
      currentPassword: 'not it at all',
      newPassword: 'a brand new passphrase',
    });
    expect(wrong.body).toMatchObject({ code: 'auth.invalid-credentials', field: 'body.currentPassword' });
    expect(
      (await api.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' })).body.code,
    ).toBe('auth.password-weak');
    expect(
      (
        await api.post('/api/v1/auth/password', {
          currentPassword: TEST_PASSWORD,
          newPassword: 'a brand new passphrase',
        })
      ).status,
    ).toBe(200);
    expect((await api.get('/api/v1/auth/me')).status).toBe(200);
    expect((await otherApi.get('/api/v1/auth/me')).status).toBe(401);
    expect((await p.api.post('/api/v1/auth/sign-in', { email, password: 'a brand new passphrase' })).status).toBe(200);
  });

  it('ends the access of a deactivated user at once', async () => {
    const admin = await p.admin();
    const { api, userId } = await p.staff(['agent']);
    expect((await api.get('/api/v1/auth/me')).status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${userId}`, { active: false })).status).toBe(200);
    expect((await api.get('/api/v1/auth/me')).status).toBe(401);
  });
});
