import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { TestSmtp } from '../../test-support/smtp.js';

const PASSWORD = 'a fresh long passphrase';

/** The invitation link as the mail carries it (quoted-printable may wrap long lines with `=`). */
function linkIn(raw: string): string {
  const body = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  return /(http:\/\/\S+\/invite\?token=[A-Za-z0-9_-]+)/.exec(body)![1]!;
}
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

describe('staff invited by email (issue 19 item 3)', () => {
  let p: TestParley;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await TestSmtp.start();
    p = await startTestParley();
  });
  afterAll(async () => {
    await p.stop();
    await smtp.close();
  });

  const useSmtp = async (on: boolean) => {
    const r = await (
      await p.admin()
    ).patch(
      '/api/v1/settings',
      on
        ? {
            'email.smtp.host': '127.0.0.1',
            'email.smtp.port': Number(new URL(smtp.url).port),
            'email.smtp.security': 'none',
          }
        : { 'email.smtp.host': '' },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };

  it('mails a one-time link; the invited person sets a password through it and is signed in', async () => {
    await useSmtp(true);
    const admin = await p.admin();
    const dept = await admin.post('/api/v1/departments', { name: 'Invited sales' });
    expect(dept.status, JSON.stringify(dept.body)).toBe(201);
    const r = await admin.post('/api/v1/invitations', {
      email: 'ann@example.test',
      name: 'Ann Agent',
      roles: ['agent'],
      departmentIds: [dept.body.id],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ emailed: true, user: { email: 'ann@example.test', invited: true } });
    expect(r.body.link).toBeUndefined(); // mailed: not shown
    const expires = new Date(r.body.expiresAt).getTime() - p.clock.now().getTime();
    expect(expires).toBe(72 * 3600_000);
    expect((await admin.get(`/api/v1/departments/${dept.body.id}`)).body.agents).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: r.body.user.id })]),
    );

    const mail = await smtp.next((m) => m.to.includes('ann@example.test'));
    const link = linkIn(mail.raw);
    // Only the token's hash is stored.
    const stored = await p.db.kysely.selectFrom('invitations').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(tokenOf(link));

    // Until then she cannot sign in, with any password.
    const early = await p.api.post('/api/v1/auth/sign-in', { email: 'ann@example.test', password: PASSWORD });
    expect(early.status).toBe(401);

    const who = await p.api.get(`/api/v1/invitations/lookup?token=${encodeURIComponent(tokenOf(link))}`);
    expect(who.body).toMatchObject({ email: 'ann@example.test', name: 'Ann Agent' });
    const weak = await p.api.post('/api/v1/invitations/accept', { token: tokenOf(link), password: 'short' });
    expect(weak.body).toMatchObject({ code: 'auth.password-weak', field: 'body.password' });

    const ok = await p.api.post('/api/v1/invitations/accept', { token: tokenOf(link), password: PASSWORD });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.user).toMatchObject({ email: 'ann@example.test', invited: false });
    const cookie = ok.cookies.find((c) => c.name === 'parley_session')!;
    const me = await p.api.withCookie(`parley_session=${cookie.value}`).get('/api/v1/auth/me');
    expect(me.body.user.email).toBe('ann@example.test');
    expect((await p.api.post('/api/v1/auth/sign-in', { email: 'ann@example.test', password: PASSWORD })).status).toBe(
      200,
    );

    // Single use.
    const again = await p.api.post('/api/v1/invitations/accept', {
      token: tokenOf(link),
      password: 'another long passphrase',
    });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'auth.invitation-invalid', field: 'body.token' });
    const resend = await admin.post(`/api/v1/users/${r.body.user.id}/invitation`);
    expect(resend.body.code).toBe('user.not-invited');

    const audit = await admin.get(`/api/v1/audit?targetId=${encodeURIComponent(r.body.user.id)}`);
    const actions = (audit.body.items as Array<{ action: string }>).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'user.invited', 'user.invitation-accepted']));
  });

  it('expires after 72 hours; re-inviting replaces the old link', async () => {
    await useSmtp(true);
    const admin = await p.admin();
    const r = await admin.post('/api/v1/invitations', { email: 'bob@example.test', name: 'Bob', roles: ['agent'] });
    const first = tokenOf(linkIn((await smtp.next((m) => m.to.includes('bob@example.test'))).raw));
    p.fakeClock!.advance(72 * 3600_000 + 1000);
    const late = await p.api.get(`/api/v1/invitations/lookup?token=${encodeURIComponent(first)}`);
    expect(late.status).toBe(410);
    expect(late.body).toMatchObject({ code: 'auth.invitation-expired', field: 'query.token' });
    expect((await p.api.post('/api/v1/invitations/accept', { token: first, password: PASSWORD })).status).toBe(410);

    const before = smtp.mails.length;
    const resent = await admin.post(`/api/v1/users/${r.body.user.id}/invitation`);
    expect(resent.status, JSON.stringify(resent.body)).toBe(200);
    await smtp.next((m) => m.to.includes('bob@example.test') && smtp.mails.indexOf(m) >= before);
    const second = tokenOf(linkIn(smtp.mails.filter((m) => m.to.includes('bob@example.test')).at(-1)!.raw));
    expect(second).not.toBe(first);
    // A third invitation makes the second useless too.
    const third = await admin.post(`/api/v1/users/${r.body.user.id}/invitation`);
    expect(third.status).toBe(200);
    const old = await p.api.post('/api/v1/invitations/accept', { token: second, password: PASSWORD });
    expect(old.status).toBe(404);
    expect(old.body.code).toBe('auth.invitation-invalid');
  });

  it('without email the answer carries the link once, saying it was not sent', async () => {
    await useSmtp(false);
    const admin = await p.admin();
    const r = await admin.post('/api/v1/invitations', { email: 'cy@example.test', name: 'Cy', roles: ['manager'] });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ emailed: false, emailError: expect.stringContaining('not set up') });
    expect(r.body.link).toMatch(/\/invite\?token=[A-Za-z0-9_-]{43}$/);
    const listed = await admin.get('/api/v1/users?search=cy%40example.test');
    expect(listed.body.items[0]).toMatchObject({ invited: true });
    const ok = await p.api.post('/api/v1/invitations/accept', { token: tokenOf(r.body.link), password: PASSWORD });
    expect(ok.status).toBe(201);
  });

  it('refuses non-admins, bad input in words, bad tokens, and hammering', async () => {
    const agent = await p.staff(['agent']);
    const refused = await agent.api.post('/api/v1/invitations', {
      email: 'x@example.test',
      name: 'X',
      roles: ['agent'],
    });
    expect(refused.status).toBe(403);
    const manager = await p.staff(['manager']);
    expect(
      (await manager.api.post('/api/v1/invitations', { email: 'y@example.test', name: 'Y', roles: ['agent'] })).status,
    ).toBe(403);

    const admin = await p.admin();
    const bad = await admin.post('/api/v1/invitations', { email: 'nope', name: ' ', roles: [] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'body.email', message: 'body.email: Enter a valid email address' });
    const taken = await admin.post('/api/v1/invitations', { email: 'ann@example.test', name: 'Ann', roles: ['agent'] });
    expect(taken.body.code).toBe('user.email-taken');
    const notAgent = await admin.post('/api/v1/invitations', {
      email: 'm@example.test',
      name: 'M',
      roles: ['monitor'],
      departmentIds: ['00000000-0000-7000-8000-000000000000'],
    });
    expect(notAgent.body).toMatchObject({ code: 'request.invalid', field: 'body.departmentIds' });
    const noDept = await admin.post('/api/v1/invitations', {
      email: 'm@example.test',
      name: 'M',
      roles: ['agent'],
      departmentIds: ['00000000-0000-7000-8000-000000000000'],
    });
    expect(noDept.body).toMatchObject({ code: 'department.not-found', field: 'body.departmentIds.0' });
    // Nothing half-made: the refused invitation left no user behind.
    expect((await admin.get('/api/v1/users?search=m%40example.test')).body.total).toBe(0);

    const unknown = await p.api.get(`/api/v1/invitations/lookup?token=${encodeURIComponent('x'.repeat(43))}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('auth.invitation-invalid');
    const short = await p.api.post('/api/v1/invitations/accept', { token: 'abc', password: PASSWORD });
    expect(short.body).toMatchObject({ code: 'request.invalid', field: 'body.token' });
    let limited = 0;
    for (let i = 0; i < 25; i++) {
      const r = await p.api.get(`/api/v1/invitations/lookup?token=${encodeURIComponent('y'.repeat(43))}`);
      if (r.status === 429) limited++;
    }
    expect(limited).toBeGreaterThan(0);
  });
});
