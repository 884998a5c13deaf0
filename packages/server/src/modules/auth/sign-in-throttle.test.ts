import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  onPostgres,
  startTestParley,
  TestCluster,
  TEST_PASSWORD,
  type TestParley,
} from '../../test-support/harness.js';
import { SIGN_IN_POLICY } from './sign-in-throttle.js';

const signIn = (p: TestParley, ip: string, email: string, password: string) =>
  p.api.as({ 'x-forwarded-for': ip }).post('/api/v1/auth/sign-in', { email, password });

async function auditOf(p: TestParley, userId: string) {
  return p.db.kysely
    .selectFrom('audit_log')
    .select(['action', 'changes', 'ip'])
    .where('target_id', '=', userId)
    .where('action', 'in', ['user.locked-out', 'user.sign-in-slowed'])
    .orderBy('id')
    .execute();
}

describe('sign-in throttling: the attacker slows down, not the account owner', () => {
  let p: TestParley;
  beforeAll(async () => {
    // Behind a proxy: X-Forwarded-For says which address each request comes from.
    p = await startTestParley({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => p.stop());

  it('locks the (account, address) pair: the admin still signs in from elsewhere; the lock is audited', async () => {
    const { email, userId } = await p.staff(['admin']);
    for (let i = 0; i < SIGN_IN_POLICY.perSource; i++)
      expect((await signIn(p, '203.0.113.1', email, `wrong guess ${i}`)).status).toBe(401);
    const refused = await signIn(p, '203.0.113.1', email, TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('auth.locked-out');
    expect((await signIn(p, '198.51.100.1', email, TEST_PASSWORD)).status).toBe(200);
    const audit = await auditOf(p, userId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'user.locked-out', ip: '203.0.113.1' });
    expect(audit[0]!.changes).toMatchObject({ scope: 'address', ip: '203.0.113.1' });
  });

  it('answers an unknown email exactly as a known one, lock included (no account enumeration)', async () => {
    const { email } = await p.staff(['agent']);
    const answers = async (who: string, ip: string) => {
      const out = [];
      for (let i = 0; i <= SIGN_IN_POLICY.perSource; i++) {
        const r = await signIn(p, ip, who, `wrong guess ${i}`);
        out.push({ status: r.status, body: r.body });
      }
      return out;
    };
    expect(await answers('nobody-here@example.test', '203.0.113.2')).toEqual(await answers(email, '203.0.113.3'));
  });

  it('holds a burst of parallel guesses to the limit (counted before the password is checked)', async () => {
    const { email } = await p.staff(['agent']);
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn(p, '203.0.113.4', email, `parallel guess ${i}`)),
    );
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(SIGN_IN_POLICY.perSource);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - SIGN_IN_POLICY.perSource);
  });

  it('slows, never locks, an account attacked from many addresses; familiar addresses pass', async () => {
    const { email, userId } = await p.staff(['admin']); // signed in from 127.0.0.1: a familiar address
    const addresses = SIGN_IN_POLICY.perAccount / SIGN_IN_POLICY.perSource;
    for (let a = 0; a < addresses; a++) {
      for (let i = 0; i < SIGN_IN_POLICY.perSource; i++)
        expect((await signIn(p, `192.0.2.${a + 1}`, email, `botnet guess ${a}-${i}`)).status).toBe(401);
    }
    // Over the account's cap: one unfamiliar attempt per interval, whoever asks first.
    expect((await signIn(p, '192.0.2.200', email, 'one more guess')).status).toBe(401);
    const slowed = await signIn(p, '192.0.2.201', email, 'and another');
    expect(slowed.status).toBe(429);
    expect(slowed.body.code).toBe('rate.limited');
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(SIGN_IN_POLICY.slowIntervalMs / 1000);
    // The owner, from an address they signed in from before, is not slowed at all.
    expect((await signIn(p, '127.0.0.1', email, TEST_PASSWORD)).status).toBe(200);
    // From a new address (a phone), once the interval has passed: in, no lock-out.
    expect((await signIn(p, '198.51.100.9', email, TEST_PASSWORD)).status).toBe(429);
    p.fakeClock!.advance(SIGN_IN_POLICY.slowIntervalMs);
    expect((await signIn(p, '198.51.100.9', email, TEST_PASSWORD)).status).toBe(200);
    const audit = await auditOf(p, userId);
    expect(audit.filter((e) => e.action === 'user.locked-out')).toHaveLength(addresses);
    expect(audit.filter((e) => e.action === 'user.sign-in-slowed')).toHaveLength(1);
  });

  it('still caps one address across accounts (password spraying)', async () => {
    for (let i = 0; i < SIGN_IN_POLICY.perAddress; i++) {
      expect((await signIn(p, '203.0.113.5', `spray-${i}@example.test`, 'Winter2026!')).status).toBe(401);
    }
    const { email } = await p.staff(['agent']);
    const refused = await signIn(p, '203.0.113.5', email, TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate.limited');
    expect((await signIn(p, '203.0.113.6', email, TEST_PASSWORD)).status).toBe(200);
  });
});

describe.runIf(onPostgres)('sign-in throttling across processes (one PostgreSQL)', () => {
  it('counts failures made on two processes together', async () => {
    const cluster = new TestCluster();
    const a = await startTestParley({ cluster, env: { TRUST_PROXY: 'true' } });
    const b = await startTestParley({ cluster, env: { TRUST_PROXY: 'true' } });
    try {
      const { email } = await a.staff(['agent']);
      for (let i = 0; i < SIGN_IN_POLICY.perSource; i++) {
        const on = i % 2 === 0 ? a : b;
        expect((await signIn(on, '203.0.113.7', email, `wrong guess ${i}`)).status).toBe(401);
      }
      expect((await signIn(a, '203.0.113.7', email, TEST_PASSWORD)).body.code).toBe('auth.locked-out');
      expect((await signIn(b, '203.0.113.7', email, TEST_PASSWORD)).body.code).toBe('auth.locked-out');
      expect((await signIn(b, '198.51.100.7', email, TEST_PASSWORD)).status).toBe(200);
    } finally {
      await b.stop();
      await a.stop();
      await cluster.destroy();
    }
  });
});
