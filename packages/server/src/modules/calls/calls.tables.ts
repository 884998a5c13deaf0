import type { CallDirection, CallKind, CallOutcome, CallStatus } from '@parley/shared';
import type { Generated } from 'kysely';

export interface CallsTable {
  id: string;
  kind: CallKind;
  direction: CallDirection;
  status: CallStatus;
  outcome: CallOutcome | null;
  conversation_id: string | null;
  /** The call card in the conversation (messages module), when there is one. */
  message_id: string | null;
  contact_id: string;
  agent_id: string | null;
  /** The conference room's name (link calls). */
  room: string | null;
  /** The other party's number in E.164, when known. */
  phone: string | null;
  phone_digits: Generated<string>;
  from_number: string | null;
  to_number: string | null;
  external_id: string | null;
  recording_url: string | null;
  started_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  duration_seconds: number | null;
  wrap_up_notes: string | null;
  wrap_up_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    calls: CallsTable;
  }
}
