import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onCleanup } from './cleanup.js';

/** The PostgreSQL server the benchmarks use (trust auth on loopback, like the test suite). */
export const PG_URL =
  process.env.BENCH_PG_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** @param {string} name */
export function urlFor(name) {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * @template T
 * @param {string} url
 * @param {(c: pg.Client) => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withClient(url, fn) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** @returns {Promise<string>} e.g. "15.20" */
export async function serverVersion() {
  return withClient(PG_URL, async (c) => (await c.query('show server_version')).rows[0].server_version);
}

const PREFIX = 'parley_bench_';

/**
 * A fresh, empty database, dropped at cleanup. Its name carries this process id, so databases left by
 * a run that was killed outright are recognised and dropped by the next run (`dropStale`).
 * @param {string} label
 * @returns {Promise<{ name: string, url: string, drop: () => Promise<void> }>}
 */
export async function createDatabase(label) {
  const name = `${PREFIX}${process.pid}_${label}_${randomBytes(3).toString('hex')}`;
  await withClient(PG_URL, (c) => c.query(`create database ${name}`));
  const drop = () =>
    withClient(PG_URL, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined);
  const unregister = onCleanup(`drop database ${name}`, drop);
  return {
    name,
    url: urlFor(name),
    drop: async () => {
      unregister();
      await drop();
    },
  };
}

/** Drops bench databases whose creating process is gone (a run killed with SIGKILL). */
export async function dropStale() {
  await withClient(PG_URL, async (c) => {
    const rows = (await c.query(`select datname from pg_database where datname like '${PREFIX}%'`)).rows;
    for (const { datname } of rows) {
      const pid = Number(datname.slice(PREFIX.length).split('_')[0]);
      if (pid && pid !== process.pid && alive(pid)) continue;
      if (pid === process.pid) continue;
      await c.query(`drop database if exists ${datname} with (force)`).catch(() => undefined);
    }
  });
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Backend process ids serving one database (to read their CPU time from /proc).
 * @param {string} dbName
 * @returns {Promise<number[]>}
 */
export async function backendPids(dbName) {
  return withClient(PG_URL, async (c) =>
    (
      await c.query('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName])
    ).rows.map((r) => r.pid),
  );
}
