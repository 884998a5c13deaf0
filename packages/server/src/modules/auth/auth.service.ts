import type { AccessTokenView } from '@parley/shared';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import { hashToken, secretToken, uuidv7 } from '../../kernel/ids.js';
import type { Logger } from '../../kernel/logger.js';
import type { AuditService } from '../audit/index.js';
import {
  checkPasswordStrength,
  decoyHash,
  verifyPassword,
  type UserRow,
  type UsersService,
  type UserView,
  toUserView,
} from '../users/index.js';
import './auth.tables.js';
import { SignInThrottle, type SignInAttempt } from './sign-in-throttle.js';

export const SESSION_COOKIE = 'parley_session';
export const SESSION_TTL_SECONDS = 14 * 24 * 3600;
const TOUCH_EVERY_MS = 5 * 60_000;
const ACTOR_CACHE_MS = 30_000;

export type { AccessTokenView };

/**
 * Sign-in, sessions (for the web app's cookie), personal access tokens (for the API) and the first-run
 * setup. Only hashes of session/access/setup tokens are stored.
 */
export class AuthService {
  private readonly throttle: SignInThrottle;
  /**
   * token hash → actor. Bus events (deactivation, role change, sign-out, revocation) evict entries in
   * every process at once; an entry never outlives its session's or token's expiry.
   */
  private readonly actorCache = new Map<string, { actor: StaffActor; until: number }>();
  /** Bumped by every eviction: a lookup that raced one must not cache what it read before it. */
  private evictions = 0;

  constructor(
    private readonly db: Db,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.throttle = new SignInThrottle(db, clock);
  }

