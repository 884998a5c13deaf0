import { createHash } from 'node:crypto';
import { visitorDisplayName, type VisitorView } from '@parley/shared';
import { sql, type Selectable, type SqlBool } from 'kysely';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { VisitorActor } from '../../kernel/http.js';
import { hashToken, secretToken, uuidv7 } from '../../kernel/ids.js';
import type { CustomFieldsService } from '../custom-fields/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { SettingsService } from '../settings/index.js';
import type { ChannelIdentitiesTable } from './contacts.tables.js';
import './contacts.tables.js';
import { LeadCapture } from './lead-capture.js';
import { phoneSearchDigits } from './phones.js';

export type VisitorRow = Selectable<ChannelIdentitiesTable>;

export interface VisitorInput {
  name?: string;
  email?: string;
  phone?: string;
  departmentId?: string;
  customFields?: Record<string, string>;
  /** The visitor ticked the data-processing consent box. */
  consent?: boolean;
}

export interface ClientInfo {
  ip: string;
  userAgent: string | undefined;
  referer: string | undefined;
}

const TOKEN_CACHE_MS = 60_000;
const emailRe = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function toVisitorView(v: VisitorRow): VisitorView {
  return {
    id: v.id,
    username: v.username,
    name: v.name,
    email: v.email,
    phone: v.phone,
    departmentId: v.department_id,
    customFields: v.custom_fields,
    consentAt: v.consent_at?.toISOString() ?? null,
  };
}

/**
 * Website visitors: a channel identity of channel `widget`, found by its secret token (only the
 * token's hash is stored), belonging to a contact created with it.
 */
