import type {
  AttachmentView,
  AuthorType,
  ConversationStatus,
  MessageKind,
  MessageView,
  SystemMessageType,
} from '@parley/shared';
import { sql, type Transaction } from 'kysely';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { Database } from '../../kernel/db/schema.js';
import { DomainError } from '../../kernel/errors.js';
import { uuidv7 } from '../../kernel/ids.js';
import { preview, toMessageView, type MessageRow } from './presenters.js';
import { systemText } from './system-text.js';

export interface NewMessage {
  conversationId: string;
  clientId?: string | null;
  author: { type: AuthorType; id: string | null; name: string | null };
  kind: MessageKind;
  systemType?: SystemMessageType;
  text: string;
  attachment?: Omit<AttachmentView, 'url'> | null;
  data?: Record<string, unknown> | null;
}

/** Who may append: checked against the locked conversation row, in the writing transaction. */
export interface SendCheck {
  visitorId?: string;
  agentId?: string;
}

export interface Appended {
  message: MessageView;
  /** A retry of a send already stored (same client id): nothing new was written. */
  duplicate: boolean;
}

/**
 * What an append reads and writes of its conversation: the sequence counter and the response metrics
 * live on the conversation's row, which the conversations module owns; it gives the timeline this port.
 */
export interface AppendState {
  id: string;
  status: ConversationStatus;
  visitor_id: string;
  agent_id: string | null;
  last_seq: number;
  assigned_at: Date | null;
  unanswered_since: Date | null;
  first_visitor_message_at: Date | null;
  first_response_seconds: number | null;
  reaction_seconds: number | null;
  response_total_seconds: number;
  response_count: number;
  last_message_at: Date | null;
  last_message_preview: string | null;
  last_agent_message_at: Date | null;
}

export interface ConversationCounters {
  /** Locks the conversations (in id order, so batches never deadlock) for the transaction; their state. */
  lockForAppend(ids: string[]): Promise<AppendState[]>;
  /** Writes back the counters and metrics of the conversations appended to (one statement). */
  save(states: AppendState[]): Promise<void>;
  /** Takes the next sequence number of one conversation (an edit or a deletion); undefined: no such one. */
  bump(
    conversationId: string,
  ): Promise<Pick<AppendState, 'last_seq' | 'status' | 'visitor_id' | 'agent_id'> | undefined>;
}

type ConvState = AppendState;

/**
 * Appending to conversations' timelines: sequence numbers (one counter per conversation, on its row,
 * so appends to one conversation are serialised by the row lock), idempotent client ids, and the
 * response metrics. Chat messages go through a group-commit writer: concurrent sends, across any
 * number of conversations, share one transaction.
 */
