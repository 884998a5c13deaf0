import { sql } from 'kysely';
import type { ConversationListItem, ConversationView } from '@parley/shared';
import { DomainError, fail, isUniqueViolation } from '../../kernel/errors.js';
import type { StaffActor, VisitorActor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import { hasSearchableWords } from '../messages/index.js';
import { assertStaffMay, assertVisitorOwns, listScope, mayWatchQueued, type StaffAction } from './access.js';
import type { ConversationFilter } from './conversations.repo.js';
import { accessFacts, emitChanged, enqueue, viewOf, viewsOf, type ConversationDeps } from './deps.js';
import type { ConversationRow } from './presenters.js';

export interface StartInput {
  departmentId?: string;
  /** A specific agent the visitor asked for (routing tries them first). */
  agentId?: string;
  /**
   * Brought in by a channel other than the widget (email, API; the channels module): no consent form was
   * shown there, and a message cannot be turned away to an offline form, so it waits in the queue when
   * nobody can take it now.
   */
  fromChannel?: boolean;
}

/**
 * Starting conversations, reading them, and editing their room information. State changes live in
 * LifecycleService; the timeline in MessagesService.
 */
export class ConversationsService {
  constructor(private readonly d: ConversationDeps) {
    d.settings.declareEnforced('omnichannel.enabled', 'general.requireCloseComment', 'livechat.showAgentInfo');
    d.settings.declareEnforced('livechat.showAgentEmail', 'livechat.hideSystemMessages', 'livechat.finished.message');
    d.settings.declareEnforced('sessions.onHold.allowManual', 'sessions.onHold.onlyAfterAgentEngagement');
    d.settings.declareEnforced('livechat.typingPreview');
    d.settings.declareEnforced('livechat.allowSwitchDepartments', 'livechat.navigation.asMessage');
    // Snapshots for realtime views only; what must happen once listens to the semantic events.
    d.bus.withoutOutbox('conversation.changed', 'conversation.summary-changed');
  }

  /**
   * Starts the visitor's conversation, or returns the one already active (at most one per channel
   * identity, enforced by a unique index: a concurrent double start gets the same conversation).
   */
  async start(actor: VisitorActor, input: StartInput): Promise<{ conversation: ConversationRow; created: boolean }> {
    if (!this.d.settings.get('omnichannel.enabled')) fail('omnichannel.disabled');
    const visitor = await this.d.visitors.get(actor.visitorId);
    if (visitor.blocked) fail('contact.blocked');
    if (!input.fromChannel && this.d.settings.get('gdpr.forceConsent') && !visitor.consent_at)
      fail('consent.required', undefined, 'body.consent');
    const existing = await this.d.repo.activeOf(visitor.id);
    if (existing) return { conversation: existing, created: false };
    const asked = input.departmentId ?? visitor.department_id;
    if (asked)
      await this.d.departments.usable(asked, input.departmentId ? 'body.departmentId' : 'visitor.departmentId');
    const departmentId = input.fromChannel
      ? await this.d.routing.startDepartment(asked).catch((err: unknown) => {
          if (err instanceof DomainError && err.code === 'conversation.no-agent-online') return asked ?? null;
          throw err;
        })
      : await this.d.routing.startDepartment(asked);
    const now = this.d.clock.now();
    try {
      const row = await this.d.db.tx(async () => {
        const c: ConversationRow = {
          id: uuidv7(now.getTime()),
          contact_id: visitor.contact_id,
          visitor_id: visitor.id,
          channel: visitor.channel,
          visitor_username: visitor.username,
          visitor_name: visitor.name,
          visitor_email: visitor.email,
          department_id: departmentId,
          status: 'queued',
          agent_id: null,
          topic: '',
          tags: [],
          priority_id: null,
          sla_id: null,
          custom_fields: {},
          requested_agent_id: input.agentId ?? null,
          last_seq: 0,
          last_message_at: null,
          last_message_preview: null,
          created_at: now,
          queued_at: now,
          assigned_at: null,
          on_hold_at: null,
          closed_at: null,
          closed_by_type: null,
          closed_by_id: null,
          close_comment: null,
          transcript_email: null,
          first_visitor_message_at: null,
          unanswered_since: null,
          last_agent_message_at: null,
          first_response_seconds: null,
          reaction_seconds: null,
          response_total_seconds: 0,
          response_count: 0,
          wait_seconds: null,
          chat_duration_seconds: null,
          service_duration_seconds: null,
        };
        await this.d.repo.insert(c);
        await enqueue(this.d, c, departmentId, now);
        await this.d.timeline.append([
          {
            conversationId: c.id,
            author: { type: 'system', id: null, name: null },
            kind: 'system',
            systemType: 'conversation-started',
            text: '',
          },
        ]);
        this.d.bus.emit('conversation.started', { conversationId: c.id, visitorId: visitor.id, departmentId });
        this.d.bus.emit('conversation.queued', { conversationId: c.id, departmentId });
        const fresh = await this.d.repo.get(c.id);
        await emitChanged(this.d, fresh, null);
        return fresh;
      });
      return { conversation: row, created: true };
    } catch (err) {
      if (!isUniqueViolation(err, 'conversations_one_active')) throw err;
      const winner = await this.d.repo.activeOf(visitor.id);
      if (!winner) throw err;
      return { conversation: winner, created: false };
    }
  }

  /** Tells whoever follows the conversation now that someone is (not) typing; nothing is stored. */
  announceTyping(
    conversationId: string,
    author: { type: 'visitor' | 'agent'; id: string; name: string | null },
    typing: boolean,
  ): void {
    this.d.bus.emitEphemeral('typing', { conversationId, author, typing });
  }

  /**
   * `livechat.typingPreview`: the visitor's draft goes to the staff following the conversation, as it is
   * written; nothing is stored. Off (the default), a draft is dropped here, whatever a client sends.
   */
  previewTyping(conversationId: string, text: string): void {
    if (!this.d.settings.get('livechat.typingPreview')) return;
    this.d.bus.emitEphemeral('typing.preview', { conversationId, text });
  }

  /** A page view during the conversation becomes a navigation message (`livechat.navigation.asMessage`). */
  async pageViewed(conversationId: string, url: string, title: string): Promise<void> {
    if (!this.d.settings.get('livechat.navigation.asMessage')) return;
    await this.d.timeline.append([
      {
        conversationId,
        author: { type: 'system', id: null, name: null },
        kind: 'system',
        systemType: 'navigation',
        text: '',
        data: { url, title },
      },
    ]);
  }

  /** The visitor's channel joined another contact (contacts' verification): its conversations follow it. */
  async moveVisitorToContact(visitorId: string, contactId: string): Promise<void> {
    await this.d.db.q
      .updateTable('conversations')
      .set({ contact_id: contactId })
      .where('visitor_id', '=', visitorId)
      .execute();
  }

  /** Contacts merged (contacts' merge): every conversation of one re-pointed to the other, one statement. */
  async moveContact(fromContactId: string, toContactId: string): Promise<number> {
    const r = await this.d.db.q
      .updateTable('conversations')
      .set({ contact_id: toContactId })
      .where('contact_id', '=', fromContactId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** A contact's conversations as stored, oldest first after `afterId` (contacts' GDPR export). */
  async exportPage(contactId: string, afterId: string | null, limit: number) {
    let q = this.d.db.q.selectFrom('conversations').selectAll().where('contact_id', '=', contactId);
    if (afterId) q = q.where('id', '>', afterId);
    return q.orderBy('id').limit(limit).execute();
  }

  /**
   * A contact's erasure (contacts' GDPR): in the caller's transaction, the copies of the visitor's name and
   * email, the transcript address and the conversations' custom fields go; texts written by staff (topic,
   * close comment) lose `pattern` (the person's values). Returns the conversations' ids.
   */
  async eraseContact(contactId: string, pattern: string | null): Promise<string[]> {
    const clean = (col: 'topic' | 'close_comment') =>
      pattern
        ? sql<string>`regexp_replace(${sql.ref(col)}, ${pattern}, '[erased]', 'gi')`
        : sql<string>`${sql.ref(col)}`;
    const rows = await this.d.db.q
      .updateTable('conversations')
      .set({
        visitor_name: null,
        visitor_email: null,
        transcript_email: null,
        custom_fields: '{}',
        topic: clean('topic'),
        close_comment: clean('close_comment'),
        // it may be the visitor's own words
        last_message_preview: null,
      })
      .where('contact_id', '=', contactId)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** A verification step of the visitor, as a system message of their active conversation (if any). */
  async announceVerification(
    visitorId: string,
    what: 'visitor-verified' | 'verification-requested',
    data: Record<string, string>,
  ): Promise<void> {
    const active = await this.d.repo.activeOf(visitorId);
    if (!active) return;
    await this.d.timeline.append([
      {
        conversationId: active.id,
        author: { type: 'system', id: null, name: null },
        kind: 'system',
        systemType: what,
        text: '',
        data,
      },
    ]);
  }

  /** The visitor renamed themselves: lists and search keep copies of their name and email. */
  refreshVisitor(visitorId: string, v: { name: string | null; email: string | null; username: string }) {
    return this.d.repo.refreshVisitor(visitorId, v);
  }

  /** A message changed what views show of the conversation (metrics, last message): push a snapshot. */
  async publishSnapshot(conversationId: string): Promise<void> {
    await this.d.db.tx(async () => {
      const row = await this.d.repo.find(conversationId);
      if (row) await emitChanged(this.d, row, row);
    });
  }

  async forVisitor(actor: VisitorActor, id: string): Promise<ConversationRow> {
    const c = await this.d.repo.find(id);
    assertVisitorOwns(actor, c);
    return c;
  }

  async activeForVisitor(actor: VisitorActor): Promise<ConversationRow | undefined> {
    return this.d.repo.activeOf(actor.visitorId);
  }

  /** The row, without any access check (for internal callers such as timers). */
  peek(id: string): Promise<ConversationRow | undefined> {
    return this.d.repo.find(id);
  }

  /**
   * The row locked until the caller's transaction ends (for timers: they check the state they were armed
   * for under the lock, so a change committed in the same instant is seen, never overwritten).
   */
  lockForTimer(id: string): Promise<ConversationRow | undefined> {
    return this.d.repo.lockIfExists(id);
  }

  /** The conversation, when the actor may do `action` on it (access.ts); otherwise not found / forbidden. */
  async forStaff(actor: StaffActor, id: string, action: StaffAction = 'read'): Promise<ConversationRow> {
    const c = await this.d.repo.get(id);
    await assertStaffMay(actor, c, action, accessFacts(this.d));
    return c;
  }

  /** May the actor see a queued conversation of this department in their queue list (access.ts)? */
  seesQueued(actor: StaffActor, departmentId: string | null): Promise<boolean> {
    return mayWatchQueued(actor, departmentId, accessFacts(this.d));
  }

  view(row: ConversationRow): Promise<ConversationView> {
    return viewOf(this.d, row);
  }

  /**
   * The conversations the actor may see (access.ts), filtered and paged. The text `q` finds the visitor's
   * name, email or username, a contact phone (its digits, any format) or the words of a message (full-text,
   * notes included: whoever reads a conversation reads its notes); each row says which message matched.
   */
  async list(
    actor: StaffActor,
    filter: Omit<ConversationFilter, 'scope' | 'qAlso'>,
  ): Promise<{ items: ConversationListItem[]; nextCursor: string | null }> {
    const q = filter.q?.trim();
    const words = q && hasSearchableWords(q) ? q : undefined;
    const qAlso = q
      ? {
          contactIds: await this.d.visitors.contactIdsByPhone(q),
          ...(words ? { message: this.d.search.matchIn('conversations.id', words, 'staff') } : {}),
        }
      : undefined;
    const rows = await this.d.repo.list({
      ...filter,
      ...(q ? { q, qAlso } : { q: undefined }),
      scope: await listScope(actor, accessFacts(this.d)),
    });
    const last = rows[rows.length - 1];
    const nextCursor = rows.length === filter.limit && last ? encodeCursor(last) : null;
    const [views, visitors, matches] = await Promise.all([
      viewsOf(this.d, rows),
      this.d.visitors.byIds([...new Set(rows.map((r) => r.visitor_id))]),
      words
        ? this.d.search.matches(
            rows.map((r) => r.id),
            words,
            'staff',
          )
        : new Map(),
    ]);
    const verified = new Set(visitors.filter((v) => v.verified).map((v) => v.id));
    return {
      items: views.map((v) => ({
        ...v,
        visitorVerified: verified.has(v.visitor.id),
        match: matches.get(v.id) ?? null,
      })),
      nextCursor,
    };
  }

  /**
   * Deletes a closed conversation for good (admins): its messages, notes, mentions and files (the messages
   * module), transfers and queue entry, in one transaction; the audit log keeps that it happened, by whom,
   * and the conversation's visitor and dates — not its text. Webhook deliveries already recorded stay.
   */
  async delete(actor: StaffActor, id: string, ip?: string): Promise<void> {
    if (!actor.roles.includes('admin')) fail('auth.forbidden');
    await this.d.db.tx(async () => {
      const c = await this.d.repo.lock(id);
      if (c.status !== 'closed') fail('conversation.not-open', 'Only a closed conversation can be deleted');
      const erased = await this.d.messages.eraseConversation(id);
      await this.d.repo.delete(id);
      await this.d.audit.record(
        actor,
        {
          action: 'conversation.deleted',
          targetType: 'conversation',
          targetId: id,
          changes: {
            visitorId: c.visitor_id,
            contactId: c.contact_id,
            createdAt: c.created_at.toISOString(),
            closedAt: c.closed_at?.toISOString() ?? null,
            messages: erased.messages,
            files: erased.files,
          },
        },
        ip,
      );
    });
  }

  async updateInfo(
    actor: StaffActor,
    id: string,
    patch: {
      topic?: string;
      tags?: string[];
      priorityId?: string | null;
      slaId?: string | null;
      customFields?: Record<string, string>;
    },
  ): Promise<ConversationRow> {
    await this.d.catalogs.checkRefs(patch.priorityId ?? null, patch.slaId ?? null);
    const customFields = patch.customFields
      ? await this.d.customFields.validate('conversation', patch.customFields, {
          fromVisitor: false,
          partial: true,
          fieldPrefix: 'body.customFields',
        })
      : undefined;
    return this.d.db.tx(async () => {
      const c = await this.d.repo.lock(id);
      await assertStaffMay(actor, c, 'act', accessFacts(this.d));
      const row = await this.d.repo.update(id, {
        ...(patch.topic !== undefined ? { topic: patch.topic } : {}),
        ...(patch.tags !== undefined ? { tags: [...new Set(patch.tags)] } : {}),
        ...(patch.slaId !== undefined ? { sla_id: patch.slaId } : {}),
        ...(patch.priorityId !== undefined ? { priority_id: patch.priorityId } : {}),
        ...(customFields ? { custom_fields: { ...c.custom_fields, ...customFields } } : {}),
      });
      if (row.status === 'queued' && row.queued_at && (patch.priorityId !== undefined || patch.slaId !== undefined)) {
        await this.d.repo.setQueueOrdering(
          row.id,
          await this.d.catalogs.queueOrdering(row.priority_id, row.sla_id, row.queued_at),
        );
      }
      await emitChanged(this.d, row, c);
      return row;
    });
  }

  /** Whether any conversation was ever closed (the onboarding checklist's "take a test chat"). */
  async anyClosed(): Promise<boolean> {
    const row = await this.d.db.q
      .selectFrom('conversations')
      .select('id')
      .where('status', '=', 'closed')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async requestTranscript(id: string, email: string): Promise<void> {
    await this.d.db.tx(async () => {
      const c = await this.d.repo.lock(id);
      await this.d.repo.update(c.id, { transcript_email: email });
      this.d.bus.emit('transcript.requested', { conversationId: c.id, email, closed: c.status === 'closed' });
    });
  }

  async transfers(id: string) {
    const rows = await this.d.repo.transfers(id);
    return rows.map((t) => ({
      id: t.id,
      from: { agentId: t.from_agent_id, departmentId: t.from_department_id },
      to: { agentId: t.to_agent_id, departmentId: t.to_department_id },
      comment: t.comment,
      by: { type: t.by_type, id: t.by_id },
      forced: t.forced,
      reason: t.reason,
      at: t.at.toISOString(),
    }));
  }

  openCounts(agentIds: string[]): Promise<Map<string, number>> {
    return this.d.repo.openCounts(agentIds);
  }

  /** The agent's open conversations (not on hold), without any access check (for timers). */
  openIdsOf(agentId: string): Promise<string[]> {
    return this.d.repo.openIdsOf(agentId);
  }

  /**
   * Open conversations waiting on their visitor (status open, an agent wrote, the visitor has not since),
   * by their last agent message then id, after `after` (for the visitor-abandonment sweep; no access check).
   */
  awaitingVisitor(
    after: { at: Date; id: string } | undefined,
    limit: number,
  ): Promise<Array<{ id: string; lastAgentMessageAt: Date }>> {
    return this.d.repo.awaitingVisitor(after, limit);
  }
}

export function encodeCursor(r: { created_at: Date; id: string }): string {
  return Buffer.from(`${r.created_at.toISOString()}|${r.id}`).toString('base64url');
}

export function decodeCursor(s: string): { createdAt: Date; id: string } | undefined {
  const [at, id] = Buffer.from(s, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return { createdAt, id };
}