export class VisitorsService {
  private readonly tokenCache = new Map<string, { actor: VisitorActor; until: number }>();
  /** Display names, read on every message a visitor sends. */
  private readonly names = new Map<string, string>();
  /** Emails and phones the visitor writes, added to their contact (lead-capture.ts). */
  readonly leads: LeadCapture;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly settings: SettingsService,
    private readonly departments: DepartmentsService,
    private readonly customFields: CustomFieldsService,
    private readonly clock: Clock,
  ) {
    settings.declareEnforced('gdpr.collectHttpHeaders', 'gdpr.forceConsent', 'livechat.offline.validateEmail');
    this.leads = new LeadCapture(db, bus, settings, clock);
  }

  /** Creates a visitor and its contact; the returned token is the visitor's only credential. */
  async register(input: VisitorInput, client: ClientInfo): Promise<{ token: string; visitor: VisitorView }> {
    const clean = await this.validate(input, false);
    const token = secretToken();
    const now = this.clock.now();
    const contactId = uuidv7(now.getTime());
    const id = uuidv7(now.getTime());
    const headers = this.headersToStore(client);
    const row = await this.db.tx(async (trx) => {
      const n = await sql<{ n: number }>`select nextval('guest_number')::int as n`.execute(trx);
      await trx
        .insertInto('contacts')
        .values({
          id: contactId,
          name: clean.name ?? null,
          emails: clean.email ? [clean.email.toLowerCase()] : [],
          phones: clean.phone ? [clean.phone] : [],
          custom_fields: '{}',
          conflicting_fields: '[]',
          created_at: now,
          updated_at: now,
        })
        .execute();
      return trx
        .insertInto('channel_identities')
        .values({
          id,
          contact_id: contactId,
          channel: 'widget',
          external_id: hashToken(token),
          username: `guest-${n.rows[0]!.n}`,
          name: clean.name ?? null,
          email: clean.email ?? null,
          phone: clean.phone ?? null,
          department_id: clean.departmentId ?? null,
          custom_fields: JSON.stringify(clean.customFields ?? {}),
          ...headers,
          consent_at: clean.consent ? now : null,
          consent_text_hash: clean.consent ? this.consentHash() : null,
          created_at: now,
          updated_at: now,
          last_seen_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return { token, visitor: toVisitorView(row) };
  }

  async update(visitorId: string, input: VisitorInput, client: ClientInfo): Promise<VisitorView> {
    const clean = await this.validate(input, true);
    const now = this.clock.now();
    return this.db.tx(async (trx) => {
      const current = await this.get(visitorId);
      const customFields = { ...current.custom_fields, ...(clean.customFields ?? {}) };
      const row = await trx
        .updateTable('channel_identities')
        .set({
          ...(clean.name !== undefined ? { name: clean.name } : {}),
          ...(clean.email !== undefined ? { email: clean.email } : {}),
          ...(clean.phone !== undefined ? { phone: clean.phone } : {}),
          ...(clean.departmentId !== undefined ? { department_id: clean.departmentId } : {}),
          ...(clean.consent && !current.consent_at ? { consent_at: now, consent_text_hash: this.consentHash() } : {}),
          ...this.headersToStore(client),
          custom_fields: JSON.stringify(customFields),
          updated_at: now,
          last_seen_at: now,
        })
        .where('id', '=', visitorId)
        .returningAll()
        .executeTakeFirstOrThrow();
      // The contact learns new addresses (sets, never overwritten).
      if (clean.email || clean.phone || clean.name) {
        await trx
          .updateTable('contacts')
          .set((eb) => ({
            ...(clean.email
              ? {
                  emails: sql`array(select distinct unnest(${eb.ref('emails')} || ${[clean.email!.toLowerCase()]}::text[]))`,
                }
              : {}),
            ...(clean.phone
              ? { phones: sql`array(select distinct unnest(${eb.ref('phones')} || ${[clean.phone!]}::text[]))` }
              : {}),
            ...(clean.name ? { name: sql`coalesce(name, ${clean.name})` } : {}),
            updated_at: now,
          }))
          .where('id', '=', row.contact_id)
          .execute();
      }
      this.bus.emit('visitor.updated', { visitorId: row.id, name: row.name, email: row.email, username: row.username });
      return toVisitorView(row);
    });
  }

  async get(visitorId: string): Promise<VisitorRow> {
    const row = await this.db.q
      .selectFrom('channel_identities')
      .selectAll()
      .where('id', '=', visitorId)
      .executeTakeFirst();
    return row ?? fail('contact.not-found', 'No such visitor', 'params.id');
  }

  /** For staff: the visitor, their contact and their recent navigation. */
  async details(visitorId: string) {
    const v = await this.get(visitorId);
    const c = await this.db.q
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', v.contact_id)
      .executeTakeFirstOrThrow();
    return {
      visitor: {
        ...toVisitorView(v),
        channel: v.channel,
        verified: v.verified,
        blocked: v.blocked,
        createdAt: v.created_at.toISOString(),
        lastSeenAt: v.last_seen_at.toISOString(),
        ...(v.ip || v.user_agent || v.referrer ? { ip: v.ip, userAgent: v.user_agent, referrer: v.referrer } : {}),
      },
      contact: {
        id: c.id,
        name: c.name,
        emails: c.emails,
        phones: c.phones,
        customFields: c.custom_fields,
        contactManagerId: c.contact_manager_id,
        unknown: c.unknown,
        lastChatAt: c.last_chat_at?.toISOString() ?? null,
      },
      pageViews: await this.pageViews(visitorId, 50),
    };
  }

  /** The visitor changed (here or in another process): their name is re-read (contacts.listeners.ts). */
  forgetName(visitorId: string): void {
    this.names.delete(visitorId);
  }

  /** The name staff see for a visitor (their name, or "Visitor N"), cached until the visitor changes. */
  async displayName(visitorId: string): Promise<string> {
    const cached = this.names.get(visitorId);
    if (cached !== undefined) return cached;
    const v = await this.get(visitorId);
    // Only the name or "Visitor N": this is also the author name stored with the visitor's messages.
    const name = visitorDisplayName({ name: v.name, username: v.username });
    if (this.names.size > 100_000) this.names.clear();
    this.names.set(visitorId, name);
    return name;
  }

  /** The visitor with their contact's emails and phones, in one read (webhook bodies, per delivery). */
  async withContact(visitorId: string): Promise<{ visitor: VisitorRow; emails: string[]; phones: string[] }> {
    const row = await this.db.q
      .selectFrom('channel_identities as v')
      .innerJoin('contacts as c', 'c.id', 'v.contact_id')
      .selectAll('v')
      .select(['c.emails as contact_emails', 'c.phones as contact_phones'])
      .where('v.id', '=', visitorId)
      .executeTakeFirst();
    if (!row) fail('contact.not-found', 'No such visitor', 'params.id');
    const { contact_emails, contact_phones, ...visitor } = row;
    return { visitor, emails: contact_emails, phones: contact_phones };
  }

  /** Contacts with a phone whose digits match a searched text (any format; phones.ts), for the History search. */
  async contactIdsByPhone(q: string, limit = 200): Promise<string[]> {
    const digits = phoneSearchDigits(q);
    if (digits.length === 0) return [];
    const rows = await this.db.q
      .selectFrom('contacts')
      .select('id')
      .where(sql<SqlBool>`phone_digits && ${sql.val(digits)}::text[]`)
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async byIds(ids: string[]): Promise<VisitorRow[]> {
    if (ids.length === 0) return [];
    return this.db.q.selectFrom('channel_identities').selectAll().where('id', 'in', ids).execute();
  }

  /** The visitor behind a widget token, or undefined. Cached briefly: it is read on every request. */
  async resolveToken(token: string): Promise<VisitorActor | undefined> {
    // Keyed by the token itself: a hit costs no hashing (the tokens are in this process's memory anyway).
    const c = this.tokenCache.get(token);
    if (c && c.until > this.clock.now().getTime()) return c.actor;
    const h = hashToken(token);
    const row = await this.db.q
      .selectFrom('channel_identities')
      .select(['id', 'contact_id'])
      .where('channel', '=', 'widget')
      .where('external_id', '=', h)
      .executeTakeFirst();
    if (!row) {
      this.tokenCache.delete(token);
      return undefined;
    }
    const actor: VisitorActor = { kind: 'visitor', visitorId: row.id, contactId: row.contact_id };
    if (this.tokenCache.size > 100_000) this.tokenCache.clear();
    this.tokenCache.set(token, { actor, until: this.clock.now().getTime() + TOKEN_CACHE_MS });
    return actor;
  }

  /** Forget cached tokens (after an erasure or a block). */
  forgetTokens(): void {
    this.tokenCache.clear();
  }

  hasConsent(v: VisitorRow): boolean {
    return v.consent_at !== null;
  }

  /** For routing preferences: each visitor's last agent and their contact's manager. */
  async preferences(
    visitorIds: string[],
  ): Promise<Map<string, { lastAgentId: string | null; contactManagerId: string | null }>> {
    if (visitorIds.length === 0) return new Map();
    const rows = await this.db.q
      .selectFrom('channel_identities')
      .innerJoin('contacts', 'contacts.id', 'channel_identities.contact_id')
      .select(['channel_identities.id', 'channel_identities.last_agent_id', 'contacts.contact_manager_id'])
      .where('channel_identities.id', 'in', visitorIds)
      .execute();
    return new Map(rows.map((r) => [r.id, { lastAgentId: r.last_agent_id, contactManagerId: r.contact_manager_id }]));
  }

  async setLastAgent(visitorId: string, agentId: string): Promise<void> {
    await this.db.q
      .updateTable('channel_identities')
      .set({ last_agent_id: agentId })
      .where('id', '=', visitorId)
      .execute();
  }

  async touchContactChat(contactId: string, at: Date): Promise<void> {
    await this.db.q.updateTable('contacts').set({ last_chat_at: at }).where('id', '=', contactId).execute();
  }

  /** The navigation history; `visitor.page-viewed` lets a conversation show it as a message (in the same transaction). */
  async recordPageView(visitorId: string, conversationId: string | null, url: string, title: string): Promise<void> {
    await this.db.tx(async (trx) => {
      await trx
        .insertInto('page_views')
        .values({
          id: uuidv7(),
          visitor_id: visitorId,
          conversation_id: conversationId,
          url,
          title,
          at: this.clock.now(),
        })
        .execute();
      this.bus.emit('visitor.page-viewed', { visitorId, conversationId, url, title });
    });
  }

  /**
   * Whether the widget ever reported a page outside `origin` (Parley's own): the onboarding checklist's
   * sign that the widget is on the organisation's site. Parley's own pages (its demo) do not count.
   */
  async pageViewedOutside(origin: string): Promise<boolean> {
    const row = await this.db.q
      .selectFrom('page_views')
      .select('id')
      .where(sql<boolean>`not (url = ${origin} or left(url, ${origin.length + 1}) = ${origin + '/'})`)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async pageViews(visitorId: string, limit = 50) {
    const rows = await this.db.q
      .selectFrom('page_views')
      .select(['url', 'title', 'at', 'conversation_id'])
      .where('visitor_id', '=', visitorId)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ url: r.url, title: r.title, at: r.at.toISOString(), conversationId: r.conversation_id }));
  }

  private async validate(input: VisitorInput, partial: boolean): Promise<VisitorInput> {
    const out: VisitorInput = { ...input };
    if (input.email !== undefined && input.email !== '' && this.settings.get('livechat.offline.validateEmail')) {
      if (!emailRe.test(input.email)) fail('email.invalid', undefined, 'body.email');
    }
    if (input.email === '') out.email = undefined;
    if (input.departmentId) await this.departments.usable(input.departmentId, 'body.departmentId');
    if (input.customFields) {
      out.customFields = await this.customFields.validate('visitor', input.customFields, {
        fromVisitor: true,
        partial: true,
        fieldPrefix: 'body.customFields',
      });
    }
    if (!partial && this.settings.get('gdpr.forceConsent') && input.consent !== true) {
      fail('consent.required', undefined, 'body.consent');
    }
    return out;
  }

  private consentHash(): string {
    return createHash('sha256').update(this.settings.get('gdpr.consentText')).digest('hex').slice(0, 16);
  }

  private headersToStore(
    client: ClientInfo,
  ): Pick<VisitorRow, 'ip' | 'user_agent' | 'referrer'> | Record<string, never> {
    if (!this.settings.get('gdpr.collectHttpHeaders')) return {};
    return {
      ip: client.ip.slice(0, 100),
      user_agent: client.userAgent?.slice(0, 500) ?? null,
      referrer: client.referer?.slice(0, 2000) ?? null,
    };
  }
}
