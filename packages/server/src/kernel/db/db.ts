import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

export type Executor = Kysely<Database> | Transaction<Database>;
export type DbDialect = 'pglite' | 'postgres';

interface TxState {
  trx: Transaction<Database>;
  afterCommit: Array<() => void>;
  /** Things to write at the end of the transaction (e.g. queued events), keyed by owner. */
  bags: Map<string, unknown>;
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

/**
 * The database as modules see it. `db.q` is the executor to use right now: the current transaction
 * when inside `db.tx`, otherwise the pool. Nested `db.tx` calls join the outer transaction, so
 * services compose without knowing who started it (and PGlite's single connection never deadlocks on
 * itself). Callbacks registered with `afterCommit` run only once the outermost transaction committed.
 */
export class Db {
  private readonly als = new AsyncLocalStorage<TxState>();

  constructor(
    readonly kysely: Kysely<Database>,
    readonly dialect: DbDialect,
  ) {}

  get q(): Executor {
    return this.als.getStore()?.trx ?? this.kysely;
  }

  get inTransaction(): boolean {
    return this.als.getStore() !== undefined;
  }

  async tx<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    const current = this.als.getStore();
    if (current) return fn(current.trx);
    for (let attempt = 1; ; attempt++) {
      const state: TxState = { trx: undefined as unknown as Transaction<Database>, afterCommit: [], bags: new Map() };
      try {
        const result = await this.kysely.transaction().execute((trx) => {
          state.trx = trx;
          return this.als.run(state, async () => {
            const r = await fn(trx);
            await this.runBeforeCommit(state);
            return r;
          });
        });
        for (const cb of state.afterCommit) {
          try {
            cb();
          } catch {
            /* after-commit work reports its own failures; the transaction is already committed */
          }
        }
        return result;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt < 4 && code !== undefined && RETRYABLE.has(code)) continue;
        throw err;
      }
    }
  }

  private savepoints = 0;

  /**
   * Runs `fn` under a SAVEPOINT of the current transaction, as if it were a transaction of its own inside
   * it: when `fn` returns, the events it emitted are flushed there (their in-transaction listeners run and
   * the outbox rows are written inside the savepoint), the savepoint is released and its after-commit
   * callbacks wait for the outer commit; when `fn` (or that flush) throws, everything it did is rolled back
   * to the savepoint, its events and after-commit callbacks are dropped (never delivered), and the error is
   * rethrown with the outer transaction still usable. The job runner runs each job of a batch this way.
   * Each savepoint is a subtransaction until the commit: PostgreSQL tracks up to 64 per transaction cheaply,
   * so keep to a few dozen per transaction.
   */
  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const parent = this.als.getStore();
    if (!parent) throw new Error('db.savepoint: must be called inside db.tx()');
    const name = sql.raw(`parley_sp_${++this.savepoints}`);
    const trx = parent.trx;
    await sql`savepoint ${name}`.execute(trx);
    const child: TxState = { trx, afterCommit: [], bags: new Map() };
    let result: T;
    try {
      result = await this.als.run(child, async () => {
        const r = await fn();
        await this.runBeforeCommit(child);
        return r;
      });
    } catch (err) {
      await sql`rollback to savepoint ${name}`.execute(trx);
      throw err;
    }
    // Not released: the commit releases it, and a RELEASE would cost a round trip per job. Savepoints taken
    // after it nest inside it, which changes nothing for them (each is rolled back to on its own failure).
    parent.afterCommit.push(...child.afterCommit);
    return result;
  }

  /** Run `cb` after the current transaction commits (or at once when there is none). */
  afterCommit(cb: () => void): void {
    const s = this.als.getStore();
    if (s) s.afterCommit.push(cb);
    else queueMicrotask(cb);
  }

  /**
   * A per-transaction bag an owner (the event bus) fills during the transaction; its flusher runs once
   * just before commit, inside the transaction, so batched writes commit or roll back with the rest.
   */
  bag<B>(owner: string, create: () => B): B {
    const s = this.als.getStore();
    if (!s) throw new Error(`${owner}: must be called inside db.tx()`);
    let b = s.bags.get(owner) as B | undefined;
    if (b === undefined) {
      b = create();
      s.bags.set(owner, b);
    }
    return b;
  }

  private beforeCommit = new Map<string, (bag: unknown, trx: Transaction<Database>) => Promise<void>>();

  onBeforeCommit<B>(owner: string, flush: (bag: B, trx: Transaction<Database>) => Promise<void>): void {
    this.beforeCommit.set(owner, flush as (bag: unknown, trx: Transaction<Database>) => Promise<void>);
  }

  private async runBeforeCommit(state: TxState): Promise<void> {
    for (const [owner, bag] of state.bags) {
      const flush = this.beforeCommit.get(owner);
      if (flush) await flush(bag, state.trx);
    }
  }

  async close(): Promise<void> {
    await this.kysely.destroy();
  }
}
