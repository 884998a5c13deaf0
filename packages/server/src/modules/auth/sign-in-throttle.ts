import { sql } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import './auth.tables.js';

/**
 * Sign-in throttling (docs/security.md). Guessing is slowed where it comes from, so an attacker cannot
 * lock the real user out:
 * - one account from one address: after `perSource` failures in a window, that address is refused for
 *   that account for `lockMs` (the same account from any other address still signs in);
 * - one address, all accounts: after `perAddress` failures in a window, the address is refused until the
 *   window ends (password spraying);
 * - one account, all addresses: after `perAccount` failures in a window (a botnet), the account is slowed,
 *   not locked: addresses it has not signed in from lately get one attempt per `slowIntervalMs` between
 *   them, while the owner's familiar addresses are not slowed at all.
 * `lockMs` is at least `windowMs`, so a pair's count has started afresh when its lock ends.
 * Counts live in the database, so every process shares them. An attempt is counted before the password is
 * checked (and given back when it succeeds): a burst of parallel guesses cannot outrun the count.
 */
export const SIGN_IN_POLICY = {
  windowMs: 15 * 60_000,
  perSource: 5,
  lockMs: 15 * 60_000,
  perAddress: 30,
  perAccount: 100,
  slowIntervalMs: 30_000,
  familiarForMs: 30 * 86_400_000,
};

export interface SignInAttempt {
  ip: string;
  keys: { address: string; pair: string; account: string };
  /** Counts after this attempt (the account is not counted from a familiar address). */
  pairFailures: number;
  accountFailures: number | undefined;
}

export type LockEvent = { scope: 'source'; until: Date } | { scope: 'account'; failures: number };

/** Sweep rows of past windows every this many attempts (per process). */
const SWEEP_EVERY = 500;

