import type {
  OfflineInboxDetail,
  OfflineInboxItem,
  OfflineInboxState,
  OfflineInboxSummary,
  OfflineReplyView,
} from '@parley/shared';
import type { Selectable, SelectQueryBuilder } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { Database } from '../../kernel/db/schema.js';
import { fail } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { JobRunner } from '../../kernel/jobs.js';
import { MAIL_JOBS, mailRetryDelayMs, type Mailer } from '../../kernel/mailer.js';
import type { DepartmentsService } from '../departments/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersService } from '../users/index.js';
import type { OfflineMessageRepliesTable, OfflineMessagesTable } from './offline-messages.tables.js';
import './offline-messages.tables.js';

type Row = Selectable<OfflineMessagesTable>;
type ReplyRow = Selectable<OfflineMessageRepliesTable>;

const REPLY_ATTEMPTS = 10;
const emailRe = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const defaultInboxName = 'Offline messages';

/** The subject a reply answers: the message's first line, cut to a mail subject's length. */
export function subjectOf(message: string): string {
  // Control characters (a lone CR, tabs) become spaces: the subject goes into a mail header.
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  const controls = /[\u0000-\u001f\u007f]+/g;
  const first = message.trim().split(/\r?\n/, 1)[0]!.replace(controls, ' ').trim();
  return first.length > 78 ? `${first.slice(0, 77)}…` : first;
}

const isManager = (a: StaffActor) => a.roles.some((r) => r === 'admin' || r === 'manager');
const seesAll = (a: StaffActor) => isManager(a) || a.roles.includes('monitor');

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const itemView = (r: Row): OfflineInboxItem => ({
  id: r.id,
  name: r.name,
  email: r.email,
  subject: r.subject,
  message: r.message,
  departmentId: r.department_id,
  state: r.inbox_state!,
  claimedBy: r.claimed_by_name !== null ? { id: r.claimed_by, name: r.claimed_by_name } : null,
  claimedAt: iso(r.claimed_at),
  doneBy: r.done_by_name,
  doneAt: iso(r.done_at),
  createdAt: r.created_at.toISOString(),
});

const replyView = (r: ReplyRow): OfflineReplyView => ({
  id: r.id,
  author: { id: r.author_id, name: r.author_name },
  text: r.text,
  state: r.state,
  attempts: r.attempts,
  error: r.last_error,
  createdAt: r.created_at.toISOString(),
  sentAt: iso(r.sent_at),
});

/**
 * The offline inbox (issue 15, item 8; settings #34-#35): offline messages received while
 * `livechat.offline.toChannel.enabled` is on, worked by the agents of their department (all agents for
 * those without one; admins and managers see every item). open → claimed (one agent) → done, reopen back to
 * open. The claimant replies by email: a durable job per reply, threaded by Message-ID.
 *
 * Access follows the conversations' rule (conversations/access.ts): what the caller may not read looks like
 * it does not exist (404); what they read but may not change answers 403 or 409.
 */
export class OfflineInboxService {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly mailer: Mailer,
    private readonly settings: SettingsService,
    private readonly departments: DepartmentsService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {
    settings.declareEnforced('livechat.offline.toChannel.enabled', 'livechat.offline.toChannel.name');
    jobs.register<{ replyId: string }>({
      kind: 'offline-message.reply',
      transactional: false,
      maxAttempts: REPLY_ATTEMPTS,
      retryDelayMs: mailRetryDelayMs,
      category: MAIL_JOBS,
      run: async ({ replyId }, ctx) => this.sendReply(replyId, ctx.attempt),
    });
  }

  /** Whether a message received now goes to the inbox (the state it starts in, or null). */
  stateForNew(): 'open' | null {
    return this.settings.get('livechat.offline.toChannel.enabled') ? 'open' : null;
  }

  name(): string {
    return this.settings.get('livechat.offline.toChannel.name').trim() || defaultInboxName;
  }

  /** The departments whose items the caller sees, or 'all'. */
  private async scope(actor: StaffActor): Promise<'all' | string[]> {
    return seesAll(actor) ? 'all' : this.departments.departmentsOf(actor.userId);
  }

  private scoped<O>(
    q: SelectQueryBuilder<Database, 'offline_messages', O>,
    scope: 'all' | string[],
  ): SelectQueryBuilder<Database, 'offline_messages', O> {
    if (scope === 'all') return q;
    // An item without a department is every agent's.
    return q.where((eb) =>
      eb.or([eb('department_id', 'is', null), ...(scope.length > 0 ? [eb('department_id', 'in', scope)] : [])]),
    );
  }

