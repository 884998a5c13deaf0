import type { ColumnType, Generated } from 'kysely';

export interface OutboxTable {
  id: string;
  name: string;
  payload: ColumnType<unknown, string, string>;
  created_at: Date;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: ColumnType<unknown, string, string>;
  run_at: Date;
  idempotency_key: string | null;
  status: Generated<'pending' | 'failed'>;
  attempts: Generated<number>;
  max_attempts: number;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Date;
}

declare module './db/schema.js' {
  interface Database {
    outbox: OutboxTable;
    jobs: JobsTable;
  }
}
