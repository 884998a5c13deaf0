import type { MessageView, SystemMessageType } from '@parley/shared';
import { sql } from 'kysely';
import { fail } from '../../kernel/errors.js';
import type { StaffActor, UploadedFile, VisitorActor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { VisitorsService } from '../contacts/index.js';
import type { SettingsService } from '../settings/index.js';
import { toMessageView, toVisitorMessage, visitorPresentation, type MessageRow } from './presenters.js';
import { systemText } from './system-text.js';
import type { Appended, ConversationCounters, Timeline } from './timeline.js';
import type { UploadsService } from './uploads.service.js';

/** What sending, editing and reading messages needs. */
export interface MessagesDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  settings: SettingsService;
  visitors: VisitorsService;
  timeline: Timeline;
  counters: ConversationCounters;
}

export interface HistoryQuery {
  /** Messages created after this sequence number, oldest first. */
  after?: number;
  /** Messages created before this sequence number: the page just before it, oldest first. */
  before?: number;
  /** Messages created OR changed after this sequence number (resume), in change order. */
  changedSince?: number;
  limit: number;
}

type Author = { kind: 'visitor'; actor: VisitorActor; name: string | null } | { kind: 'agent'; actor: StaffActor };

/** Sending, editing, deleting and reading messages. */
export class MessagesService {
  constructor(
    private readonly d: MessagesDeps,
    private readonly uploads: UploadsService,
  ) {
    d.settings.declareEnforced('livechat.messageLimit.enabled', 'livechat.messageLimit.max');
    // Chat messages skip the outbox: after commit they are only pushed to sockets (clients resume by
    // sequence number); their exactly-once consequences listen in the transaction.
    d.bus.withoutOutbox('message.created', 'message.updated');
  }

  checkVisitorText(text: string): void {
    if (text.trim().length === 0) fail('message.empty', undefined, 'body.text');
    const max = this.d.settings.get('livechat.messageLimit.max');
    if (this.d.settings.get('livechat.messageLimit.enabled') && max > 0 && [...text].length > max) {
      fail('message.too-long', `Messages may have at most ${max} characters`, 'body.text');
    }
  }

  async sendAsVisitor(actor: VisitorActor, conversationId: string, text: string, clientId?: string): Promise<Appended> {
    this.checkVisitorText(text);
    const name = await this.d.visitors.displayName(actor.visitorId);
    return this.d.timeline.send(
      {
        conversationId,
        clientId: clientId ?? null,
        author: { type: 'visitor', id: actor.visitorId, name },
        kind: 'text',
        text,
      },
      { visitorId: actor.visitorId },
    );
  }

  async sendAsAgent(actor: StaffActor, conversationId: string, text: string, clientId?: string): Promise<Appended> {
    if (text.trim().length === 0) fail('message.empty', undefined, 'body.text');
    const type = actor.roles.includes('bot') && !actor.roles.includes('agent') ? 'bot' : 'agent';
    return this.d.timeline.send(
      {
        conversationId,
        clientId: clientId ?? null,
        author: { type, id: actor.userId, name: actor.name },
        kind: 'text',
        text,
      },
      { agentId: actor.userId },
    );
  }

  /**
   * A file message. With a client id a retried upload is stored once: a repeat is answered with the
   * first message (and its bytes are not kept).
   */
  async sendFile(
    author: Author,
    conversationId: string,
    file: UploadedFile | undefined,
    caption: string,
    clientId?: string,
  ): Promise<Appended> {
    const check = author.kind === 'visitor' ? { visitorId: author.actor.visitorId } : { agentId: author.actor.userId };
    if (clientId) {
      const earlier = await this.d.db.q
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      if (earlier) {
        file?.stream.resume();
        return { message: toMessageView(earlier), duplicate: true };
      }
    }
    const stored = await this.uploads.store(
      conversationId,
      { type: author.kind, id: author.kind === 'visitor' ? author.actor.visitorId : author.actor.userId },
      file,
    );
    const who =
      author.kind === 'visitor'
        ? { type: 'visitor' as const, id: author.actor.visitorId, name: author.name }
        : { type: 'agent' as const, id: author.actor.userId, name: author.actor.name };
    const sent = await this.d.timeline.send(
      {
        conversationId,
        clientId: clientId ?? null,
        author: who,
        kind: 'file',
        text: caption.slice(0, 2000),
        attachment: stored,
      },
      check,
    );
    // Two copies raced: the first one won; this file is not referenced by any message.
    if (sent.duplicate) await this.uploads.remove(stored.id);
    return sent;
  }