  // ── sign-in ─────────────────────────────────────────────────────────────
  async signIn(
    email: string,
    password: string,
    client: { ip: string; userAgent?: string },
  ): Promise<{ user: UserView; token: string }> {
    const user = await this.users.byEmail(email);
    // Counted before the (slow) password check, refused here when throttled: see sign-in-throttle.ts.
    const attempt = await this.throttle.begin(email, client.ip, user?.id);
    const now = this.clock.now();
    const ok = await verifyPassword(user?.password_hash ?? (await decoyHash()), password);
    if (!user || !ok || !user.password_hash) {
      await this.recordFailure(attempt, user);
      fail('auth.invalid-credentials');
    }
    await this.throttle.succeeded(attempt, user.id);
    if (!user.active) fail('auth.account-inactive');
    const token = secretToken();
    await this.db.tx(async (trx) => {
      await trx
        .insertInto('staff_sessions')
        .values({
          id: uuidv7(),
          user_id: user.id,
          token_hash: hashToken(token),
          created_at: now,
          expires_at: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000),
          last_seen_at: now,
          ip: client.ip,
          user_agent: client.userAgent?.slice(0, 500) ?? null,
        })
        .execute();
    });
    return { user: toUserView(user), token };
  }

  /** A wrong password: the throttle may lock this account for this address; the audit log says so. */
  private async recordFailure(attempt: SignInAttempt, user: UserRow | undefined): Promise<void> {
    await this.db.tx(async () => {
      for (const lock of await this.throttle.failed(attempt)) {
        if (!user) continue;
        const entry =
          lock.scope === 'source'
            ? {
                action: 'user.locked-out',
                changes: { scope: 'address', ip: attempt.ip, until: lock.until.toISOString() },
              }
            : { action: 'user.sign-in-slowed', changes: { scope: 'account', failures: lock.failures } };
        await this.audit.record('system', { ...entry, targetType: 'user', targetId: user.id }, attempt.ip);
      }
    });
  }

  /**
   * A signed-in user changes their own password (the current one is required). Every other session of
   * theirs ends; this one stays.
   */
  async changePassword(actor: StaffActor, current: string, next: string): Promise<void> {
    const user = await this.users.get(actor.userId);
    checkPasswordStrength(next, 'body.newPassword', user.email);
    if (!user.password_hash || !(await verifyPassword(user.password_hash, current))) {
      fail('auth.invalid-credentials', 'The current password is wrong', 'body.currentPassword');
    }
    await this.db.tx(async () => {
      await this.users.update(actor.userId, { password: next }, actor);
      await this.endSessions(actor.userId, 'password-changed', actor.sessionId);
    });
  }

  async signOut(sessionId: string): Promise<void> {
    await this.db.tx(async (trx) => {
      const row = await trx
        .deleteFrom('staff_sessions')
        .where('id', '=', sessionId)
        .returning(['user_id'])
        .executeTakeFirst();
      if (row)
        this.bus.emit('auth.sessions-ended', { userId: row.user_id, sessionIds: [sessionId], reason: 'signed-out' });
    });
  }

  /**
   * Ends every session of a user but `except` (password change: the caller's own). The event evicts
   * them from every process's cache and closes their realtime connections.
   */
  async endSessions(
    userId: string,
    reason: 'password-changed' | 'password-reset' | 'deactivated',
    except?: string,
  ): Promise<void> {
    await this.db.tx(async (trx) => {
      let q = trx.deleteFrom('staff_sessions').where('user_id', '=', userId);
      if (except) q = q.where('id', '!=', except);
      const gone = await q.returning('id').execute();
      if (gone.length === 0) return;
      this.bus.emit('auth.sessions-ended', {
        userId,
        sessionIds: gone.map((g) => g.id),
        reason,
      });
    });
  }

  /** The signed-in staff user behind a session cookie, or undefined. */
  async resolveSession(token: string): Promise<StaffActor | undefined> {
    const h = hashToken(token);
    const cached = this.cachedActor(h);
    if (cached) return cached;
    const epoch = this.evictions;
    const now = this.clock.now();
    const row = await this.db.q
      .selectFrom('staff_sessions')
      .select(['id', 'user_id', 'expires_at', 'last_seen_at'])
      .where('token_hash', '=', h)
      .executeTakeFirst();
    if (!row || row.expires_at <= now) return undefined;
    const actor = await this.actorFor(row.user_id, 'session', { sessionId: row.id });
    if (!actor) return undefined;
    if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
      await this.db.q.updateTable('staff_sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
    }
    this.cache(h, actor, row.expires_at, epoch);
    return actor;
  }

  // ── personal access tokens ─────────────────────────────────────────────
  async createAccessToken(
    actor: StaffActor,
    name: string,
    expiresInDays?: number,
  ): Promise<{ token: string; accessToken: AccessTokenView }> {
    const now = this.clock.now();
    const token = secretToken('pat_');
    const row = {
      id: uuidv7(),
      user_id: actor.userId,
      name,
      token_hash: hashToken(token),
      created_at: now,
      expires_at: expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null,
      last_used_at: null,
    };
    await this.db.tx(async (trx) => {
      await trx.insertInto('access_tokens').values(row).execute();
      await this.audit.record(actor, {
        action: 'access-token.created',
        targetType: 'access-token',
        targetId: row.id,
        changes: { name },
      });
    });
    return { token, accessToken: tokenView(row) };
  }

  async listAccessTokens(userId: string): Promise<AccessTokenView[]> {
    const rows = await this.db.q
      .selectFrom('access_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(tokenView);
  }

  async revokeAccessToken(actor: StaffActor, id: string): Promise<void> {
    await this.db.tx(async (trx) => {
      const row = await trx
        .deleteFrom('access_tokens')
        .where('id', '=', id)
        .where('user_id', '=', actor.userId)
        .returning('id')
        .executeTakeFirst();
      if (!row) fail('auth.token-not-found', undefined, 'params.id');
      this.bus.emit('auth.access-token-revoked', { userId: actor.userId, tokenId: id });
      await this.audit.record(actor, { action: 'access-token.revoked', targetType: 'access-token', targetId: id });
    });
  }

  async resolveAccessToken(token: string): Promise<StaffActor | undefined> {
    const h = hashToken(token);
    const cached = this.cachedActor(h);
    if (cached) return cached;
    const epoch = this.evictions;
    const now = this.clock.now();
    const row = await this.db.q
      .selectFrom('access_tokens')
      .select(['id', 'user_id', 'expires_at', 'last_used_at'])
      .where('token_hash', '=', h)
      .executeTakeFirst();
    if (!row || (row.expires_at && row.expires_at <= now)) return undefined;
    const actor = await this.actorFor(row.user_id, 'token', { tokenId: row.id });
    if (!actor) return undefined;
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
      await this.db.q.updateTable('access_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
    }
    this.cache(h, actor, row.expires_at, epoch);
    return actor;
  }

  private async actorFor(
    userId: string,
    via: 'session' | 'token',
    ids: { sessionId?: string; tokenId?: string },
  ): Promise<StaffActor | undefined> {
    const user = await this.users.byId(userId);
    if (!user || !user.active) return undefined;
    return {
      kind: 'staff',
      userId: user.id,
      roles: user.roles,
      name: user.name,
      email: user.email,
      via,
      ...ids,
    };
  }

  private cachedActor(h: string): StaffActor | undefined {
    const c = this.actorCache.get(h);
    if (c && c.until > this.clock.now().getTime()) return c.actor;
    if (c) this.actorCache.delete(h);
    return undefined;
  }

  /**
   * Remembers an actor until its session or token expires, at most ACTOR_CACHE_MS — unless an eviction
   * happened since the lookup began (`epoch`): what it read may be what that eviction removed.
   */
  private cache(h: string, actor: StaffActor, expiresAt: Date | null, epoch: number): void {
    if (epoch !== this.evictions) return;
    if (this.actorCache.size > 10_000) this.actorCache.clear();
    const until = this.clock.now().getTime() + ACTOR_CACHE_MS;
    this.actorCache.set(h, { actor, until: expiresAt ? Math.min(until, expiresAt.getTime()) : until });
  }

  // ── forgetting cached actors (auth.listeners.ts calls these in every process) ──
  /** The user's roles, password or state changed: their cached actors are re-read on the next request. */
  forgetUser(userId: string): void {
    this.evict((a) => a.userId === userId);
  }

  forgetSessions(sessionIds: readonly string[]): void {
    const ended = new Set(sessionIds);
    this.evict((a) => a.sessionId !== undefined && ended.has(a.sessionId));
  }

  forgetAccessToken(tokenId: string): void {
    this.evict((a) => a.tokenId === tokenId);
  }

  private evict(match: (actor: StaffActor) => boolean): void {
    this.evictions++;
    for (const [h, c] of this.actorCache) if (match(c.actor)) this.actorCache.delete(h);
  }
}

function tokenView(r: {
  id: string;
  name: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
}): AccessTokenView {
  return {
    id: r.id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  };
}
