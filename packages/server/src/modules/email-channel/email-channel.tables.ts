import type { Generated } from 'kysely';

export type EmailChannelState = 'ok' | 'error' | 'connecting' | 'disabled';

export interface EmailChannelAccountsTable {
  channel_id: string;
  imap_password: Generated<string>;
  smtp_password: Generated<string>;
  /** bigint columns come back as strings from pg, numbers from PGlite: read through Number(). */
  uid_validity: string | number | null;
  last_uid: Generated<string | number>;
  failing_uid: string | number | null;
  failing_count: Generated<number>;
  state: Generated<EmailChannelState>;
  detail: string | null;
  state_at: Date | null;
  received_count: Generated<string | number>;
  skipped_count: Generated<string | number>;
  updated_at: Date;
}

export interface EmailChannelThreadsTable {
  conversation_id: string;
  channel_id: string;
  token: string;
  address: string;
  subject: string;
  created_at: Date;
}

export interface EmailChannelMessagesTable {
  /** The order mails of a thread were recorded in (timestamps can tie). */
  seq: Generated<string | number>;
  channel_id: string;
  message_id: string;
  conversation_id: string;
  direction: 'in' | 'out';
  parley_message_id: string | null;
  original_text: string | null;
  created_at: Date;
}

export interface EmailChannelSendersTable {
  channel_id: string;
  address: string;
  window_start: Date;
  count: number;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    email_channel_accounts: EmailChannelAccountsTable;
    email_channel_threads: EmailChannelThreadsTable;
    email_channel_messages: EmailChannelMessagesTable;
    email_channel_senders: EmailChannelSendersTable;
  }
}