export class SignInThrottle {
  private attempts = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly policy = SIGN_IN_POLICY,
  ) {}

  /**
   * Counts an attempt to sign in as `email` from `ip`, or refuses it: `rate.limited` (the address, or
   * an account under attack from many addresses) or `auth.locked-out` (this account from this address).
   */
  async begin(email: string, ip: string, userId: string | undefined): Promise<SignInAttempt> {
    const p = this.policy;
    const now = this.clock.now();
    const id = email.trim().toLowerCase();
    const keys = { address: `ip:${ip}`, pair: `pair:${id} ${ip}`, account: `account:${id}` };
    if (++this.attempts % SWEEP_EVERY === 0) await this.sweep(now);

    const rows = await this.db.q
      .selectFrom('sign_in_failures')
      .selectAll()
      .where('key', 'in', Object.values(keys))
      .execute();
    const row = (k: string) => rows.find((r) => r.key === k && r.window_ends_at > now);
    const address = row(keys.address);
    if (address && address.failures >= p.perAddress) this.addressLimited(address.window_ends_at, now);
    const pair = rows.find((r) => r.key === keys.pair);
    if (pair?.blocked_until && pair.blocked_until > now) this.lockedOut(pair.blocked_until, now);
    const familiar = userId !== undefined && (await this.familiar(userId, ip, now));
    const account = row(keys.account);
    if (!familiar && account && account.failures >= p.perAccount) await this.takeSlowSlot(keys.account, now);

    const counted = await this.count(familiar ? [keys.address, keys.pair] : Object.values(keys), now);
    // Parallel attempts that got past the reads above are held to the limits here.
    const n = (k: string) => counted.find((c) => c.key === k)?.failures;
    const pairFailures = n(keys.pair) ?? 1;
    if ((n(keys.address) ?? 0) > p.perAddress) this.addressLimited(new Date(now.getTime() + p.windowMs), now);
    if (pairFailures > p.perSource) this.lockedOut(new Date(now.getTime() + p.lockMs), now);
    return { ip, keys, pairFailures, accountFailures: n(keys.account) };
  }

  /**
   * The password was wrong: locks the pair when it reached its limit. Returns what changed, for the
   * audit log (the caller records it).
   */
  async failed(a: SignInAttempt): Promise<LockEvent[]> {
    const events: LockEvent[] = [];
    if (a.pairFailures === this.policy.perSource) {
      const until = new Date(this.clock.now().getTime() + this.policy.lockMs);
      await this.db.q
        .updateTable('sign_in_failures')
        .set({ blocked_until: until })
        .where('key', '=', a.keys.pair)
        .execute();
      events.push({ scope: 'source', until });
    }
    if (a.accountFailures === this.policy.perAccount) events.push({ scope: 'account', failures: a.accountFailures });
    return events;
  }

  /** The password was right: this attempt was no failure; the address becomes familiar for the user. */
  async succeeded(a: SignInAttempt, userId: string): Promise<void> {
    const now = this.clock.now();
    await this.db.tx(async (trx) => {
      await trx.deleteFrom('sign_in_failures').where('key', '=', a.keys.pair).execute();
      const given = a.accountFailures === undefined ? [a.keys.address] : [a.keys.address, a.keys.account];
      await trx
        .updateTable('sign_in_failures')
        .set({ failures: sql`greatest(failures - 1, 0)` })
        .where('key', 'in', given)
        .execute();
      await trx
        .insertInto('sign_in_sources')
        .values({ user_id: userId, ip: a.ip, last_success_at: now })
        .onConflict((oc) => oc.columns(['user_id', 'ip']).doUpdateSet({ last_success_at: now }))
        .execute();
    });
  }

  /** One statement per attempt, atomic across processes; keys sorted so concurrent upserts cannot deadlock. */
  private async count(keys: string[], now: Date): Promise<Array<{ key: string; failures: number }>> {
    const windowEnd = new Date(now.getTime() + this.policy.windowMs);
    return this.db.q
      .insertInto('sign_in_failures')
      .values([...keys].sort().map((key) => ({ key, failures: 1, window_ends_at: windowEnd, blocked_until: null })))
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql`case when sign_in_failures.window_ends_at <= ${now} then 1 else sign_in_failures.failures + 1 end`,
          window_ends_at: sql`case when sign_in_failures.window_ends_at <= ${now} then excluded.window_ends_at else sign_in_failures.window_ends_at end`,
        }),
      )
      .returning(['key', 'failures'])
      .execute();
  }

  private async familiar(userId: string, ip: string, now: Date): Promise<boolean> {
    const since = new Date(now.getTime() - this.policy.familiarForMs);
    const row = await this.db.q
      .selectFrom('sign_in_sources')
      .select('ip')
      .where('user_id', '=', userId)
      .where('ip', '=', ip)
      .where('last_success_at', '>', since)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** An account under attack lets one unfamiliar attempt in per interval, whoever asks first. */
  private async takeSlowSlot(key: string, now: Date): Promise<void> {
    const next = new Date(now.getTime() + this.policy.slowIntervalMs);
    const took = await this.db.q
      .updateTable('sign_in_failures')
      .set({ blocked_until: next })
      .where('key', '=', key)
      .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', now)]))
      .returning('key')
      .executeTakeFirst();
    if (took) return;
    const row = await this.db.q
      .selectFrom('sign_in_failures')
      .select('blocked_until')
      .where('key', '=', key)
      .executeTakeFirst();
    const seconds = secondsUntil(row?.blocked_until ?? next, now);
    fail(
      'rate.limited',
      `This account is receiving many failed sign-ins from many addresses; try again in ${seconds} s`,
      undefined,
      { retryAfterSeconds: seconds },
    );
  }

  private addressLimited(until: Date, now: Date): never {
    const seconds = secondsUntil(until, now);
    fail('rate.limited', `Too many failed sign-ins from your address; try again in ${seconds} s`, undefined, {
      retryAfterSeconds: seconds,
    });
  }

  private lockedOut(until: Date, now: Date): never {
    const minutes = Math.ceil((until.getTime() - now.getTime()) / 60_000);
    fail(
      'auth.locked-out',
      `Too many failed sign-ins to this account from your address; it is locked for ${minutes} more minute(s)`,
      undefined,
      { retryAfterSeconds: secondsUntil(until, now) },
    );
  }

  private async sweep(now: Date): Promise<void> {
    const dayAgo = new Date(now.getTime() - 86_400_000);
    await this.db.q
      .deleteFrom('sign_in_failures')
      .where('window_ends_at', '<', dayAgo)
      .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', now)]))
      .execute();
    await this.db.q
      .deleteFrom('sign_in_sources')
      .where('last_success_at', '<', new Date(now.getTime() - this.policy.familiarForMs))
      .execute();
  }
}

function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
