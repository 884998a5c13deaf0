import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './db.js';

/** packages/server/migrations, from src/ or dist/ alike. */
export const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'migrations');

// Any constant works; it only has to be the same in every Parley process.
const MIGRATION_LOCK = 7_261_845_301;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/\.sql$/, ''),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

/**
 * Applies the numbered SQL files not applied yet, each in its own transaction, recorded in
 * `schema_migrations`. A session advisory lock makes concurrent starters wait for each other, so two
 * instances starting at once apply each migration exactly once. Returns the versions applied now.
 */
export async function migrate(db: Db, migrations = readMigrations()): Promise<number[]> {
  return db.kysely.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`.execute(conn);
      const done = await sql<{ version: number; checksum: string; name: string }>`
        select version, checksum, name from schema_migrations`.execute(conn);
      const applied = new Map(done.rows.map((r) => [r.version, r]));
      const now: number[] = [];
      for (const m of migrations) {
        const prior = applied.get(m.version);
        if (prior) {
          if (prior.checksum !== m.checksum) {
            throw new Error(
              `Migration ${m.name} was changed after it was applied (checksum mismatch). ` +
                'Never edit an applied migration; add a new one.',
            );
          }
          continue;
        }
        await conn.transaction().execute(async (trx) => {
          await sql.raw(m.sql).execute(trx);
          await sql`insert into schema_migrations (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`.execute(
            trx,
          );
        });
        now.push(m.version);
      }
      return now;
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
}
