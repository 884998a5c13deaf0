import type { ColumnType } from 'kysely';

export interface AuditLogTable {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  changes: ColumnType<Record<string, unknown>, string, string>;
  ip: string | null;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    audit_log: AuditLogTable;
  }
}
