import type { ConversationStatus } from '@parley/shared';
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export interface ConversationsTable {
  id: string;
  contact_id: string;
  visitor_id: string;
  channel: string;
  visitor_username: string;
  visitor_name: string | null;
  visitor_email: string | null;
  department_id: string | null;
  status: ConversationStatus;
  agent_id: string | null;
  topic: string;
  tags: string[];
  priority_id: string | null;
  sla_id: string | null;
  custom_fields: Json<Record<string, string>>;
  requested_agent_id: string | null;
  last_seq: number;
  last_message_at: Date | null;
  last_message_preview: string | null;
  created_at: Date;
  queued_at: Date | null;
  assigned_at: Date | null;
  on_hold_at: Date | null;
  closed_at: Date | null;
  closed_by_type: 'agent' | 'visitor' | 'system' | null;
  closed_by_id: string | null;
  close_comment: string | null;
  transcript_email: string | null;
  first_visitor_message_at: Date | null;
  unanswered_since: Date | null;
  last_agent_message_at: Date | null;
  first_response_seconds: number | null;
  reaction_seconds: number | null;
  response_total_seconds: number;
  response_count: number;
  wait_seconds: number | null;
  chat_duration_seconds: number | null;
  service_duration_seconds: number | null;
}

export interface InquiriesTable {
  conversation_id: string;
  department_id: string | null;
  queued_at: Date;
  priority_weight: Generated<number>;
  sla_due_at: Date | null;
  requested_agent_id: string | null;
  /** Never given back to this agent (a timer took the chat from them). */
  excluded_agent_id: Generated<string | null>;
}

export interface ConversationTransfersTable {
  id: string;
  conversation_id: string;
  from_agent_id: string | null;
  to_agent_id: string | null;
  from_department_id: string | null;
  to_department_id: string | null;
  comment: string;
  by_type: string;
  by_id: string | null;
  forced: boolean;
  at: Date;
  /** Set when a timer moved it: 'unanswered', 'agent-offline'. */
  reason: Generated<string | null>;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    conversations: ConversationsTable;
    inquiries: InquiriesTable;
    conversation_transfers: ConversationTransfersTable;
  }
}
