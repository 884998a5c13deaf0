import type { AttachmentView, AuthorType, MessageKind } from '@parley/shared';
import type { ColumnType } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export interface MessagesTable {
  id: string;
  conversation_id: string;
  seq: number;
  updated_seq: number;
  client_id: string | null;
  author_type: AuthorType;
  author_id: string | null;
  author_name: string | null;
  kind: MessageKind;
  system_type: string | null;
  text: string;
  attachment: Json<Omit<AttachmentView, 'url'> | null>;
  data: Json<Record<string, unknown> | null>;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
}

export interface MessageEditsTable {
  id: string;
  message_id: string;
  previous_text: string;
  action: 'edited' | 'deleted';
  by_type: string;
  by_id: string | null;
  at: Date;
}

export interface UploadsTable {
  id: string;
  conversation_id: string;
  uploader_type: string;
  uploader_id: string | null;
  filename: string;
  content_type: string;
  size: number;
  storage_key: string;
  created_at: Date;
}

/** A colleague mentioned in a note (who may read the conversation): their notification. */
export interface MentionsTable {
  id: string;
  message_id: string;
  conversation_id: string;
  user_id: string;
  by_id: string;
  by_name: string;
  excerpt: string;
  created_at: Date;
  read_at: Date | null;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    messages: MessagesTable;
    message_edits: MessageEditsTable;
    uploads: UploadsTable;
    mentions: MentionsTable;
  }
}