export class Timeline {
  private pending: Array<{
    msg: NewMessage;
    check: SendCheck;
    resolve: (r: Appended) => void;
    reject: (e: unknown) => void;
  }> = [];
  private inFlight = 0;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly counters: ConversationCounters,
    private readonly opts: { maxBatch: number; maxInFlight: number },
  ) {}

  /** A chat message from a visitor or an agent. Batched with concurrent sends (group commit). */
  send(msg: NewMessage, check: SendCheck): Promise<Appended> {
    if (this.db.inTransaction) return this.appendLocked([msg], check).then((r) => unwrap(r[0]!));
    return new Promise((resolve, reject) => {
      this.pending.push({ msg, check, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.pump());
      else this.pump();
    });
  }

  /** System and lifecycle messages, inside the caller's transaction (which may already lock the row). */
  async append(msgs: NewMessage[]): Promise<MessageView[]> {
    const results = await this.db.tx(() => this.appendLocked(msgs, {}));
    return results.map((r) => unwrap(r).message);
  }

  private pump(): void {
    while (this.inFlight < this.opts.maxInFlight && this.pending.length > 0) {
      const batch = this.pending.splice(0, this.opts.maxBatch);
      this.inFlight++;
      this.db
        .tx(() =>
          this.appendLocked(
            batch.map((b) => b.msg),
            undefined,
            batch.map((b) => b.check),
          ),
        )
        .then(
          (results) => results.forEach((r, i) => (r instanceof Error ? batch[i]!.reject(r) : batch[i]!.resolve(r))),
          (err: unknown) => batch.forEach((b) => b.reject(err)),
        )
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }

  /**
   * Locks the conversations (in id order, so concurrent batches never deadlock), allocates sequence
   * numbers, writes messages and counters, and emits `message.created`. Per-message failures (closed
   * conversation, wrong sender) come back as errors without failing the others.
   */
  private async appendLocked(
    msgs: NewMessage[],
    check: SendCheck | undefined,
    checks?: SendCheck[],
  ): Promise<Array<Appended | DomainError>> {
    const trx = this.db.q as Transaction<Database>;
    const now = this.clock.now();
    const ids = [...new Set(msgs.map((m) => m.conversationId))].sort();
    const rows = await this.counters.lockForAppend(ids);
    const convs = new Map<string, ConvState>(rows.map((r) => [r.id, { ...r }]));
    const withClientId = msgs.filter((m) => m.clientId);
    const dupes = new Map<string, MessagesTableRow>();
    if (withClientId.length > 0) {
      // Exactly the (conversation, client id) pairs of this batch — not every id against every conversation.
      const existing = await sql<MessagesTableRow>`select m.* from messages m
        join unnest(${withClientId.map((m) => m.conversationId)}::uuid[], ${withClientId.map((m) => m.clientId!)}::text[]) as k(cid, client)
        on m.conversation_id = k.cid and m.client_id = k.client`.execute(trx);
      for (const e of existing.rows) dupes.set(`${e.conversation_id}:${e.client_id}`, e);
    }

    const results: Array<Appended | DomainError> = [];
    const inserts: MessagesTableRow[] = [];
    const insertedKeys = new Map<string, MessagesTableRow>();
    const touched = new Set<string>();
    const metricsChanged = new Set<string>();
    msgs.forEach((msg, i) => {
      const c = convs.get(msg.conversationId);
      const who = checks?.[i] ?? check ?? {};
      if (!c) return results.push(new DomainError('conversation.not-found'));
      const dupKey = `${msg.conversationId}:${msg.clientId}`;
      const dup = msg.clientId ? (dupes.get(dupKey) ?? insertedKeys.get(dupKey)) : undefined;
      if (dup) return results.push({ message: toMessageView(dup), duplicate: true });
      const refusal = refuse(c, msg, who);
      if (refusal) return results.push(refusal);
      c.last_seq += 1;
      const row: MessagesTableRow = {
        id: uuidv7(now.getTime()),
        conversation_id: c.id,
        seq: c.last_seq,
        updated_seq: c.last_seq,
        client_id: msg.clientId ?? null,
        author_type: msg.author.type,
        author_id: msg.author.id,
        author_name: msg.author.name,
        kind: msg.kind,
        system_type: msg.systemType ?? null,
        text: msg.kind === 'system' && msg.systemType ? systemText(msg.systemType, msg.data ?? null, true) : msg.text,
        attachment: msg.attachment ?? null,
        data: msg.data ?? null,
        created_at: now,
        edited_at: null,
        deleted_at: null,
      };
      // Views of the conversation change: metrics (at most once per exchange) and, while it waits in the
      // queue, its last message (agents watching the queue see the preview).
      if (applyMetrics(c, row, now) || (c.status === 'queued' && row.kind !== 'system' && row.kind !== 'note'))
        metricsChanged.add(c.id);
      inserts.push(row);
      if (row.client_id) insertedKeys.set(dupKey, row);
      touched.add(c.id);
      results.push({ message: toMessageView(row), duplicate: false });
    });

    if (inserts.length > 0) {
      await insertBatch(trx, inserts);
      await this.counters.save([...touched].map((id) => convs.get(id)!));
      for (const r of results) {
        if (r instanceof DomainError || r.duplicate) continue;
        const c = convs.get(r.message.conversationId)!;
        this.bus.emit('message.created', {
          message: r.message,
          visitorId: c.visitor_id,
          agentId: c.agent_id,
          conversationStatus: c.status,
        });
      }
      for (const id of metricsChanged) this.bus.emit('conversation.summary-changed', { conversationId: id });
    }
    return results;
  }
}

type MessagesTableRow = MessageRow;

function unwrap(r: Appended | DomainError): Appended {
  if (r instanceof Error) throw r;
  return r;
}

function refuse(c: ConvState, msg: NewMessage, who: SendCheck): DomainError | undefined {
  // Notes: whoever may read the conversation (checked by the caller) annotates it, in any state.
  if (msg.kind === 'system' || msg.kind === 'note') return undefined;
  if (c.status === 'closed') return new DomainError('conversation.closed');
  if (who.visitorId && c.visitor_id !== who.visitorId) return new DomainError('conversation.not-found');
  if (who.agentId && c.agent_id !== who.agentId) return new DomainError('conversation.not-assigned-to-you');
  return undefined;
}

/** Behaviour §5: response times count from when the agent could see the visitor's message. */
function applyMetrics(c: ConvState, m: MessagesTableRow, now: Date): boolean {
  // A note is not a reply (nor the conversation's last message): metrics and timers ignore it.
  if (m.kind === 'system' || m.kind === 'note') return false;
  c.last_message_at = now;
  c.last_message_preview = m.kind === 'file' ? `📎 ${m.attachment?.name ?? 'file'}` : preview(m.text);
  if (m.author_type === 'visitor') {
    c.first_visitor_message_at ??= now;
    c.unanswered_since ??= now;
    return false;
  }
  if ((m.author_type === 'agent' || m.author_type === 'bot') && c.assigned_at) {
    c.last_agent_message_at = now;
    const firstReaction = c.reaction_seconds === null;
    c.reaction_seconds ??= seconds(now, c.assigned_at);
    if (c.unanswered_since) {
      const from = c.unanswered_since > c.assigned_at ? c.unanswered_since : c.assigned_at;
      const response = seconds(now, from);
      c.first_response_seconds ??= response;
      c.response_total_seconds += response;
      c.response_count += 1;
      c.unanswered_since = null;
      return true;
    }
    return firstReaction;
  }
  return false;
}

const seconds = (a: Date, b: Date) => Math.max(0, (a.getTime() - b.getTime()) / 1000);

const col = <T>(rows: T[], f: (r: T) => unknown) => rows.map(f);

/**
 * One statement for the whole batch of messages, an insert over arrays (`unnest`), so the SQL text is the
 * same for every batch size and one round trip does it.
 */
async function insertBatch(trx: Transaction<Database>, m: MessagesTableRow[]): Promise<void> {
  await sql`insert into messages (id, conversation_id, seq, updated_seq, client_id, author_type, author_id, author_name,
      kind, system_type, text, attachment, data, created_at)
    select * from unnest(${col(m, (r) => r.id)}::uuid[], ${col(m, (r) => r.conversation_id)}::uuid[],
      ${col(m, (r) => r.seq)}::int[], ${col(m, (r) => r.updated_seq)}::int[], ${col(m, (r) => r.client_id)}::text[],
      ${col(m, (r) => r.author_type)}::text[], ${col(m, (r) => r.author_id)}::uuid[], ${col(m, (r) => r.author_name)}::text[],
      ${col(m, (r) => r.kind)}::text[], ${col(m, (r) => r.system_type)}::text[], ${col(m, (r) => r.text)}::text[],
      ${col(m, (r) => (r.attachment ? JSON.stringify(r.attachment) : null))}::jsonb[],
      ${col(m, (r) => (r.data ? JSON.stringify(r.data) : null))}::jsonb[], ${col(m, (r) => r.created_at)}::timestamptz[])`.execute(
    trx,
  );
}
