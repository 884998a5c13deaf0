import type { ContactDetails, ContactMergeBody, ContactMergeConflict, ContactMergePreview } from '@parley/shared';
import { sql, type Selectable } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import type { AuditService } from '../audit/index.js';
import type { CustomFieldsService } from '../custom-fields/index.js';
import type { UsersService } from '../users/index.js';
import type { ContactsTable } from './contacts.tables.js';
import type { ContactsService } from './contacts.service.js';

type ContactRow = Selectable<ContactsTable>;
type Conflict = { field: string; value: string };

/** A contact keeps at most this many emails and phones (as lead capture does). */
const MAX_VALUES = 100;

/**
 * The conversations' side of a merge (they are the conversations module's rows): every conversation of
 * one contact re-pointed to another in one statement, in the caller's transaction. Given by compose.ts.
 */
export interface MergeConversations {
  moveContact(fromContactId: string, toContactId: string): Promise<number>;
}

/**
 * Merging two contacts (issue 16 item 9): the survivor takes the other's channels (and so their page views,
 * verification and offline messages), conversations, emails, phones and custom fields. A field both have
 * with different values is a conflict: the caller chooses whose value wins; one left without a choice keeps
 * the survivor's value and stores the other as a conflict to resolve on the contact page. The merged-away
 * contact stays as an empty row whose `merged_into` redirects to the survivor.
 */
