import type { CannedScope } from '@parley/shared';

export interface CannedResponsesTable {
  id: string;
  scope: CannedScope;
  department_id: string | null;
  owner_id: string | null;
  shortcut: string;
  text: string;
  tags: string[];
  created_at: Date;
  updated_at: Date;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    canned_responses: CannedResponsesTable;
  }
}
