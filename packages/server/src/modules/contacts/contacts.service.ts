import type {
  ContactChannel,
  ContactDetails,
  ContactListQuery,
  ContactPatch,
  ContactSummary,
  NewContact,
} from '@parley/shared';
import { sql, type Expression, type RawBuilder, type Selectable, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { Database } from '../../kernel/db/schema.js';
import { fail } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { AuditService } from '../audit/index.js';
import type { CustomFieldsService } from '../custom-fields/index.js';
import type { UsersService } from '../users/index.js';
import type { ChannelIdentitiesTable, ContactsTable } from './contacts.tables.js';
import './contacts.tables.js';
import { phoneSearchDigits, toE164 } from './phones.js';

type ContactRow = Selectable<ContactsTable>;
type IdentityRow = Selectable<ChannelIdentitiesTable>;
type ListQuery = ContactListQuery & { sort: 'name' | 'lastChat' | 'created'; order: 'asc' | 'desc' };

/** An exact search kind matching more contacts than this walks the sort order with its condition (see list). */
const BROAD = 500;
/** A broad search's total is counted up to this many. */
const TOTAL_CAP = 10_000;

/** Who may be a contact's manager (issue 16 item 5): active staff with the agent or manager role. */
const MANAGER_ROLES = ['agent', 'manager'] as const;

/**
 * The Contact Center's contacts (issue 16 items 1-5): the list (search, filters, sorts), one contact's
 * details and channels, New Contact and the pencil, the contact manager. A contact staff create or edit
 * is *known* (`unknown` false); contacts made by the widget stay unknown until then.
 */
export class ContactsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly customFields: CustomFieldsService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  async list(
    actor: StaffActor,
    q: ListQuery,
  ): Promise<{ items: ContactSummary[]; total: number; totalCapped?: boolean }> {
    // Merged-away contacts (empty, redirecting to their survivor) and erased ones are not listed.
    const where: Expression<SqlBool>[] = [
      sql<SqlBool>`contacts.merged_into is null`,
      sql<SqlBool>`contacts.erased_at is null`,
    ];
    if (q.status) where.push(sql<SqlBool>`contacts.unknown = ${q.status === 'unknown'}`);
    const anyIdentity = (cond: ReturnType<typeof sql<SqlBool>>) =>
      sql<SqlBool>`exists (select 1 from channel_identities ci where ci.contact_id = contacts.id and ${cond})`;
    if (q.verified === 'true') where.push(anyIdentity(sql`ci.verified`));
    if (q.verified === 'false') where.push(sql<SqlBool>`not ${anyIdentity(sql`ci.verified`)}`);
    if (q.blocked === 'true') where.push(anyIdentity(sql`ci.blocked`));
    if (q.blocked === 'false') where.push(sql<SqlBool>`not ${anyIdentity(sql`ci.blocked`)}`);
    if (q.channel) where.push(anyIdentity(sql`ci.channel = ${q.channel}`));
    if (q.manager === 'none') where.push(sql<SqlBool>`contacts.contact_manager_id is null`);
    else if (q.manager)
      where.push(sql<SqlBool>`contacts.contact_manager_id = ${q.manager === 'mine' ? actor.userId : q.manager}`);

    const dir = q.order === 'asc' ? sql`asc` : sql`desc`;
    // By name: byte order of the lower-cased name (`using ~<~`, text_pattern_ops' order, the order of the C
    // and C.UTF-8 collations PostgreSQL and PGlite run with here), so contacts_name_search gives it walked in
    // order instead of sorting every match (a three-letter prefix: 75,000 rows). Nameless contacts last.
    // `namedOnly` (the name prefix branch, where every name is set): nulls first is the same order and is
    // the index read backwards for desc.
    const orderOf = (t: 'contacts' | 'm', namedOnly = false) => {
      const col = (c: string) => sql.ref(`${t}.${c}`);
      return q.sort === 'name'
        ? sql`${t === 'contacts' ? sql`lower(contacts.name)` : col('sort_name')} using ${sql.raw(
            q.order === 'asc' ? '~<~' : '~>~',
          )} nulls ${sql.raw(namedOnly && q.order !== 'asc' ? 'first' : 'last')}, ${col('id')} ${dir}`
        : q.sort === 'created'
          ? sql`${col('created_at')} ${dir}, ${col('id')} ${dir}`
          : sql`${col('last_chat_at')} ${dir} nulls last, ${col('id')} ${dir}`;
    };
    const limit = q.limit ?? 25;
    const offset = q.offset ?? 0;

    if (!q.q) {
      const query = this.db.q.selectFrom('contacts').where((eb) => eb.and(where));
      const rows =
        q.sort === 'name' && q.order !== 'asc'
          ? await this.byNameDescending(query, orderOf, limit, offset)
          : await query.selectAll('contacts').orderBy(orderOf('contacts')).limit(limit).offset(offset).execute();
      // The total is counted up to TOTAL_CAP like a search's: counting every contact read them all (0.8 s
      // at 1,000,000), for a figure the list shows as "10,000+" anyway.
      const total = await sql<{ n: number }>`select count(*)::int as n from (${query
        .select(sql`1`.as('one'))
        .limit(TOTAL_CAP + 1)}) capped`.execute(this.db.q);
      return this.page(rows, total.rows[0]?.n ?? 0);
    }

    // A search is asked as separate small queries, each by its own index, then merged: the name prefix's
    // first `offset + limit` in the sort order (an index-only scan of contacts_name_search, or the sort
    // index walked, whichever the planner finds cheaper), and the exact kinds' matches (email, username,
    // phone, custom fields: a bitmap OR, few rows). One OR of everything beside ORDER BY … LIMIT made the
    // planner walk the sort index and filter every row (1.1 s at 300,000 contacts), and a bitmap of every
    // match of a name prefix shared by 75,000 contacts (a three-letter one at 1,000,000) read them all.
    // Measured in docs/contact-center.md (the contacts bench).
    const { name, exact } = await this.searchConditions(q.q);
    const top = offset + limit;
    const keys = sql`contacts.id, lower(contacts.name) as sort_name, contacts.last_chat_at, contacts.created_at`;
    const filter = sql.join(where, sql` and `);
    const exactIds = (
      await this.db.q
        .selectFrom('contacts')
        .select('contacts.id')
        .where(sql<SqlBool>`(${sql.join(exact, sql` or `)})`)
        .limit(BROAD + 1)
        .execute()
    ).map((r) => r.id);
    // A broad exact kind (a searchable custom field's common value) walks the sort order with its condition.
    const exactCond =
      exactIds.length > BROAD
        ? sql<SqlBool>`(${sql.join(exact, sql` or `)})`
        : sql<SqlBool>`contacts.id = any(${sql.val(exactIds)}::uuid[])`;
    const branches = [
      sql`(select ${keys} from contacts where ${filter} and ${name} order by ${orderOf('contacts', true)} limit ${top})`,
      ...(exactIds.length
        ? [
            sql`(select ${keys} from contacts where ${filter} and ${exactCond} order by ${orderOf('contacts')} limit ${top})`,
          ]
        : []),
    ];
    // The total, counted up to TOTAL_CAP (`totalCapped` beyond), from the same indexes: the name matches
    // (index-only), plus the exact matches whose name does not match (no hashing of 10,000 ids to dedupe).
    const countName = sql`(select count(*)::int from (select 1 from contacts where ${filter} and ${name} limit ${TOTAL_CAP + 1}) a)`;
    const countExact = sql`(select count(*)::int from (select 1 from contacts where ${filter} and ${exactCond}
      and (${name}) is not true limit ${TOTAL_CAP + 1}) b)`;
    const [rows, total] = await Promise.all([
      sql<ContactRow>`select contacts.* from contacts join (
          select m.id, m.sort_name, m.last_chat_at, m.created_at
          from (${sql.join(branches, sql` union `)}) m
          order by ${orderOf('m')} limit ${limit} offset ${offset}
        ) m on m.id = contacts.id
        order by ${orderOf('m')}`.execute(this.db.q),
      sql<{ n: number }>`select ${exactIds.length ? sql`${countName} + ${countExact}` : countName} as n`.execute(
        this.db.q,
      ),
    ]);
    return this.page(rows.rows, total.rows[0]?.n ?? 0);
  }

  /**
   * The unsearched list by name, Z to A, nameless contacts last. The name index read backwards gives nulls
   * first, so a single ORDER BY sorted every contact (1.3 s at 1,000,000): the named ones are walked
   * backwards (`is not null` is an index condition), and the nameless follow, newest first, once the named
   * ones run out.
   */
  private async byNameDescending(
    query: SelectQueryBuilder<Database, 'contacts', object>,
    orderOf: (t: 'contacts', namedOnly?: boolean) => RawBuilder<unknown>,
    limit: number,
    offset: number,
  ): Promise<ContactRow[]> {
    const named = await query
      .where(sql<SqlBool>`lower(contacts.name) is not null`)
      .selectAll('contacts')
      .orderBy(orderOf('contacts', true))
      .limit(limit)
      .offset(offset)
      .execute();
    if (named.length === limit) return named;
    // How many named contacts lie before this page: all of them when this page has some.
    const namedBefore =
      named.length > 0
        ? offset + named.length
        : Number(
            (
              await sql<{ n: number }>`select count(*)::int as n from (${query
                .where(sql<SqlBool>`lower(contacts.name) is not null`)
                .select(sql`1`.as('one'))
                .limit(offset)}) before`.execute(this.db.q)
            ).rows[0]?.n ?? 0,
          );
    const nameless = await query
      .where(sql<SqlBool>`lower(contacts.name) is null`)
      .selectAll('contacts')
      .orderBy('contacts.id', 'desc')
      .limit(limit - named.length)
      .offset(Math.max(0, offset - namedBefore))
      .execute();
    return [...named, ...nameless];
  }

  /** A page of the list: each contact's channels and manager, and the total (capped at TOTAL_CAP). */
  private async page(
    rows: ContactRow[],
    n: number,
  ): Promise<{ items: ContactSummary[]; total: number; totalCapped?: boolean }> {
    const identities = await this.identitiesOf(rows.map((r) => r.id));
    const managers = await this.managerNames(rows.map((r) => r.contact_manager_id));
    return {
      items: rows.map((r) => this.summary(r, identities.get(r.id) ?? [], managers)),
      total: Math.min(n, TOTAL_CAP),
      ...(n > TOTAL_CAP ? { totalCapped: true } : {}),
    };
  }

  /** A merged-away id answers its survivor (old links keep working). */
  async details(id: string): Promise<ContactDetails> {
    const c = await this.row(id);
    id = c.id;
    const channels = (await this.identitiesOf([id])).get(id) ?? [];
    const managers = await this.managerNames([c.contact_manager_id]);
    const firstSeen = channels.reduce((min, ch) => (ch.created_at < min ? ch.created_at : min), c.created_at);
    const lastSeen = channels.reduce<Date | null>(
      (max, ch) => (max === null || ch.last_seen_at > max ? ch.last_seen_at : max),
      c.last_chat_at,
    );
    return {
      ...this.summary(c, channels, managers),
      customFields: c.custom_fields,
      firstContactAt: firstSeen.toISOString(),
      lastContactAt: lastSeen?.toISOString() ?? null,
      updatedAt: c.updated_at.toISOString(),
      channelList: channels.map(channelView),
      conflicts: c.conflicting_fields,
      erasedAt: c.erased_at?.toISOString() ?? null,
    };
  }

  async create(actor: StaffActor, input: NewContact, ip?: string): Promise<ContactDetails> {
    const clean = await this.clean(input, false);
    const now = this.clock.now();
    const id = uuidv7(now.getTime());
    await this.db.tx(async (trx) => {
      await trx
        .insertInto('contacts')
        .values({
          id,
          name: clean.name ?? null,
          emails: clean.emails ?? [],
          phones: clean.phones ?? [],
          custom_fields: JSON.stringify(clean.customFields ?? {}),
          contact_manager_id: clean.contactManagerId ?? null,
          unknown: false,
          conflicting_fields: '[]',
          created_at: now,
          updated_at: now,
        })
        .execute();
      await this.audit.record(
        actor,
        { action: 'contact.created', targetType: 'contact', targetId: id, changes: clean },
        ip,
      );
    });
    return this.details(id);
  }

  /** The pencil, and "Add contact" from a chat: what is sent replaces what was there; the contact is known. */
  async update(actor: StaffActor, id: string, patch: ContactPatch, ip?: string): Promise<ContactDetails> {
    const clean = await this.clean(patch, true);
    id = (await this.row(id)).id;
    await this.db.tx(async (trx) => {
      const before = await trx.selectFrom('contacts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) fail('contact.not-found', undefined, 'params.id');
      if (before.erased_at) fail('contact.erased', undefined, 'params.id');
      await trx
        .updateTable('contacts')
        .set({
          ...(clean.name !== undefined ? { name: clean.name } : {}),
          ...(clean.emails !== undefined ? { emails: clean.emails } : {}),
          ...(clean.phones !== undefined ? { phones: clean.phones } : {}),
          ...(clean.customFields !== undefined
            ? { custom_fields: JSON.stringify({ ...before.custom_fields, ...clean.customFields }) }
            : {}),
          ...(clean.contactManagerId !== undefined ? { contact_manager_id: clean.contactManagerId } : {}),
          unknown: false,
          updated_at: this.clock.now(),
        })
        .where('id', '=', id)
        .execute();
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const was: Record<string, unknown> = {
        name: before.name,
        emails: before.emails,
        phones: before.phones,
        customFields: before.custom_fields,
        contactManagerId: before.contact_manager_id,
      };
      for (const [k, v] of Object.entries(clean)) if (v !== undefined) changes[k] = { from: was[k], to: v };
      if (before.unknown) changes.unknown = { from: true, to: false };
      await this.audit.record(actor, { action: 'contact.updated', targetType: 'contact', targetId: id, changes }, ip);
    });
    return this.details(id);
  }

  /** The contact, or the survivor it was merged into (redirects are kept one step deep by the merge). */
  async row(id: string): Promise<ContactRow> {
    const c = await this.db.q.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
    if (c?.merged_into) return this.row(c.merged_into);
    return c ?? fail('contact.not-found', undefined, 'params.id');
  }

  /**
   * The search box: name prefix, and the exact kinds — username, email, phone digits, searchable custom
   * fields (exact value) — as separate conditions (list asks each by its own index).
   */
  private async searchConditions(text: string): Promise<{ name: Expression<SqlBool>; exact: Expression<SqlBool>[] }> {
    const lower = text.toLowerCase();
    const prefix = `${lower.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    const exact = [
      sql<SqlBool>`contacts.emails @> ${sql.val([lower])}::text[]`,
      // an array of ids (an init plan), so the OR stays a bitmap OR of index scans
      sql<SqlBool>`contacts.id = any(array(select ci.contact_id from channel_identities ci where lower(ci.username) = ${lower}))`,
    ];
    const digits = phoneSearchDigits(text);
    if (digits.length) exact.push(sql<SqlBool>`contacts.phone_digits && ${sql.val(digits)}::text[]`);
    // Custom fields marked searchable (asked of their module: the flag is theirs).
    const searchable = (await this.customFields.list('visitor')).filter((f) => f.searchable);
    for (const f of searchable) {
      exact.push(sql<SqlBool>`contacts.custom_fields @> ${JSON.stringify({ [f.id]: text })}::jsonb`);
    }
    return { name: sql<SqlBool>`lower(contacts.name) like ${prefix}`, exact };
  }

  /** Validates and normalises a New Contact or a patch (400 naming the field). */
  async clean(input: ContactPatch, partial: boolean): Promise<ContactPatch> {
    const out: ContactPatch = {};
    if (input.name !== undefined) out.name = input.name.trim();
    if (input.emails !== undefined) out.emails = [...new Set(input.emails.map((e) => e.trim().toLowerCase()))];
    if (input.phones !== undefined) {
      out.phones = [
        ...new Set(
          input.phones.map(
            (p, i) =>
              toE164(p) ??
              fail(
                'request.invalid',
                `Not a phone number in international form (+ and country code): ${p}`,
                `body.phones.${i}`,
              ),
          ),
        ),
      ];
    }
    if (input.customFields !== undefined) {
      out.customFields = await this.customFields.validate('visitor', input.customFields, {
        fromVisitor: false,
        partial,
        fieldPrefix: 'body.customFields',
      });
    }
    if (input.contactManagerId !== undefined) {
      if (input.contactManagerId !== null) await this.assertManagerEligible(input.contactManagerId);
      out.contactManagerId = input.contactManagerId;
    }
    return out;
  }

  async assertManagerEligible(userId: string): Promise<void> {
    const u = await this.users.byId(userId);
    if (!u || !u.active || !u.roles.some((r) => (MANAGER_ROLES as readonly string[]).includes(r))) {
      fail(
        'request.invalid',
        'The contact manager must be an active staff user with the agent or manager role',
        'body.contactManagerId',
      );
    }
  }

  private async identitiesOf(contactIds: string[]): Promise<Map<string, IdentityRow[]>> {
    const out = new Map<string, IdentityRow[]>();
    if (contactIds.length === 0) return out;
    const rows = await this.db.q
      .selectFrom('channel_identities')
      .selectAll()
      .where('contact_id', 'in', contactIds)
      .orderBy('last_seen_at', 'desc')
      .execute();
    for (const r of rows) out.set(r.contact_id, [...(out.get(r.contact_id) ?? []), r]);
    return out;
  }

  private async managerNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
    const users = await this.users.byIds(wanted);
    return new Map(users.map((u) => [u.id, u.name]));
  }

  private summary(c: ContactRow, channels: IdentityRow[], managers: Map<string, string>): ContactSummary {
    return {
      id: c.id,
      name: c.name,
      emails: c.emails,
      phones: c.phones,
      contactManager: c.contact_manager_id
        ? { id: c.contact_manager_id, name: managers.get(c.contact_manager_id) ?? '' }
        : null,
      unknown: c.unknown,
      verified: channels.some((ch) => ch.verified),
      blocked: channels.some((ch) => ch.blocked),
      channels: [...new Set(channels.map((ch) => ch.channel))],
      lastChatAt: c.last_chat_at?.toISOString() ?? null,
      createdAt: c.created_at.toISOString(),
    };
  }
}

export function channelView(ch: IdentityRow): ContactChannel {
  return {
    id: ch.id,
    channel: ch.channel,
    username: ch.username,
    name: ch.name,
    email: ch.email,
    phone: ch.phone,
    verified: ch.verified,
    blocked: ch.blocked,
    createdAt: ch.created_at.toISOString(),
    lastSeenAt: ch.last_seen_at.toISOString(),
  };
}
