import type { CallDetails, CallKind, CallOutcome, CallView } from '@parley/shared';
import { sql, type Selectable } from 'kysely';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { DomainError, fail } from '../../kernel/errors.js';
import type { StaffActor, VisitorActor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { PhoneContacts, VisitorsService } from '../contacts/index.js';
import type { ConversationsService } from '../conversations/index.js';
import type { MessagesModule } from '../messages/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersService } from '../users/index.js';
import type { CallsTable } from './calls.tables.js';
import './calls.tables.js';
import { joinUrl, newRoomName } from './jitsi.js';
import { callScope, presentCalls } from './presenters.js';

export type CallRow = Selectable<CallsTable>;

export interface CallsDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  settings: SettingsService;
  users: UsersService;
  conversations: ConversationsService;
  messages: MessagesModule;
  visitors: VisitorsService;
  phones: PhoneContacts;
}

/** Admins, managers and monitors see every call; agents their own (issue 17 item 6). */
export const seesAllCalls = (actor: StaffActor) =>
  actor.roles.some((r) => r === 'admin' || r === 'manager' || r === 'monitor');

/** Who may act on a call (join, end, wrap up): its agent, an admin or a manager (monitors only read). */
const mayAct = (actor: StaffActor, row: CallRow) =>
  row.agent_id === actor.userId || actor.roles.some((r) => r === 'admin' || r === 'manager');

/**
 * Call links in conversations (issue 17 items 1-2): an agent starts a video or audio call, Parley makes an
 * unguessable room at the configured Jitsi and posts a call card; the visitor joins or declines, the agent
 * ends it and writes the wrap-up notes. Every change to a call updates its card (`message.updated`).
 */
