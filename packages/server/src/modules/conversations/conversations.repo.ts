import type { ConversationStatus } from '@parley/shared';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { ListScope } from './access.js';
import type { ConversationRow } from './presenters.js';
import './conversations.tables.js';

export interface ConversationFilter {
  status?: ConversationStatus[];
  agentId?: string;
  departmentId?: string;
  /** A channel's id (issue 22). */
  channel?: string;
  visitorId?: string;
  contactId?: string;
  tags?: string[];
  from?: Date;
  to?: Date;
  q?: string;
  /** With `q`: what else matches it besides the visitor's name, email and username (messages, phones). */
  qAlso?: {
    /** A condition on `conversations.id`: a message matches (the messages module's search). */
    message?: Expression<SqlBool> | undefined;
    /** Contacts with a phone number matching the digits of `q`. */
    contactIds?: string[];
  };
  /** Who is asking: everything, or an agent's reach (access.ts). */
  scope: ListScope;
  cursor?: { createdAt: Date; id: string };
  limit: number;
}

export class ConversationsRepo {
  constructor(private readonly db: Db) {}

  find(id: string): Promise<ConversationRow | undefined> {
    return this.db.q.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async get(id: string): Promise<ConversationRow> {
    return (await this.find(id)) ?? fail('conversation.not-found', undefined, 'params.id');
  }

  /** Locks the row for the rest of the transaction. */
  async lock(id: string): Promise<ConversationRow> {
    return (await this.lockIfExists(id)) ?? fail('conversation.not-found', undefined, 'params.id');
  }

  lockIfExists(id: string): Promise<ConversationRow | undefined> {
    return this.db.q.selectFrom('conversations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  activeOf(visitorId: string): Promise<ConversationRow | undefined> {
    return this.db.q
      .selectFrom('conversations')
      .selectAll()
      .where('visitor_id', '=', visitorId)
      .where('status', '!=', 'closed')
      .executeTakeFirst();
  }

  async update(id: string, set: Partial<ConversationRow>): Promise<ConversationRow> {
    const { custom_fields, ...rest } = set;
    // Nothing to set (an empty PATCH): `UPDATE … SET` with no column is not SQL; the row is unchanged.
    if (Object.values(set).every((v) => v === undefined)) return this.get(id);
    return this.db.q
      .updateTable('conversations')
      .set({ ...rest, ...(custom_fields !== undefined ? { custom_fields: JSON.stringify(custom_fields) } : {}) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async insert(row: ConversationRow): Promise<void> {
    await this.db.q
      .insertInto('conversations')
      .values({ ...row, custom_fields: JSON.stringify(row.custom_fields) })
      .execute();
  }

  /**
   * A page of the list. A text search that may match messages runs as two queries, each with every filter,
   * the access scope and the cursor, merged here: the visitor's name, email, username or phone (trigram and
   * GIN indexes) and the conversations with a matching message. As one query with the EXISTS inside an OR,
   * PostgreSQL hashed every matching message first (measured at 1M messages: 1.8 s for a word in 10 % of
   * them); alone, the EXISTS is a semi-join the planner runs either way round (newest conversations probed
   * one by one for a common word, the GIN index's matches first for a rare one).
   */
  async list(f: ConversationFilter): Promise<ConversationRow[]> {
    const message = f.q ? f.qAlso?.message : undefined;
    if (!message) return this.page(f);
    const [byVisitor, byMessage] = await Promise.all([
      this.page({ ...f, qAlso: { ...f.qAlso, message: undefined } }),
      this.page(f, message),
    ]);
    const seen = new Set<string>();
    return [...byVisitor, ...byMessage]
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, f.limit);
  }

  /** One query of the list; with `mustMatch`, that condition replaces the text search's. */
  private page(f: ConversationFilter, mustMatch?: Expression<SqlBool>): Promise<ConversationRow[]> {
    let q = this.db.q.selectFrom('conversations').selectAll();
    if (f.status?.length) q = q.where('status', 'in', f.status);
    if (f.agentId) q = q.where('agent_id', '=', f.agentId);
    if (f.departmentId) q = q.where('department_id', '=', f.departmentId);
    if (f.channel) q = q.where('channel', '=', f.channel);
    if (f.visitorId) q = q.where('visitor_id', '=', f.visitorId);
    if (f.contactId) q = q.where('contact_id', '=', f.contactId);
    if (f.tags?.length) q = q.where(sql<boolean>`tags && ${sql.val(f.tags)}::text[]`);
    if (f.from) q = q.where('created_at', '>=', f.from);
    if (f.to) q = q.where('created_at', '<', f.to);
    if (mustMatch) q = q.where(mustMatch);
    else if (f.q) {
      const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      q = q.where((eb) =>
        eb.or([
          eb(sql<string>`lower(coalesce(visitor_name, ''))`, 'like', like),
          eb(sql<string>`lower(coalesce(visitor_email, ''))`, 'like', like),
          eb(sql<string>`lower(visitor_username)`, 'like', like),
          ...(f.qAlso?.contactIds?.length ? [eb('contact_id', 'in', f.qAlso.contactIds)] : []),
        ]),
      );
    }
    const scope = f.scope;
    if (!scope.all) {
      // The SQL form of access.ts's read rule: assigned, the visible queue, the agent's departments, served.
      q = q.where((eb) =>
        eb.or([
          eb('agent_id', '=', scope.userId),
          eb.and([
            eb('status', '=', 'queued'),
            scope.wholeQueue ? sql<boolean>`true` : eb('department_id', 'is', null),
          ]),
          ...(scope.departmentIds.length ? [eb('department_id', 'in', scope.departmentIds)] : []),
          eb.exists(
            eb
              .selectFrom('conversation_transfers as t')
              .select('t.id')
              .whereRef('t.conversation_id', '=', 'conversations.id')
              .where((t) => t.or([t('t.from_agent_id', '=', scope.userId), t('t.to_agent_id', '=', scope.userId)])),
          ),
        ]),
      );
    }
    if (f.cursor) {
      const { createdAt, id } = f.cursor;
      q = q.where((eb) =>
        eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]),
      );
    }
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  }

  /** Deletes the conversation row and what only it keeps (transfers, queue entry), in the caller's transaction. */
  async delete(id: string): Promise<void> {
    await this.db.q.deleteFrom('inquiries').where('conversation_id', '=', id).execute();
    await this.db.q.deleteFrom('conversation_transfers').where('conversation_id', '=', id).execute();
    await this.db.q.deleteFrom('conversations').where('id', '=', id).execute();
  }

  async openCounts(agentIds: string[]): Promise<Map<string, number>> {
    if (agentIds.length === 0) return new Map();
    const rows = await this.db.q
      .selectFrom('conversations')
      .select(['agent_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('agent_id', 'in', agentIds)
      .where('status', '=', 'open')
      .groupBy('agent_id')
      .execute();
    return new Map(rows.map((r) => [r.agent_id!, r.n]));
  }

  /** The ids of the agent's open conversations (on-hold ones excluded), in a stable order to lock them in. */
  async openIdsOf(agentId: string): Promise<string[]> {
    const rows = await this.db.q
      .selectFrom('conversations')
      .select('id')
      .where('agent_id', '=', agentId)
      .where('status', '=', 'open')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Open conversations waiting on their visitor (an agent wrote, the visitor has not since), oldest agent
   * message first, after a keyset position. No index serves this order, on purpose (migration 0009): one
   * naming these columns would cost every message's update of the row; this reads the open rows.
   */
  async awaitingVisitor(after: { at: Date; id: string } | undefined, limit: number) {
    let q = this.db.q
      .selectFrom('conversations')
      .select(['id', 'last_agent_message_at'])
      .where('status', '=', 'open')
      .where('unanswered_since', 'is', null)
      .where('last_agent_message_at', 'is not', null);
    if (after) q = q.where(sql<boolean>`(last_agent_message_at, id) > (${after.at}, ${after.id}::uuid)`);
    const rows = await q.orderBy('last_agent_message_at').orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, lastAgentMessageAt: r.last_agent_message_at! }));
  }

  /** Has this agent ever served the conversation (assigned, or transferred from/to)? */
  async servedBy(conversationId: string, agentId: string): Promise<boolean> {
    const r = await this.db.q
      .selectFrom('conversation_transfers')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .where((eb) => eb.or([eb('from_agent_id', '=', agentId), eb('to_agent_id', '=', agentId)]))
      .executeTakeFirst();
    return r !== undefined;
  }

  // ── queue entries ──────────────────────────────────────────────────────
  async enqueue(
    conversationId: string,
    departmentId: string | null,
    queuedAt: Date,
    requestedAgentId: string | null,
    o: { priorityWeight: number; slaDueAt: Date | null },
    excludedAgentId: string | null = null,
  ): Promise<void> {
    const values = {
      department_id: departmentId,
      queued_at: queuedAt,
      requested_agent_id: requestedAgentId,
      excluded_agent_id: excludedAgentId,
      priority_weight: o.priorityWeight,
      sla_due_at: o.slaDueAt,
    };
    await this.db.q
      .insertInto('inquiries')
      .values({ conversation_id: conversationId, ...values })
      .onConflict((oc) => oc.column('conversation_id').doUpdateSet(values))
      .execute();
  }

  async dequeue(conversationId: string): Promise<void> {
    await this.db.q.deleteFrom('inquiries').where('conversation_id', '=', conversationId).execute();
  }

  /** `dequeue` for several conversations: one statement. */
  async dequeueMany(conversationIds: string[]): Promise<void> {
    if (conversationIds.length === 0) return;
    await this.db.q.deleteFrom('inquiries').where('conversation_id', 'in', conversationIds).execute();
  }

  /**
   * Locks these conversations for the rest of the transaction, in id order (a batch and the timeline's
   * appends, which also lock in id order, never deadlock). Answers those that still exist.
   */
  lockMany(ids: string[]): Promise<ConversationRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.q.selectFrom('conversations').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
  }

  /**
   * Gives queued conversations to agents in one statement: open, the agent, assigned now, the wait
   * (kept if it was already measured). Answers the updated rows.
   */
  async assignMany(
    items: Array<{ id: string; agentId: string; waitSeconds: number | null }>,
    at: Date,
  ): Promise<ConversationRow[]> {
    if (items.length === 0) return [];
    const r = await sql<ConversationRow>`update conversations c set status = 'open', agent_id = v.agent_id,
        assigned_at = ${at}, wait_seconds = coalesce(c.wait_seconds, v.wait_seconds)
      from unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.agentId)}::uuid[],
        ${items.map((i) => i.waitSeconds)}::float8[]) as v(id, agent_id, wait_seconds)
      where c.id = v.id returning c.*`.execute(this.db.q);
    return r.rows;
  }

  async queued(opts: { departmentIds?: string[]; limit: number }) {
    let q = this.db.q
      .selectFrom('inquiries')
      .innerJoin('conversations', 'conversations.id', 'inquiries.conversation_id')
      .selectAll('conversations')
      .orderBy('inquiries.queued_at')
      .orderBy('inquiries.conversation_id');
    if (opts.departmentIds) {
      const ids = opts.departmentIds;
      q = q.where((eb) =>
        eb.or([
          eb('inquiries.department_id', 'is', null),
          ...(ids.length ? [eb('inquiries.department_id', 'in', ids)] : []),
        ]),
      );
    }
    return q.limit(opts.limit).execute();
  }

  /** The queue in dispatch order (`queue.sorting`). */
  async queueEntries(sorting: 'timestamp' | 'priority' | 'sla', limit: number) {
    let q = this.db.q
      .selectFrom('inquiries')
      .innerJoin('conversations', 'conversations.id', 'inquiries.conversation_id')
      .select([
        'inquiries.conversation_id as conversationId',
        'inquiries.department_id as departmentId',
        'inquiries.queued_at as queuedAt',
        'inquiries.priority_weight as priorityWeight',
        'inquiries.sla_due_at as slaDueAt',
        'inquiries.requested_agent_id as requestedAgentId',
        'inquiries.excluded_agent_id as excludedAgentId',
        'conversations.visitor_id as visitorId',
      ]);
    if (sorting === 'priority') q = q.orderBy('inquiries.priority_weight');
    if (sorting === 'sla') q = q.orderBy(sql`inquiries.sla_due_at asc nulls last`);
    return q.orderBy('inquiries.queued_at').orderBy('inquiries.conversation_id').limit(limit).execute();
  }

  async setQueueOrdering(conversationId: string, o: { priorityWeight: number; slaDueAt: Date | null }): Promise<void> {
    await this.db.q
      .updateTable('inquiries')
      .set({ priority_weight: o.priorityWeight, sla_due_at: o.slaDueAt })
      .where('conversation_id', '=', conversationId)
      .execute();
  }

  /** Average service time (assignment → close) of the most recent closed conversations, in seconds. */
  /** The median first-response time of the last `recent` closed chats that had one. */
  async medianFirstResponseSeconds(recent: number): Promise<number | null> {
    const r = await sql<{ median: number | null }>`select percentile_cont(0.5) within group
        (order by first_response_seconds)::float8 as median from (
        select first_response_seconds from conversations
        where status = 'closed' and first_response_seconds is not null
        order by closed_at desc limit ${recent}) recent`.execute(this.db.q);
    return r.rows[0]?.median ?? null;
  }

  async averageHandlingSeconds(recent: number): Promise<number | null> {
    const r = await sql<{ avg: number | null }>`select avg(service_duration_seconds)::float8 as avg from (
        select service_duration_seconds from conversations
        where status = 'closed' and service_duration_seconds is not null
        order by closed_at desc limit ${recent}) recent`.execute(this.db.q);
    return r.rows[0]?.avg ?? null;
  }

  // ── transfers ──────────────────────────────────────────────────────────
  async addTransfer(t: {
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
    reason?: string | null;
  }): Promise<void> {
    await this.db.q.insertInto('conversation_transfers').values(t).execute();
  }

  /** Whether a timer already moved this conversation for `reason` (the auto-transfer acts once). */
  async movedFor(conversationId: string, reason: string): Promise<boolean> {
    const r = await this.db.q
      .selectFrom('conversation_transfers')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .where('reason', '=', reason)
      .executeTakeFirst();
    return Boolean(r);
  }

  transfers(conversationId: string) {
    return this.db.q
      .selectFrom('conversation_transfers')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('at')
      .execute();
  }

  /** Visitor renamed: refresh the copies used by lists and search. */
  async refreshVisitor(
    visitorId: string,
    v: { name: string | null; email: string | null; username: string },
  ): Promise<void> {
    await this.db.q
      .updateTable('conversations')
      .set({ visitor_name: v.name, visitor_email: v.email, visitor_username: v.username })
      .where('visitor_id', '=', visitorId)
      .execute();
  }
}
