import type { StaffRole, UserView } from '@parley/shared';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import { REDACTED, type AuditService } from '../audit/index.js';
import { checkPasswordStrength, hashPassword } from './passwords.js';
import { UsersRepo, type UserRow } from './users.repo.js';

export type { UserView };

export interface NewUser {
  email: string;
  name: string;
  username?: string;
  password?: string;
  roles: StaffRole[];
}

export interface UserPatch {
  email?: string;
  name?: string;
  username?: string;
  password?: string;
  roles?: StaffRole[];
  active?: boolean;
}

export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    username: u.username,
    name: u.name,
    roles: u.roles,
    active: u.active,
    // Only an invitation makes a staff user without a password (bots have none and need none).
    invited: u.password_hash === null && !u.roles.every((r) => r === 'bot'),
    createdAt: u.created_at.toISOString(),
    updatedAt: u.updated_at.toISOString(),
  };
}

/** Staff accounts: admins create, edit, deactivate them and set their roles. */
export class UsersService {
  /** The `users` table is this module's: other modules read it through the methods below. */
  private readonly store: UsersRepo;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.store = new UsersRepo(db);
  }

  /** The user, or undefined; `get` fails instead. */
  byId(id: string): Promise<UserRow | undefined> {
    return this.store.byId(id);
  }

  byIds(ids: string[]): Promise<UserRow[]> {
    return this.store.byIds(ids);
  }

  /** By email, in any letter case. */
  byEmail(email: string): Promise<UserRow | undefined> {
    return this.store.byEmail(email);
  }

  /** Active users holding any of these roles. */
  withAnyRole(roles: StaffRole[]): Promise<UserRow[]> {
    return this.store.withAnyRole(roles);
  }

  /** Whether any active administrator exists (none: first-run setup is open). */
  async hasActiveAdmin(): Promise<boolean> {
    return (await this.store.countActiveAdmins()) > 0;
  }

  async get(id: string): Promise<UserRow> {
    return (await this.store.byId(id)) ?? fail('user.not-found', undefined, 'id');
  }

  /**
   * `invited`: the person sets their password through an invitation link (auth's invitations); until then
   * they cannot sign in.
   */
  async create(
    input: NewUser,
    actor: Actor | 'system',
    ip?: string,
    opts: { invited?: boolean } = {},
  ): Promise<UserView> {
    // Bots sign in with access tokens only; everybody else needs a password (or an invitation to set one).
    if (input.password === undefined && !opts.invited && !input.roles.every((r) => r === 'bot')) {
      fail('request.invalid', 'A password is required for staff who sign in', 'body.password');
    }
    if (input.password !== undefined) checkPasswordStrength(input.password, 'body.password', input.email);
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
    const now = this.clock.now();
    return this.db.tx(async () => {
      if (await this.store.byEmail(input.email)) fail('user.email-taken', undefined, 'body.email');
      const username = input.username ?? (await this.freeUsername(input.email));
      if (input.username && (await this.store.usernameTaken(username))) {
        fail('user.username-taken', undefined, 'body.username');
      }
      const row: UserRow = {
        id: uuidv7(now.getTime()),
        email: input.email,
        username,
        name: input.name,
        password_hash: passwordHash,
        roles: [...new Set(input.roles)],
        active: true,
        failed_logins: 0,
        locked_until: null,
        created_at: now,
        updated_at: now,
      };
      await this.store.insert(row);
      await this.audit.record(
        actor,
        {
          action: 'user.created',
          targetType: 'user',
          targetId: row.id,
          changes: { email: row.email, name: row.name, roles: row.roles, ...(opts.invited ? { invited: true } : {}) },
        },
        ip,
      );
      this.bus.emit('user.created', { userId: row.id, roles: row.roles });
      return toUserView(row);
    });
  }

  async update(id: string, patch: UserPatch, actor: Actor, ip?: string): Promise<UserView> {
    if (patch.password !== undefined) {
      checkPasswordStrength(patch.password, 'body.password', patch.email ?? (await this.get(id)).email);
    }
    const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
    return this.db.tx(async () => {
      const user = await this.get(id);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const set: Partial<UserRow> = {};
      if (patch.email !== undefined && patch.email !== user.email) {
        const other = await this.store.byEmail(patch.email);
        if (other && other.id !== id) fail('user.email-taken', undefined, 'body.email');
        set.email = patch.email;
        changes.email = { from: user.email, to: patch.email };
      }
      if (patch.username !== undefined && patch.username !== user.username) {
        if (await this.store.usernameTaken(patch.username, id)) fail('user.username-taken', undefined, 'body.username');
        set.username = patch.username;
        changes.username = { from: user.username, to: patch.username };
      }
      if (patch.name !== undefined && patch.name !== user.name) {
        set.name = patch.name;
        changes.name = { from: user.name, to: patch.name };
      }
      if (patch.roles !== undefined) {
        const roles = [...new Set(patch.roles)];
        if (roles.join() !== user.roles.join()) {
          set.roles = roles;
          changes.roles = { from: user.roles, to: roles };
        }
      }
      if (patch.active !== undefined && patch.active !== user.active) {
        set.active = patch.active;
        changes.active = { from: user.active, to: patch.active };
      }
      if (passwordHash !== undefined) {
        set.password_hash = passwordHash;
        set.failed_logins = 0;
        set.locked_until = null;
        changes.password = { from: REDACTED, to: REDACTED };
      }
      const losesAdmin =
        user.roles.includes('admin') && ((set.roles && !set.roles.includes('admin')) || set.active === false);
      if (losesAdmin && user.active && (await this.store.countActiveAdmins(id)) === 0) {
        fail('user.last-admin', undefined, set.active === false ? 'body.active' : 'body.roles');
      }
      if (Object.keys(set).length === 0) return toUserView(user);
      set.updated_at = this.clock.now();
      await this.store.update(id, set);
      await this.audit.record(actor, { action: 'user.updated', targetType: 'user', targetId: id, changes }, ip);
      this.bus.emit('user.updated', {
        userId: id,
        changed: Object.keys(changes),
        ...(actor.kind === 'staff' ? { byUserId: actor.userId } : {}),
      });
      if (set.active === false) this.bus.emit('user.deactivated', { userId: id });
      return toUserView({ ...user, ...set });
    });
  }

  async list(opts: { limit: number; offset: number; role?: StaffRole; active?: boolean; search?: string }) {
    const { rows, total } = await this.store.list(opts);
    return { items: rows.map(toUserView), total };
  }

  private async freeUsername(email: string): Promise<string> {
    const base =
      email
        .split('@')[0]!
        .toLowerCase()
        .replace(/[^a-z0-9._-]/g, '')
        .slice(0, 40) || 'user';
    for (let i = 0; ; i++) {
      const candidate = i === 0 ? base : `${base}${i + 1}`;
      if (!(await this.store.usernameTaken(candidate))) return candidate;
    }
  }
}
