import type { ColumnType } from 'kysely';

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Date;
  updated_by: string | null;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    settings: SettingsTable;
  }
}
