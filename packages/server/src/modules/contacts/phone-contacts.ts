import { sql } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { uuidv7 } from '../../kernel/ids.js';
import './contacts.tables.js';
import { phoneSearchDigits, toE164 } from './phones.js';

/**
 * What other modules (calls, issue 17) need of contacts by phone: a number matched to a contact's phone
 * channel (an unknown contact is made for a number never seen), contacts found by name or phone digits,
 * and contacts' names for presenting. Kept apart from ContactsService (the Contact Center's own API).
 */
export class PhoneContacts {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** The number in E.164, or undefined when it is not a possible international number. */
  normalise(raw: string): string | undefined {
    return toE164(raw);
  }

  /**
   * The contact reached at this E.164 number: the one whose phone channel it is; else the oldest contact
   * that lists the number (it gets the phone channel); else a new unknown contact with that channel.
   * Joins the caller's transaction; concurrent first calls from one number make one identity.
   */
  async contactFor(e164: string): Promise<string> {
    return this.db.tx(async (trx) => {
      const known = await trx
        .selectFrom('channel_identities')
        .select('contact_id')
        .where('channel', '=', 'phone')
        .where('external_id', '=', e164)
        .executeTakeFirst();
      if (known) return known.contact_id;
      const now = this.clock.now();
      const listed = await trx
        .selectFrom('contacts')
        .select('id')
        .where(sql<boolean>`phone_digits && ${sql.val([e164.slice(1)])}::text[]`)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
      let contactId = listed?.id;
      if (!contactId) {
        contactId = uuidv7(now.getTime());
        await trx
          .insertInto('contacts')
          .values({
            id: contactId,
            name: null,
            emails: [],
            phones: [e164],
            custom_fields: '{}',
            conflicting_fields: '[]',
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      const inserted = await trx
        .insertInto('channel_identities')
        .values({
          id: uuidv7(now.getTime()),
          contact_id: contactId,
          channel: 'phone',
          external_id: e164,
          username: e164,
          name: null,
          email: null,
          phone: e164,
          custom_fields: '{}',
          created_at: now,
          updated_at: now,
          last_seen_at: now,
        })
        .onConflict((oc) => oc.columns(['channel', 'external_id']).doNothing())
        .returning('contact_id')
        .executeTakeFirst();
      if (inserted) return inserted.contact_id;
      // Another transaction made the channel first: its contact it is (ours, if new, rolls back with nothing).
      const winner = await trx
        .selectFrom('channel_identities')
        .select('contact_id')
        .where('channel', '=', 'phone')
        .where('external_id', '=', e164)
        .executeTakeFirstOrThrow();
      if (!listed) await trx.deleteFrom('contacts').where('id', '=', contactId).execute();
      return winner.contact_id;
    });
  }

  /** Ids of contacts whose name starts with the text or whose phone has these digits (at most `limit`). */
  async matching(text: string, limit = 500): Promise<string[]> {
    const lower = text.toLowerCase();
    const prefix = `${lower.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    const digits = phoneSearchDigits(text);
    const rows = await this.db.q
      .selectFrom('contacts')
      .select('id')
      .where((eb) =>
        eb.or([
          sql<boolean>`lower(name) like ${prefix}`,
          ...(digits.length ? [sql<boolean>`phone_digits && ${sql.val(digits)}::text[]`] : []),
        ]),
      )
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Name and known/unknown of contacts by id. */
  async summaries(ids: string[]): Promise<Map<string, { name: string | null; unknown: boolean }>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.db.q
      .selectFrom('contacts')
      .select(['id', 'name', 'unknown'])
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((r) => [r.id, { name: r.name, unknown: r.unknown }]));
  }

  /** Does this contact exist? */
  async exists(id: string): Promise<boolean> {
    return !!(await this.db.q.selectFrom('contacts').select('id').where('id', '=', id).executeTakeFirst());
  }
}
