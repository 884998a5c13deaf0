import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { Db } from './db.js';
import { DataDirLock } from './lock-file.js';
import { PgliteOneConnectionPool } from './pglite-pool.js';
import type { Database } from './schema.js';

// Both drivers return the same JS types: int8 and numeric as numbers (our counts and ids fit), dates
// as Date, json as objects.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
const pgliteParsers = { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) };
// One connection, one process: PostgreSQL's 128 MB default buffer cache mostly duplicates the OS cache
// here. 32 MB saves ~130 MB of resident memory (measured: 767 → 639 MB after initdb + 100k rows).
const pgliteConf = 'shared_buffers=32MB';
/** Extensions the migrations use (PostgreSQL ships them in contrib). */
const extensions = { pg_trgm };

export interface OpenedDatabase {
  db: Db;
  /** The embedded engine, when it is PGlite (for dumps in tests). */
  pglite?: PGlite;
  /** Releases the connection(s) and, for PGlite, the data-directory lock. */
  close(): Promise<void>;
  describe: string;
}

export async function openPostgres(url: string, poolSize: number): Promise<OpenedDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client's network error must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const db = new Db(kysely, 'postgres');
  const safeUrl = url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1:***@');
  return { db, close: () => db.close(), describe: `PostgreSQL (${safeUrl})` };
}

/** The embedded database in `<dataDir>/pg`, guarded by the data-directory lock. */
export async function openEmbedded(dataDir: string): Promise<OpenedDatabase> {
  const lock = DataDirLock.acquire(dataDir);
  try {
    const dir = join(dataDir, 'pg');
    mkdirSync(dir, { recursive: true });
    const fresh = !existsSync(join(dir, 'PG_VERSION'));
    const open = async () => {
      const instance = new PGlite(dir, { parsers: pgliteParsers, postgresqlconf: pgliteConf, extensions });
      await instance.waitReady;
      return instance;
    };
    let pglite = await open();
    if (fresh) {
      // Creating the cluster (initdb) grows the WebAssembly memory to ~700 MB, and WebAssembly memory
      // never shrinks: a first run would keep it for the life of the process. A new instance on the
      // created cluster needs ~250 MB, and the old one's memory is freed at the next GC (~1 s more).
      await pglite.close();
      pglite = await open();
    }
    return wrapPglite(pglite, `embedded PGlite (${resolve(dir)})`, () => lock.release());
  } catch (err) {
    lock.release();
    throw err;
  }
}

/** An in-memory PGlite, optionally loaded from a dump (tests start from a migrated template). */
export async function openInMemory(loadDataDir?: Blob): Promise<OpenedDatabase> {
  const pglite = new PGlite({ parsers: pgliteParsers, extensions, ...(loadDataDir ? { loadDataDir } : {}) });
  await pglite.waitReady;
  return wrapPglite(pglite, 'in-memory PGlite', () => undefined);
}

function wrapPglite(pglite: PGlite, describe: string, onClose: () => void): OpenedDatabase {
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new PgliteOneConnectionPool(pglite) }) });
  const db = new Db(kysely, 'pglite');
  return {
    db,
    pglite,
    describe,
    async close() {
      try {
        await db.close();
      } finally {
        onClose();
      }
    },
  };
}
