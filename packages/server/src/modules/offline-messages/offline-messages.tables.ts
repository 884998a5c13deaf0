export interface OfflineMessagesTable {
  id: string;
  visitor_id: string | null;
  department_id: string | null;
  name: string;
  email: string;
  message: string;
  ip: string | null;
  created_at: Date;
  /** The inbox (migration 0013): the subject replies answer, and the item's state (null: not in the inbox). */
  subject: string;
  inbox_state: 'open' | 'claimed' | 'done' | null;
  claimed_by: string | null;
  claimed_by_name: string | null;
  claimed_at: Date | null;
  done_by_name: string | null;
  done_at: Date | null;
}

export interface OfflineMessageRepliesTable {
  id: string;
  offline_message_id: string;
  author_id: string | null;
  author_name: string;
  text: string;
  message_id: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    offline_messages: OfflineMessagesTable;
    offline_message_replies: OfflineMessageRepliesTable;
  }
}