  /** Edit or delete (by its author only). The old text goes to the edit history staff can read. */
  async change(
    by: { type: 'visitor' | 'agent'; id: string },
    conversationId: string,
    messageId: string,
    change: { text: string } | { delete: true },
  ): Promise<MessageView> {
    if ('text' in change) {
      if (by.type === 'visitor') this.checkVisitorText(change.text);
      else if (change.text.trim() === '') fail('message.empty', undefined, 'body.text');
    }
    return this.d.db.tx(async (trx) => {
      const conv = await this.d.counters.bump(conversationId);
      if (!conv) fail('conversation.not-found', undefined, 'params.id');
      if (conv.status === 'closed') fail('conversation.closed');
      const m = await trx
        .selectFrom('messages')
        .selectAll()
        .where('id', '=', messageId)
        .where('conversation_id', '=', conversationId)
        .forUpdate()
        .executeTakeFirst();
      // A visitor does not learn that a note exists.
      if (!m || m.deleted_at || (by.type === 'visitor' && m.kind === 'note'))
        fail('message.not-found', undefined, 'params.messageId');
      const mine =
        m.author_id === by.id && (by.type === 'visitor' ? m.author_type === 'visitor' : m.author_type !== 'visitor');
      if (!mine || m.kind === 'system') fail('message.not-author');
      const now = this.d.clock.now();
      await trx
        .insertInto('message_edits')
        .values({
          id: uuidv7(),
          message_id: m.id,
          previous_text: m.text,
          action: 'text' in change ? 'edited' : 'deleted',
          by_type: by.type,
          by_id: by.id,
          at: now,
        })
        .execute();
      const row = await trx
        .updateTable('messages')
        .set({
          updated_seq: conv.last_seq,
          ...('text' in change ? { text: change.text, edited_at: now } : { deleted_at: now }),
        })
        .where('id', '=', m.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      // A deleted note takes its mentions (and their excerpts) with it.
      if (m.kind === 'note' && 'delete' in change)
        await trx.deleteFrom('mentions').where('message_id', '=', m.id).execute();
      const view = toMessageView(row);
      this.d.bus.emit('message.updated', { message: view, visitorId: conv.visitor_id, agentId: conv.agent_id });
      return view;
    });
  }

  /**
   * Changes the data of a system message (a call card's status, issue 17), in the caller's transaction: a
   * new sequence number and `message.updated`, so both sides see it live and on resume. Closed
   * conversations too (the card of a call that ends after the chat closed). Undefined: no such message.
   */
  async updateSystemData(
    conversationId: string,
    messageId: string,
    data: Record<string, unknown>,
  ): Promise<MessageView | undefined> {
    return this.d.db.tx(async (trx) => {
      const conv = await this.d.counters.bump(conversationId);
      if (!conv) return undefined;
      const m = await trx
        .selectFrom('messages')
        .select('system_type')
        .where('id', '=', messageId)
        .where('conversation_id', '=', conversationId)
        .where('kind', '=', 'system')
        .executeTakeFirst();
      if (!m?.system_type) return undefined;
      const row = await trx
        .updateTable('messages')
        .set({
          updated_seq: conv.last_seq,
          data: JSON.stringify(data),
          // the stored (staff) text follows the data, as it was built from it
          text: systemText(m.system_type as SystemMessageType, data, true),
        })
        .where('id', '=', messageId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = toMessageView(row);
      this.d.bus.emit('message.updated', { message: view, visitorId: conv.visitor_id, agentId: conv.agent_id });
      return view;
    });
  }

  async history(conversationId: string, q: HistoryQuery, o: { withoutNotes?: boolean } = {}): Promise<MessageRow[]> {
    let query = this.d.db.q.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId);
    if (o.withoutNotes) query = query.where('kind', '!=', 'note');
    if (q.changedSince !== undefined) {
      return query.where('updated_seq', '>', q.changedSince).orderBy('updated_seq').limit(q.limit).execute();
    }
    if (q.after !== undefined) return query.where('seq', '>', q.after).orderBy('seq').limit(q.limit).execute();
    if (q.before !== undefined) query = query.where('seq', '<', q.before);
    const rows = await query.orderBy('seq', 'desc').limit(q.limit).execute();
    return rows.reverse();
  }

  /**
   * A contact's erasure (contacts' GDPR), in the caller's transaction: what the visitor wrote is replaced,
   * files become "[file erased]", the rest (staff messages, notes, their edits and mention excerpts, system
   * messages' data) loses `pattern` (the person's names, emails and phones, case-insensitive); navigation
   * messages lose their pages.
   */
  async eraseVisitorContent(conversationIds: string[], pattern: string | null): Promise<void> {
    if (conversationIds.length === 0) return;
    const q = this.d.db.q;
    const ids = conversationIds;
    const scrub = (col: 'text' | 'previous_text' | 'excerpt') =>
      pattern
        ? sql<string>`regexp_replace(${sql.ref(col)}, ${pattern}, '[erased]', 'gi')`
        : sql<string>`${sql.ref(col)}`;
    await q
      .deleteFrom('message_edits')
      .where('message_id', 'in', (eb) =>
        eb
          .selectFrom('messages')
          .select('id')
          .where('conversation_id', 'in', ids)
          .where((w) => w.or([w('author_type', '=', 'visitor'), w('kind', '=', 'file')])),
      )
      .execute();
    await q
      .updateTable('messages')
      .set({ text: '[erased]', author_name: null, data: sql`null` })
      .where('conversation_id', 'in', ids)
      .where('author_type', '=', 'visitor')
      .where('kind', '!=', 'file')
      .execute();
    await q
      .updateTable('messages')
      .set({ text: '[file erased]', attachment: sql`null` })
      .where('conversation_id', 'in', ids)
      .where('kind', '=', 'file')
      .execute();
    await q
      .updateTable('messages')
      .set({ author_name: null })
      .where('conversation_id', 'in', ids)
      .where('author_type', '=', 'visitor')
      .execute();
    if (pattern) {
      await q
        .updateTable('messages')
        .set({ text: scrub('text') })
        .where('conversation_id', 'in', ids)
        .where('author_type', '!=', 'visitor')
        .where(sql<boolean>`text ~* ${pattern}`)
        .execute();
      await q
        .updateTable('message_edits')
        .set({ previous_text: scrub('previous_text') })
        .where('message_id', 'in', (eb) => eb.selectFrom('messages').select('id').where('conversation_id', 'in', ids))
        .execute();
      await q
        .updateTable('mentions')
        .set({ excerpt: scrub('excerpt') })
        .where('conversation_id', 'in', ids)
        .execute();
    }
    // System messages' data (a verified email, a page's address): each string value cleaned in JSON, not
    // as text, so no key or quote is touched.
    const js = pattern ? new RegExp(pattern, 'gi') : null;
    const systemRows = await q
      .selectFrom('messages')
      .select(['id', 'system_type', 'data'])
      .where('conversation_id', 'in', ids)
      .where('kind', '=', 'system')
      .where('data', 'is not', null)
      .execute();
    const changed: { id: string; data: string }[] = [];
    for (const r of systemRows) {
      const before = JSON.stringify(r.data);
      const after = JSON.stringify(
        scrubJson(r.data, (v) => (r.system_type === 'navigation' ? '[erased]' : js ? v.replace(js, '[erased]') : v)),
      );
      if (after !== before) changed.push({ id: r.id, data: after });
    }
    for (let i = 0; i < changed.length; i += 500) {
      const part = changed.slice(i, i + 500);
      await sql`update messages set data = v.data::jsonb
        from (select unnest(${sql.val(part.map((c) => c.id))}::uuid[]) as id, unnest(${sql.val(part.map((c) => c.data))}::text[]) as data) v
        where messages.id = v.id`.execute(q);
    }
  }

  /** The widget's history: the page is counted without notes, so the visitor's pages are full. */
  async visitorHistory(conversationId: string, q: HistoryQuery): Promise<MessageView[]> {
    return this.forVisitor(await this.history(conversationId, q, { withoutNotes: true }));
  }

  forVisitor(rows: MessageRow[]): MessageView[] {
    const p = visitorPresentation(this.d.settings);
    return rows.map((r) => toVisitorMessage(toMessageView(r), p)).filter((m): m is MessageView => m !== undefined);
  }

  /** One message as its visitor sees it (undefined for what visitors do not see). */
  visitorView(m: MessageView): MessageView | undefined {
    return toVisitorMessage(m, visitorPresentation(this.d.settings));
  }

  async edits(conversationId: string, messageId: string) {
    const m = await this.d.db.q
      .selectFrom('messages')
      .select('id')
      .where('id', '=', messageId)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    if (!m) fail('message.not-found', undefined, 'params.messageId');
    const rows = await this.d.db.q
      .selectFrom('message_edits')
      .selectAll()
      .where('message_id', '=', messageId)
      .orderBy('at')
      .execute();
    return rows.map((r) => ({
      previousText: r.previous_text,
      action: r.action,
      by: { type: r.by_type, id: r.by_id },
      at: r.at.toISOString(),
    }));
  }

  /** Who wrote the last message that is not a system message (undefined: none yet). */
  async lastAuthorType(conversationId: string): Promise<string | undefined> {
    const last = await this.d.db.q
      .selectFrom('messages')
      .select('author_type')
      .where('conversation_id', '=', conversationId)
      .where('kind', 'not in', ['system', 'note'])
      .where('deleted_at', 'is', null)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return last?.author_type;
  }

  /**
   * Deletes a conversation's whole timeline, in the caller's transaction: its mentions, messages (their
   * edit history goes with them) and uploads (the files once it commits). For deleting a conversation.
   */
  async eraseConversation(conversationId: string): Promise<{ messages: number; files: number }> {
    return this.d.db.tx(async (trx) => {
      await trx.deleteFrom('mentions').where('conversation_id', '=', conversationId).execute();
      const files = await this.uploads.removeAllOf([conversationId]);
      const r = await trx.deleteFrom('messages').where('conversation_id', '=', conversationId).executeTakeFirst();
      return { messages: Number(r.numDeletedRows), files };
    });
  }

  openFile(conversationId: string, fileId: string) {
    return this.uploads.open(conversationId, fileId);
  }
}

/** A JSON value with each string passed through `f`. */
function scrubJson(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => scrubJson(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubJson(x, f)]));
  return v;
}