  async summary(actor: StaffActor): Promise<OfflineInboxSummary> {
    const scope = await this.scope(actor);
    const q = this.db.q
      .selectFrom('offline_messages')
      .select(['inbox_state', (eb) => eb.fn.countAll<string>().as('n')])
      .where('inbox_state', 'is not', null)
      .groupBy('inbox_state');
    const rows = await this.scoped(q, scope).execute();
    const counts = { open: 0, claimed: 0, done: 0 };
    for (const r of rows) counts[r.inbox_state!] = Number(r.n);
    return { enabled: this.settings.get('livechat.offline.toChannel.enabled'), name: this.name(), counts };
  }

  async list(
    actor: StaffActor,
    o: {
      state: OfflineInboxState | 'all';
      mine?: 'true' | 'false' | undefined;
      limit: number;
      before?: string | undefined;
    },
  ): Promise<{ name: string; items: OfflineInboxItem[] }> {
    let q = this.db.q
      .selectFrom('offline_messages')
      .selectAll()
      .where('inbox_state', 'is not', null)
      .orderBy('id', 'desc')
      .limit(o.limit);
    if (o.state !== 'all') q = q.where('inbox_state', '=', o.state);
    if (o.mine === 'true') q = q.where('claimed_by', '=', actor.userId);
    if (o.before) q = q.where('id', '<', o.before);
    const rows = await this.scoped(q, await this.scope(actor)).execute();
    return { name: this.name(), items: rows.map(itemView) };
  }

