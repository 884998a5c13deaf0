import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * PGlite has ONE connection. This adapter makes it look like a `pg` pool of size one to Kysely's
 * PostgresDialect: `connect()` waits until the previous holder released it, so a transaction never
 * interleaves with another caller's statements.
 */
export class PgliteOneConnectionPool implements PostgresPool {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly pg: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const pg = this.pg;
    let released = false;
    const client = {
      async query<R>(text: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
        if (parameters.length === 0) {
          // exec() runs several statements in one string (migrations); the last result is the answer.
          const results = await pg.exec(text);
          const last = results[results.length - 1];
          return { command: commandOf(text), rowCount: last?.affectedRows ?? 0, rows: (last?.rows ?? []) as R[] };
        }
        const r = await pg.query<R>(text, parameters as unknown[]);
        return {
          command: ((r as { command?: string }).command ?? commandOf(text)) as PostgresQueryResult<R>['command'],
          rowCount: r.affectedRows ?? r.rows.length,
          rows: r.rows,
        };
      },
      release() {
        if (!released) {
          released = true;
          release();
        }
      },
    };
    return client as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.tail;
    await this.pg.close();
  }
}

function commandOf(text: string): PostgresQueryResult<unknown>['command'] {
  const m = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|select)\b/i.exec(text);
  return (m?.[1]?.toUpperCase() ?? 'SELECT') as PostgresQueryResult<unknown>['command'];
}
