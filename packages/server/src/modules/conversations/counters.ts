import { sql } from 'kysely';
import type { Db } from '../../kernel/db/db.js';
import type { AppendState, ConversationCounters } from '../messages/index.js';

const appendColumns = [
  'id',
  'status',
  'visitor_id',
  'agent_id',
  'last_seq',
  'assigned_at',
  'unanswered_since',
  'first_visitor_message_at',
  'first_response_seconds',
  'reaction_seconds',
  'response_total_seconds',
  'response_count',
  'last_message_at',
  'last_message_preview',
  'last_agent_message_at',
] as const;

const col = <T>(rows: T[], f: (r: T) => unknown) => rows.map(f);

/**
 * The conversation side of appending to a timeline: each conversation's sequence counter and response
 * metrics are on its row (one counter per conversation, so appends to one conversation are serialised by
 * the row lock). The messages module writes messages; this writes the conversations.
 */
export class ConversationCountersRepo implements ConversationCounters {
  constructor(private readonly db: Db) {}

  lockForAppend(ids: string[]): Promise<AppendState[]> {
    return this.db.q
      .selectFrom('conversations')
      .select(appendColumns)
      .where('id', 'in', ids)
      .orderBy('id')
      .forUpdate()
      .execute();
  }

  /** One statement for any number of conversations (an update from arrays), whatever the batch size. */
  async save(c: AppendState[]): Promise<void> {
    if (c.length === 0) return;
    await sql`update conversations as c set
      last_seq = v.last_seq, last_message_at = v.last_message_at, last_message_preview = v.last_message_preview,
      first_visitor_message_at = v.first_visitor_message_at, unanswered_since = v.unanswered_since,
      last_agent_message_at = v.last_agent_message_at, first_response_seconds = v.first_response_seconds,
      reaction_seconds = v.reaction_seconds, response_total_seconds = v.response_total_seconds, response_count = v.response_count
    from unnest(${col(c, (x) => x.id)}::uuid[], ${col(c, (x) => x.last_seq)}::int[], ${col(c, (x) => x.last_message_at)}::timestamptz[],
      ${col(c, (x) => x.last_message_preview)}::text[], ${col(c, (x) => x.first_visitor_message_at)}::timestamptz[],
      ${col(c, (x) => x.unanswered_since)}::timestamptz[], ${col(c, (x) => x.last_agent_message_at)}::timestamptz[],
      ${col(c, (x) => x.first_response_seconds)}::float8[], ${col(c, (x) => x.reaction_seconds)}::float8[],
      ${col(c, (x) => x.response_total_seconds)}::float8[], ${col(c, (x) => x.response_count)}::int[])
      as v(id, last_seq, last_message_at, last_message_preview, first_visitor_message_at, unanswered_since,
        last_agent_message_at, first_response_seconds, reaction_seconds, response_total_seconds, response_count)
    where c.id = v.id`.execute(this.db.q);
  }

  bump(conversationId: string) {
    return this.db.q
      .updateTable('conversations')
      .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
      .where('id', '=', conversationId)
      .returning(['last_seq', 'status', 'visitor_id', 'agent_id'])
      .executeTakeFirst();
  }
}
