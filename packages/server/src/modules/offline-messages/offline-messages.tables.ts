export interface OfflineMessagesTable {
  id: string;
  visitor_id: string | null;
  department_id: string | null;
  name: string;
  email: string;
  message: string;
  ip: string | null;
  created_at: Date;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    offline_messages: OfflineMessagesTable;
  }
}
