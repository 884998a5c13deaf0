import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { onPostgres, TestCluster } from '../../test-support/harness.js';
import { migrate, readMigrations } from './migrate.js';

describe('migrations', () => {
  it('are numbered, and applying them again changes nothing', async () => {
    const all = readMigrations();
    expect(all.length).toBeGreaterThan(0);
    all.forEach((m, i) => expect(m.version).toBe(i + 1));
    const cluster = new TestCluster();
    const { db, close } = await cluster.open();
    try {
      await migrate(db); // the test template (or a fresh database) may already have them
      expect(await migrate(db)).toEqual([]);
      const rows = await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(db.kysely);
      expect(rows.rows[0]!.n).toBe(all.length);
    } finally {
      await close();
      await cluster.destroy();
    }
  });

  it('apply each version exactly once when two instances start at once', async () => {
    const cluster = new TestCluster();
    const a = await cluster.open(onPostgres ? false : true);
    const b = onPostgres ? await cluster.open() : a;
    try {
      const [ra, rb] = await Promise.all([migrate(a.db), migrate(b.db)]);
      const applied = [...ra, ...rb].sort((x, y) => x - y);
      // On a fresh PostgreSQL database every version is applied once, by one of the two.
      if (onPostgres) expect(applied).toEqual(readMigrations().map((m) => m.version));
      expect(new Set(applied).size).toBe(applied.length);
      const dup = await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(a.db.kysely);
      expect(dup.rows[0]!.n).toBe(readMigrations().length);
    } finally {
      await a.close();
      if (b !== a) await b.close();
      await cluster.destroy();
    }
  });

  it('refuse to run when an applied migration was edited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-mig-'));
    writeFileSync(join(dir, '0001_a.sql'), 'create table mig_probe (id int);');
    const cluster = new TestCluster();
    const { db, close } = await cluster.open();
    try {
      await migrate(
        db,
        readMigrations(dir).map((m) => ({ ...m, version: 9001 })),
      );
      writeFileSync(join(dir, '0001_a.sql'), 'create table mig_probe (id bigint);');
      await expect(
        migrate(
          db,
          readMigrations(dir).map((m) => ({ ...m, version: 9001 })),
        ),
      ).rejects.toThrow(/changed after it was applied/);
    } finally {
      await close();
      await cluster.destroy();
    }
  });
});
