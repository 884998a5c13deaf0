import type { Mentionable, MentionList, MentionView } from '@parley/shared';
import type { Selectable } from 'kysely';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { MentionsTable } from './messages.tables.js';
import { preview } from './presenters.js';
import type { Appended, Timeline } from './timeline.js';

/**
 * Who may read a conversation: the conversations module's rule (access.ts), given by compose.ts. Notes
 * are written by whoever may read, and only colleagues who may read it are notified when mentioned.
 */
export interface NoteAccess {
  /** Throws (conversation.not-found) unless the actor may read the conversation. */
  assertMayRead(actor: StaffActor, conversationId: string): Promise<void>;
  /**
   * Of these usernames (lower case; undefined: of everyone), the active staff members who may read the
   * conversation.
   */
  readers(conversationId: string, usernames?: string[]): Promise<Array<{ id: string; username: string; name: string }>>;
}

/** At most this many colleagues are notified by one note. */
const MAX_MENTIONS = 20;

/**
 * `@username` at the start or after a character that cannot be part of an address (so `a@b.com` mentions
 * nobody); a trailing dot is punctuation. Lower case, each once, in order.
 */
export function mentionedUsernames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/(?<![\w.@-])@([a-z0-9._-]{1,64})/gi)) {
    const name = m[1]!.replace(/\.+$/, '').toLowerCase();
    if (name) names.add(name);
    if (names.size >= MAX_MENTIONS) break;
  }
  return [...names];
}

type MentionRow = Selectable<MentionsTable>;

function toMentionView(r: MentionRow): MentionView {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    messageId: r.message_id,
    by: { id: r.by_id, name: r.by_name },
    excerpt: r.excerpt,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at?.toISOString() ?? null,
  };
}

/**
 * Internal notes (messages of kind `note`: staff read them in the timeline, the visitor never does — the
 * visitor presenter drops them) and the mentions they make: a stored notification per colleague who may
 * read the conversation, announced live (`mention.created`) and kept until read.
 */
export class NotesService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly timeline: Timeline,
    private readonly access: NoteAccess,
  ) {}

  /**
   * A note by a staff member who may read the conversation, in any state (it neither reopens nor answers
   * it). Mentioning someone who may not read the conversation (or no such user) stores the note and
   * notifies nobody: the answer lists who was notified.
   */
  async send(
    actor: StaffActor,
    conversationId: string,
    text: string,
    clientId?: string,
  ): Promise<Appended & { mentioned: string[] }> {
    if (text.trim().length === 0) fail('message.empty', undefined, 'body.text');
    await this.access.assertMayRead(actor, conversationId);
    const names = mentionedUsernames(text);
    const readers =
      names.length > 0 ? (await this.access.readers(conversationId, names)).filter((r) => r.id !== actor.userId) : [];
    const type = actor.roles.includes('bot') && !actor.roles.includes('agent') ? 'bot' : 'agent';
    return this.db.tx(async () => {
      const sent = await this.timeline.send(
        {
          conversationId,
          clientId: clientId ?? null,
          author: { type, id: actor.userId, name: actor.name },
          kind: 'note',
          text,
        },
        {},
      );
      // A retried note (same client id) notified its colleagues the first time.
      if (sent.duplicate || readers.length === 0) return { ...sent, mentioned: [] };
      const now = this.clock.now();
      const rows: MentionRow[] = readers.map((r) => ({
        id: uuidv7(now.getTime()),
        message_id: sent.message.id,
        conversation_id: conversationId,
        user_id: r.id,
        by_id: actor.userId,
        by_name: actor.name,
        excerpt: preview(text),
        created_at: now,
        read_at: null,
      }));
      await this.db.q.insertInto('mentions').values(rows).execute();
      for (const r of rows) this.bus.emit('mention.created', { mention: toMentionView(r), userId: r.user_id });
      return { ...sent, mentioned: readers.map((r) => r.username) };
    });
  }

  /** Colleagues the actor may mention here (who may read the conversation), for the composer's picker. */
  async mentionable(actor: StaffActor, conversationId: string): Promise<Mentionable> {
    await this.access.assertMayRead(actor, conversationId);
    const all = await this.access.readers(conversationId);
    return {
      items: all
        .filter((r) => r.id !== actor.userId)
        .map((r) => ({ id: r.id, username: r.username, name: r.name }))
        .sort((a, b) => a.username.localeCompare(b.username)),
    };
  }

  /** The user's mentions, newest first, and how many are unread. */
  async list(userId: string, q: { unread?: boolean | undefined; limit: number }): Promise<MentionList> {
    let query = this.db.q.selectFrom('mentions').selectAll().where('user_id', '=', userId);
    if (q.unread) query = query.where('read_at', 'is', null);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
    const { n } = await this.db.q
      .selectFrom('mentions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return { items: rows.map(toMentionView), unread: Number(n) };
  }

  /** Marks one of the user's mentions read (again: unchanged). */
  async markRead(userId: string, id: string): Promise<MentionView> {
    const now = this.clock.now();
    const row =
      (await this.db.q
        .updateTable('mentions')
        .set({ read_at: now })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .returningAll()
        .executeTakeFirst()) ??
      (await this.db.q
        .selectFrom('mentions')
        .selectAll()
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst());
    if (!row) fail('mention.not-found', undefined, 'params.id');
    return toMentionView(row);
  }

  /** Marks every mention of the user in this conversation (or all of them) read: opening it reads them. */
  async markAllRead(userId: string, conversationId?: string): Promise<{ marked: number }> {
    let q = this.db.q
      .updateTable('mentions')
      .set({ read_at: this.clock.now() })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null);
    if (conversationId) q = q.where('conversation_id', '=', conversationId);
    const r = await q.executeTakeFirst();
    return { marked: Number(r.numUpdatedRows) };
  }
}