export class ContactMerge {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly customFields: CustomFieldsService,
    private readonly users: UsersService,
    private readonly contacts: ContactsService,
    private readonly clock: Clock,
    private readonly conversations: () => MergeConversations,
  ) {}

  async preview(survivorId: string, otherId: string): Promise<ContactMergePreview> {
    const [s, o] = await this.pair(survivorId, otherId, 'query.otherId');
    const [survivor, other] = await Promise.all([this.contacts.details(s.id), this.contacts.details(o.id)]);
    return {
      survivor,
      other,
      conflicts: await this.describe(this.conflicts(s, o)),
      emails: union(s.emails, o.emails, (e) => e.toLowerCase()),
      phones: union(s.phones, o.phones, (p) => p.replace(/\D/g, '')),
    };
  }

  async merge(actor: StaffActor, survivorId: string, body: ContactMergeBody, ip?: string): Promise<ContactDetails> {
    const [s0, o0] = await this.pair(survivorId, body.otherId, 'body.otherId');
    const choices = body.choices ?? {};
    await this.db.tx(async (trx) => {
      // Both rows locked in id order: two merges of the same pair, either way round, never deadlock.
      const locked = await trx
        .selectFrom('contacts')
        .selectAll()
        .where('id', 'in', [s0.id, o0.id])
        .orderBy('id')
        .forUpdate()
        .execute();
      const s = locked.find((r) => r.id === s0.id);
      const o = locked.find((r) => r.id === o0.id);
      // Changed since the pair was read (merged or erased meanwhile): the caller asks again.
      if (!s || s.merged_into) fail('contact.not-found', undefined, 'params.id');
      if (!o || o.merged_into) fail('contact.not-found', undefined, 'body.otherId');
      if (s.erased_at) fail('contact.erased', undefined, 'params.id');
      if (o.erased_at) fail('contact.erased', undefined, 'body.otherId');

      const conflicts = this.conflicts(s, o);
      for (const key of Object.keys(choices)) {
        if (!conflicts.some((c) => c.field === key))
          fail('request.invalid', `Not a conflicting field of these contacts: ${key}`, `body.choices.${key}`);
      }
      const pick = (field: string, mine: string | null, theirs: string | null): string | null => {
        if (mine === null || mine === '') return theirs;
        if (theirs === null || theirs === '' || theirs === mine) return mine;
        return choices[field] === 'other' ? theirs : mine;
      };
      const kept: Conflict[] = [...s.conflicting_fields, ...o.conflicting_fields];
      for (const c of conflicts) {
        if (choices[c.field] === undefined) kept.push({ field: c.field, value: c.otherValue });
      }
      const fields: Record<string, string> = {};
      for (const key of new Set([...Object.keys(s.custom_fields), ...Object.keys(o.custom_fields)])) {
        const v = pick(`customFields.${key}`, s.custom_fields[key] ?? null, o.custom_fields[key] ?? null);
        if (v !== null) fields[key] = v;
      }
      const managerId = pick('contactManagerId', s.contact_manager_id, o.contact_manager_id);
      const now = this.clock.now();

      const channels = await trx
        .updateTable('channel_identities')
        .set({ contact_id: s.id, updated_at: now })
        .where('contact_id', '=', o.id)
        .executeTakeFirst();
      const moved = await this.conversations().moveContact(o.id, s.id);
      // Links to contacts merged into the other earlier now lead to the survivor directly.
      await trx.updateTable('contacts').set({ merged_into: s.id }).where('merged_into', '=', o.id).execute();
      await trx
        .updateTable('contacts')
        .set({
          name: pick('name', s.name, o.name),
          emails: union(s.emails, o.emails, (e) => e.toLowerCase()).slice(0, MAX_VALUES),
          phones: union(s.phones, o.phones, (p) => p.replace(/\D/g, '')).slice(0, MAX_VALUES),
          custom_fields: JSON.stringify(fields),
          contact_manager_id: managerId,
          conflicting_fields: JSON.stringify(dedupe(kept)),
          unknown: s.unknown && o.unknown,
          last_chat_at: sql<Date | null>`greatest(last_chat_at, ${o.last_chat_at})`,
          created_at: s.created_at < o.created_at ? s.created_at : o.created_at,
          updated_at: now,
        })
        .where('id', '=', s.id)
        .execute();
      // The merged-away row keeps no personal data of its own: it is a redirect.
      await trx
        .updateTable('contacts')
        .set({
          merged_into: s.id,
          name: null,
          emails: [],
          phones: [],
          custom_fields: '{}',
          conflicting_fields: '[]',
          contact_manager_id: null,
          updated_at: now,
        })
        .where('id', '=', o.id)
        .execute();
      const changes = {
        mergedId: o.id,
        choices,
        keptAsConflicts: conflicts.filter((c) => choices[c.field] === undefined).map((c) => c.field),
        channelsMoved: Number(channels.numUpdatedRows),
        conversationsMoved: moved,
      };
      await this.audit.record(actor, { action: 'contact.merged', targetType: 'contact', targetId: s.id, changes }, ip);
      await this.audit.record(
        actor,
        { action: 'contact.merged-into', targetType: 'contact', targetId: o.id, changes: { survivorId: s.id } },
        ip,
      );
    });
    return this.contacts.details(s0.id);
  }

  /** The contact page's "resolve": `value` (the current value or one kept as a conflict) wins the field. */
  async resolve(actor: StaffActor, id: string, field: string, value: string, ip?: string): Promise<ContactDetails> {
    const c0 = await this.contacts.row(id);
    await this.db.tx(async (trx) => {
      const c = await trx.selectFrom('contacts').selectAll().where('id', '=', c0.id).forUpdate().executeTakeFirst();
      if (!c) fail('contact.not-found', undefined, 'params.id');
      if (!c.conflicting_fields.some((x) => x.field === field))
        fail('request.invalid', `No conflict to resolve for ${field}`, 'body.field');
      const current = currentValue(c, field);
      if (value !== current && !c.conflicting_fields.some((x) => x.field === field && x.value === value))
        fail('request.invalid', 'Choose the current value or one of the conflicting values', 'body.value');
      const set: Record<string, unknown> = {
        conflicting_fields: JSON.stringify(c.conflicting_fields.filter((x) => x.field !== field)),
        updated_at: this.clock.now(),
      };
      if (value !== current) {
        if (field === 'name') set.name = value;
        else if (field === 'contactManagerId') {
          await this.contacts.assertManagerEligible(value);
          set.contact_manager_id = value;
        } else {
          const key = field.slice('customFields.'.length);
          set.custom_fields = JSON.stringify({ ...c.custom_fields, [key]: value });
        }
      }
      await trx.updateTable('contacts').set(set).where('id', '=', c.id).execute();
      await this.audit.record(
        actor,
        {
          action: 'contact.conflict-resolved',
          targetType: 'contact',
          targetId: c.id,
          changes: { field, from: current, to: value },
        },
        ip,
      );
    });
    return this.contacts.details(c0.id);
  }

  /** Both contacts, redirects followed; the same person twice is refused. */
  private async pair(survivorId: string, otherId: string, otherField: string): Promise<[ContactRow, ContactRow]> {
    const s = await this.contacts.row(survivorId);
    const o = await this.contacts.row(otherId).catch(() => fail('contact.not-found', undefined, otherField));
    if (s.id === o.id) fail('contact.merge-self', undefined, otherField);
    if (s.erased_at) fail('contact.erased', undefined, 'params.id');
    if (o.erased_at) fail('contact.erased', undefined, otherField);
    return [s, o];
  }

  private conflicts(s: ContactRow, o: ContactRow): Array<{ field: string; survivorValue: string; otherValue: string }> {
    const out: Array<{ field: string; survivorValue: string; otherValue: string }> = [];
    const add = (field: string, a: string | null | undefined, b: string | null | undefined) => {
      if (a && b && a !== b) out.push({ field, survivorValue: a, otherValue: b });
    };
    add('name', s.name, o.name);
    add('contactManagerId', s.contact_manager_id, o.contact_manager_id);
    for (const key of Object.keys(s.custom_fields).sort()) {
      add(`customFields.${key}`, s.custom_fields[key], o.custom_fields[key]);
    }
    return out;
  }

  private async describe(
    raw: Array<{ field: string; survivorValue: string; otherValue: string }>,
  ): Promise<ContactMergeConflict[]> {
    const fields = new Map((await this.customFields.list('visitor')).map((f) => [f.id, f.label]));
    const managerIds = raw
      .filter((c) => c.field === 'contactManagerId')
      .flatMap((c) => [c.survivorValue, c.otherValue]);
    const names = new Map((await this.users.byIds(managerIds)).map((u) => [u.id, u.name]));
    return raw.map((c) => {
      const text = (v: string) => (c.field === 'contactManagerId' ? (names.get(v) ?? v) : v);
      const label =
        c.field === 'name'
          ? 'Name'
          : c.field === 'contactManagerId'
            ? 'Contact manager'
            : (fields.get(c.field.slice('customFields.'.length)) ?? c.field.slice('customFields.'.length));
      return { ...c, label, survivorText: text(c.survivorValue), otherText: text(c.otherValue) };
    });
  }
}

function currentValue(c: ContactRow, field: string): string {
  if (field === 'name') return c.name ?? '';
  if (field === 'contactManagerId') return c.contact_manager_id ?? '';
  return c.custom_fields[field.slice('customFields.'.length)] ?? '';
}

function union(a: string[], b: string[], key: (v: string) => string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of [...a, ...b]) {
    const k = key(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

function dedupe(list: Conflict[]): Conflict[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const k = `${c.field}\u0000${c.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
