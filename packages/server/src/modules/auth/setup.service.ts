import { sql } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import { hashToken, secretToken } from '../../kernel/ids.js';
import type { Logger } from '../../kernel/logger.js';
import type { UsersService, UserView } from '../users/index.js';

const SETUP_LOCK = 7_261_845_302;

/**
 * No default password, ever. On a database without an administrator, each starting process makes a
 * one-time setup link (only its hash is stored); the first admin created through any link deletes all
 * of them. Unattended installs pass PARLEY_ADMIN_EMAIL / PARLEY_ADMIN_PASSWORD instead.
 */
export class SetupService {
  constructor(
    private readonly db: Db,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async needsSetup(): Promise<boolean> {
    return !(await this.users.hasActiveAdmin());
  }

  /** At boot: creates the admin from the environment, or returns a fresh setup link when needed. */
  async prepare(publicUrl: string, envAdmin?: { email: string; password: string }): Promise<string | undefined> {
    if (!(await this.needsSetup())) return undefined;
    if (envAdmin) {
      await this.db.tx(async () => {
        await sql`select pg_advisory_xact_lock(${SETUP_LOCK})`.execute(this.db.q);
        if (!(await this.needsSetup())) return;
        const existing = await this.users.byEmail(envAdmin.email);
        if (existing) {
          throw new Error(
            `PARLEY_ADMIN_EMAIL ${envAdmin.email} belongs to an existing user who is not an active administrator; ` +
              'use another address or promote that user.',
          );
        }
        await this.users.create(
          { email: envAdmin.email, name: 'Administrator', password: envAdmin.password, roles: ['admin'] },
          'system',
        );
        await this.db.q.deleteFrom('setup_tokens').execute();
        this.log.info({ email: envAdmin.email }, 'created the first administrator from PARLEY_ADMIN_EMAIL');
      });
      return undefined;
    }
    const token = secretToken();
    await this.db.q
      .insertInto('setup_tokens')
      .values({ token_hash: hashToken(token), created_at: this.clock.now() })
      .execute();
    return `${publicUrl}/setup?token=${token}`;
  }

  async complete(token: string, input: { email: string; name: string; password: string }): Promise<UserView> {
    return this.db.tx(async () => {
      // Serialises concurrent setups: exactly one first admin.
      await sql`select pg_advisory_xact_lock(${SETUP_LOCK})`.execute(this.db.q);
      if (!(await this.needsSetup())) fail('auth.setup-done');
      const row = await this.db.q
        .selectFrom('setup_tokens')
        .select('token_hash')
        .where('token_hash', '=', hashToken(token))
        .executeTakeFirst();
      if (!row) fail('auth.setup-token-invalid', undefined, 'body.token');
      const user = await this.users.create({ ...input, roles: ['admin'] }, 'system');
      await this.db.q.deleteFrom('setup_tokens').execute();
      return user;
    });
  }
}
