import type { StaffRole } from '@parley/shared';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../kernel/db/db.js';
import { fail, isUniqueViolation } from '../../kernel/errors.js';
import type { UsersTable } from './users.tables.js';
import './users.tables.js';

export type UserRow = Selectable<UsersTable>;

export class UsersRepo {
  constructor(private readonly db: Db) {}

  byId(id: string): Promise<UserRow | undefined> {
    return this.db.q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byIds(ids: string[]): Promise<UserRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.q.selectFrom('users').selectAll().where('id', 'in', ids).execute();
  }

  byEmail(email: string): Promise<UserRow | undefined> {
    return this.db.q
      .selectFrom('users')
      .selectAll()
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
  }

  async usernameTaken(username: string, exceptId?: string): Promise<boolean> {
    let q = this.db.q
      .selectFrom('users')
      .select('id')
      .where(sql<string>`lower(username)`, '=', username.toLowerCase());
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async insert(row: UserRow): Promise<void> {
    try {
      await this.db.q.insertInto('users').values(row).execute();
    } catch (err) {
      // Two admins creating the same account at the same moment: the index decides.
      if (isUniqueViolation(err, 'users_email')) fail('user.email-taken', undefined, 'body.email');
      if (isUniqueViolation(err, 'users_username')) fail('user.username-taken', undefined, 'body.username');
      throw err;
    }
  }

  async update(id: string, patch: Partial<UserRow>): Promise<void> {
    await this.db.q.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  /** Active users holding any of these roles. */
  withAnyRole(roles: StaffRole[]): Promise<UserRow[]> {
    return this.db.q
      .selectFrom('users')
      .selectAll()
      .where('active', '=', true)
      .where(sql<boolean>`roles && ${sql.val(roles)}::text[]`)
      .execute();
  }

  async countActiveAdmins(exceptId?: string): Promise<number> {
    let q = this.db.q
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('active', '=', true)
      .where(sql<boolean>`'admin' = any(roles)`);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirstOrThrow()).n;
  }

  async list(opts: { limit: number; offset: number; role?: StaffRole; active?: boolean; search?: string }) {
    let q = this.db.q.selectFrom('users');
    if (opts.role) q = q.where(sql<boolean>`${opts.role} = any(roles)`);
    if (opts.active !== undefined) q = q.where('active', '=', opts.active);
    if (opts.search) {
      const like = `%${opts.search.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      q = q.where((eb) =>
        eb.or([
          eb(sql<string>`lower(name)`, 'like', like),
          eb(sql<string>`lower(email)`, 'like', like),
          eb(sql<string>`lower(username)`, 'like', like),
        ]),
      );
    }
    const [rows, total] = await Promise.all([
      q.selectAll().orderBy('name').orderBy('id').limit(opts.limit).offset(opts.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: total.n };
  }
}