  /** The item if the caller may read it (locked for update inside a transaction when `lock`). */
  private async readable(actor: StaffActor, id: string, lock = false): Promise<Row> {
    let q = this.db.q
      .selectFrom('offline_messages')
      .selectAll()
      .where('id', '=', id)
      .where('inbox_state', 'is not', null);
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) fail('offline-message.not-found', undefined, 'params.id');
    if (seesAll(actor) || row.department_id === null) return row;
    if (!(await this.departments.departmentsOf(actor.userId)).includes(row.department_id))
      fail('offline-message.not-found', undefined, 'params.id');
    return row;
  }

  async get(actor: StaffActor, id: string): Promise<OfflineInboxDetail> {
    const row = await this.readable(actor, id);
    const replies = await this.db.q
      .selectFrom('offline_message_replies')
      .selectAll()
      .where('offline_message_id', '=', id)
      .orderBy('id')
      .execute();
    return { ...itemView(row), replies: replies.map(replyView) };
  }

  private async change(
    actor: StaffActor,
    id: string,
    decide: (row: Row) => Promise<Partial<Row>> | Partial<Row>,
  ): Promise<OfflineInboxDetail> {
    await this.db.tx(async (trx) => {
      const row = await this.readable(actor, id, true);
      const set = await decide(row);
      // Nothing to change (a claimant claiming again, an open item released): answer it as it is.
      if (Object.keys(set).length > 0)
        await trx.updateTable('offline_messages').set(set).where('id', '=', id).execute();
    });
    return this.get(actor, id);
  }

  /** The caller takes the item. Claimed by someone else: 409; by the caller already: unchanged. */
  claim(actor: StaffActor, id: string): Promise<OfflineInboxDetail> {
    return this.change(actor, id, (row) => {
      if (row.inbox_state === 'done') fail('offline-message.done');
      if (row.inbox_state === 'claimed' && row.claimed_by !== actor.userId) fail('offline-message.already-claimed');
      if (row.inbox_state === 'claimed') return {};
      return {
        inbox_state: 'claimed',
        claimed_by: actor.userId,
        claimed_by_name: actor.name,
        claimed_at: this.clock.now(),
      };
    });
  }

  /** Back to open: the claimant, or an admin or manager. */
  release(actor: StaffActor, id: string): Promise<OfflineInboxDetail> {
    return this.change(actor, id, (row) => {
      if (row.inbox_state === 'done') fail('offline-message.done');
      if (row.inbox_state === 'open') return {};
      if (row.claimed_by !== actor.userId && !isManager(actor)) fail('offline-message.not-claimed-by-you');
      return { inbox_state: 'open', claimed_by: null, claimed_by_name: null, claimed_at: null };
    });
  }

  /** Admins and managers give the item to an active agent of its department (any agent without one). */
  assign(actor: StaffActor, id: string, userId: string): Promise<OfflineInboxDetail> {
    return this.change(actor, id, async (row) => {
      if (!isManager(actor)) fail('auth.forbidden');
      if (row.inbox_state === 'done') fail('offline-message.done');
      const user = await this.users.get(userId).catch(() => undefined);
      const eligible =
        user !== undefined &&
        user.active &&
        user.roles.includes('agent') &&
        (row.department_id === null || (await this.departments.departmentsOf(userId)).includes(row.department_id));
      if (!eligible) fail('offline-message.assignee-not-eligible', undefined, 'body.userId');
      return { inbox_state: 'claimed', claimed_by: user.id, claimed_by_name: user.name, claimed_at: this.clock.now() };
    });
  }

  /** Mark done: the claimant, or an admin or manager (an open item too). */
  done(actor: StaffActor, id: string): Promise<OfflineInboxDetail> {
    return this.change(actor, id, (row) => {
      if (row.inbox_state === 'done') return {};
      if (row.claimed_by !== actor.userId && !isManager(actor)) fail('offline-message.not-claimed-by-you');
      return { inbox_state: 'done', done_by_name: actor.name, done_at: this.clock.now() };
    });
  }

  /** A done item back to open, for anyone who may work on it. */
  reopen(actor: StaffActor, id: string): Promise<OfflineInboxDetail> {
    return this.change(actor, id, (row) => {
      if (row.inbox_state !== 'done') fail('offline-message.not-done');
      return {
        inbox_state: 'open',
        claimed_by: null,
        claimed_by_name: null,
        claimed_at: null,
        done_by_name: null,
        done_at: null,
      };
    });
  }

  /**
   * The claimant's email reply to the visitor: stored with the item and sent by a durable job (retried
   * on failure) queued in the same transaction.
   */
  async reply(actor: StaffActor, id: string, text: string): Promise<OfflineInboxDetail> {
    await this.db.tx(async (trx) => {
      const row = await this.readable(actor, id, true);
      if (row.inbox_state === 'done') fail('offline-message.done');
      if (row.inbox_state !== 'claimed' || row.claimed_by !== actor.userId) fail('offline-message.not-claimed-by-you');
      if (!emailRe.test(row.email)) fail('offline-message.no-reply-address');
      if (!this.mailer.configured) fail('email.not-configured');
      const replyId = uuidv7();
      await trx
        .insertInto('offline_message_replies')
        .values({
          id: replyId,
          offline_message_id: id,
          author_id: actor.userId,
          author_name: actor.name,
          text,
          message_id: `<${replyId}@${this.mailDomain()}>`,
          state: 'pending',
          attempts: 0,
          last_error: null,
          created_at: this.clock.now(),
          sent_at: null,
        })
        .execute();
      await this.jobs.enqueue('offline-message.reply', { replyId }, { idempotencyKey: `offline-reply:${replyId}` });
    });
    return this.get(actor, id);
  }

  private mailDomain(): string {
    const m = /@([^\s>]+)>?\s*$/.exec(this.mailer.sender);
    return m?.[1] ?? 'parley.invalid';
  }

  /** The job: one reply, threaded under the earlier ones of its item that did not fail. */
  private async sendReply(replyId: string, attempt: number): Promise<void> {
    const reply = await this.db.q
      .selectFrom('offline_message_replies')
      .selectAll()
      .where('id', '=', replyId)
      .executeTakeFirst();
    if (!reply || reply.state === 'sent') return;
    const item = await this.db.q
      .selectFrom('offline_messages')
      .selectAll()
      .where('id', '=', reply.offline_message_id)
      .executeTakeFirstOrThrow();
    const earlier = await this.db.q
      .selectFrom('offline_message_replies')
      .select('message_id')
      .where('offline_message_id', '=', item.id)
      .where('id', '<', replyId)
      .where('state', '!=', 'failed')
      .orderBy('id')
      .execute();
    const refs = earlier.map((r) => r.message_id);
    const dept = item.department_id ? await this.departments.find(item.department_id) : undefined;
    const replyTo = dept?.email || this.settings.get('livechat.offline.email') || undefined;
    const quoted = item.message
      .split(/\r?\n/)
      .map((l) => `> ${l}`)
      .join('\n');
    try {
      await this.mailer.send({
        to: item.email,
        subject: `Re: ${item.subject || defaultInboxName}`,
        text: `${reply.text}\n\n${item.name} wrote:\n${quoted}\n`,
        ...(replyTo ? { replyTo } : {}),
        messageId: reply.message_id,
        ...(refs.length > 0 ? { inReplyTo: refs[refs.length - 1], references: refs } : {}),
      });
    } catch (err) {
      await this.db.q
        .updateTable('offline_message_replies')
        .set({
          attempts: attempt,
          last_error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
          state: attempt >= REPLY_ATTEMPTS ? 'failed' : 'pending',
        })
        .where('id', '=', replyId)
        .execute();
      throw err;
    }
    await this.db.q
      .updateTable('offline_message_replies')
      .set({ state: 'sent', attempts: attempt, last_error: null, sent_at: this.clock.now() })
      .where('id', '=', replyId)
      .execute();
  }
}