export class CallsService {
  constructor(private readonly d: CallsDeps) {
    d.settings.declareEnforced('calls.provider', 'calls.jitsi.baseUrl', 'calls.jitsi.appId', 'calls.jitsi.appSecret');
  }
  /** Contacts merged (contacts' merge): the other's calls become the survivor's, one statement. */
  async moveContact(fromContactId: string, toContactId: string): Promise<number> {
    const r = await this.d.db.q
      .updateTable('calls')
      .set({ contact_id: toContactId })
      .where('contact_id', '=', fromContactId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** A contact's calls as stored (contacts' GDPR export). */
  async ofContact(contactId: string) {
    return this.d.db.q
      .selectFrom('calls')
      .selectAll()
      .where('contact_id', '=', contactId)
      .orderBy('started_at')
      .execute();
  }

  /**
   * A contact's erasure (contacts' GDPR), in the caller's transaction: the numbers and the recording link
   * go, wrap-up notes lose `pattern` (the person's names, emails and phones). Returns how many calls.
   */
  async eraseContact(contactId: string, pattern: string | null): Promise<number> {
    const r = await this.d.db.q
      .updateTable('calls')
      .set({
        phone: null,
        from_number: null,
        to_number: null,
        recording_url: null,
        wrap_up_notes: pattern
          ? sql<string>`regexp_replace(wrap_up_notes, ${pattern}, '[erased]', 'gi')`
          : sql<string>`wrap_up_notes`,
      })
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  private assertProvider(): void {
    if (this.d.settings.get('calls.provider') !== 'jitsi') fail('call.provider-off');
    if (!this.d.settings.get('calls.jitsi.baseUrl'))
      fail('call.provider-off', 'No Jitsi base URL is set (setting calls.jitsi.baseUrl)');
  }

  async start(actor: StaffActor, conversationId: string, kind: 'video' | 'audio'): Promise<CallView> {
    this.assertProvider();
    const conv = await this.d.conversations.forStaff(actor, conversationId, 'act').catch((e: unknown) => {
      // An id the caller may not read looks like one that does not exist (no probing), as a 400 on the field.
      if (e instanceof DomainError && e.code === 'conversation.not-found')
        fail('request.invalid', 'body.conversationId: no such conversation', 'body.conversationId');
      throw e;
    });
    if (conv.status === 'closed') fail('conversation.closed');
    const { visitor, phones } = await this.d.visitors.withContact(conv.visitor_id);
    const phone = [visitor.phone, ...phones].map((p) => (p ? this.d.phones.normalise(p) : undefined)).find(Boolean);
    const now = this.d.clock.now();
    const id = uuidv7(now.getTime());
    const row = await this.d.db.tx(async (trx) => {
      await trx
        .insertInto('calls')
        .values({
          id,
          kind,
          direction: 'outbound',
          status: 'ringing',
          outcome: null,
          conversation_id: conv.id,
          message_id: null,
          contact_id: conv.contact_id,
          agent_id: actor.userId,
          room: newRoomName(),
          phone: phone ?? null,
          from_number: null,
          to_number: null,
          external_id: null,
          recording_url: null,
          started_at: now,
          answered_at: null,
          ended_at: null,
          duration_seconds: null,
          wrap_up_notes: null,
          wrap_up_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const [card] = await this.d.messages.timeline.append([
        {
          conversationId: conv.id,
          author: { type: 'agent', id: actor.userId, name: actor.name },
          kind: 'system',
          systemType: 'call',
          text: kind === 'audio' ? 'Audio call started' : 'Video call started',
          data: cardData(id, kind, 'ringing', null),
        },
      ]);
      const saved = await trx
        .updateTable('calls')
        .set({ message_id: card!.id })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      this.d.bus.emit('call.started', {
        callId: id,
        kind,
        direction: 'outbound',
        conversationId: conv.id,
        contactId: conv.contact_id,
        agentId: actor.userId,
      });
      return saved;
    });
    return (await presentCalls(this.d, [row]))[0]!;
  }

  /** A call as it is now, for what reports it outside (webhooks); in the caller's transaction. */
  async view(id: string): Promise<CallView | undefined> {
    const row = await this.d.db.q.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await presentCalls(this.d, [row]))[0] : undefined;
  }

  /** A call the actor may see (agents: their own), else not found. */
  async forStaff(actor: StaffActor, id: string): Promise<CallRow> {
    const row = await this.d.db.q.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (!seesAllCalls(actor) && row.agent_id !== actor.userId)) fail('call.not-found', undefined, 'params.id');
    return row;
  }

  async details(actor: StaffActor, id: string): Promise<CallDetails> {
    const row = await this.forStaff(actor, id);
    const previous = await callScope(this.d.db.q.selectFrom('calls').selectAll(), actor)
      .where('contact_id', '=', row.contact_id)
      .where((eb) =>
        eb.or([
          eb('started_at', '<', row.started_at),
          eb.and([eb('started_at', '=', row.started_at), eb('id', '<', row.id)]),
        ]),
      )
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const [view, prev] = await presentCalls(this.d, previous ? [row, previous] : [row]);
    return { ...view!, previousCall: prev ?? null };
  }

  /** The staff side's join link (the agent of the call, or a supervisor): a moderator in the room. */
  async joinAsStaff(actor: StaffActor, id: string): Promise<{ url: string }> {
    this.assertProvider();
    const row = await this.forStaff(actor, id);
    if (!mayAct(actor, row)) fail('auth.forbidden');
    if (!row.room) fail('call.no-link');
    if (row.status === 'ended') fail('call.ended');
    return { url: await this.link(row, { id: actor.userId, name: actor.name, moderator: true }) };
  }

  /** The visitor's join link; the first join answers the call. */
  async joinAsVisitor(actor: VisitorActor, id: string): Promise<{ url: string }> {
    this.assertProvider();
    const row = await this.forVisitor(actor, id);
    if (row.status === 'ended') fail('call.ended');
    if (row.status === 'ringing') {
      await this.d.db.tx(async (trx) => {
        const now = this.d.clock.now();
        const answered = await trx
          .updateTable('calls')
          .set({ status: 'active', answered_at: now, updated_at: now })
          .where('id', '=', row.id)
          .where('status', '=', 'ringing')
          .returningAll()
          .executeTakeFirst();
        if (answered) await this.updateCard(answered);
      });
    }
    const name = await this.d.visitors.displayName(actor.visitorId);
    return { url: await this.link(row, { id: actor.visitorId, name, moderator: false }) };
  }

  /** The visitor declines a call that is still ringing. */
  async decline(actor: VisitorActor, id: string): Promise<CallView> {
    const row = await this.forVisitor(actor, id);
    return this.finish(row.id, 'declined', ['ringing']);
  }

  /** The agent (or a supervisor) hangs up: completed when it was answered, missed when not. */
  async end(actor: StaffActor, id: string): Promise<CallView> {
    const row = await this.forStaff(actor, id);
    if (!mayAct(actor, row)) fail('auth.forbidden');
    return this.finish(row.id, row.answered_at ? 'completed' : 'missed', ['ringing', 'active']);
  }

  /** Wrap-up notes: written and edited by the call's agent, or an admin or manager. */
  async wrapUp(actor: StaffActor, id: string, notes: string): Promise<CallView> {
    const row = await this.forStaff(actor, id);
    if (!mayAct(actor, row)) fail('auth.forbidden');
    const now = this.d.clock.now();
    const text = notes.trim();
    const saved = await this.d.db.q
      .updateTable('calls')
      .set({ wrap_up_notes: text || null, wrap_up_at: text ? now : null, updated_at: now })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return (await presentCalls(this.d, [saved]))[0]!;
  }

  /** Ends every call of a closed conversation that is still going (the listener on conversation.closed). */
  async endAllOf(conversationId: string): Promise<void> {
    const going = await this.d.db.q
      .selectFrom('calls')
      .select(['id', 'answered_at'])
      .where('conversation_id', '=', conversationId)
      .where('status', '!=', 'ended')
      .execute();
    for (const c of going) await this.finish(c.id, c.answered_at ? 'completed' : 'missed', ['ringing', 'active']);
  }

  /** Ends a call in one transaction under its row lock, updates its card and emits `call.ended`. */
  async finish(id: string, outcome: CallOutcome, from: Array<'ringing' | 'active'>): Promise<CallView> {
    const row = await this.d.db.tx(async (trx) => {
      const locked = await trx.selectFrom('calls').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!locked) fail('call.not-found', undefined, 'params.id');
      if (!from.includes(locked.status as 'ringing' | 'active')) fail('call.ended');
      const now = this.d.clock.now();
      const ended = await trx
        .updateTable('calls')
        .set({
          status: 'ended',
          outcome,
          ended_at: now,
          duration_seconds: locked.answered_at ? seconds(locked.answered_at, now) : null,
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.updateCard(ended);
      this.emitEnded(ended);
      return ended;
    });
    return (await presentCalls(this.d, [row]))[0]!;
  }

  emitEnded(row: CallRow): void {
    this.d.bus.emit('call.ended', {
      callId: row.id,
      kind: row.kind,
      conversationId: row.conversation_id,
      contactId: row.contact_id,
      agentId: row.agent_id,
      outcome: row.outcome ?? 'completed',
      durationSeconds: row.duration_seconds,
    });
  }

  private async updateCard(row: CallRow): Promise<void> {
    if (!row.conversation_id || !row.message_id || row.kind === 'phone') return;
    await this.d.messages.messages.updateSystemData(
      row.conversation_id,
      row.message_id,
      cardData(row.id, row.kind, row.status, row.outcome),
    );
  }

  private async forVisitor(actor: VisitorActor, id: string): Promise<CallRow> {
    const row = await this.d.db.q.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
    // Only calls of the visitor's own conversations exist for them.
    const own =
      row?.conversation_id &&
      (await this.d.conversations.forVisitor(actor, row.conversation_id).then(
        () => true,
        () => false,
      ));
    if (!row || !own) fail('call.not-found', undefined, 'params.id');
    return row;
  }

  private link(row: CallRow, user: { id: string; name: string; moderator: boolean }): Promise<string> {
    return joinUrl(
      {
        baseUrl: this.d.settings.get('calls.jitsi.baseUrl'),
        appId: this.d.settings.get('calls.jitsi.appId'),
        appSecret: this.d.settings.get('calls.jitsi.appSecret'),
      },
      row.room!,
      row.kind === 'audio' ? 'audio' : 'video',
      user,
      this.d.clock.now(),
    );
  }
}

/** What a call card carries (the widget and the web app draw it from this). */
export function cardData(callId: string, kind: CallKind, status: string, outcome: string | null) {
  return { callId, kind, status, outcome };
}

export function seconds(from: Date, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
}
