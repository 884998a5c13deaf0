import { sql, type Selectable } from 'kysely';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { ChannelIdentitiesTable } from './contacts.tables.js';
import './contacts.tables.js';
import { toE164 } from './phones.js';

export interface ChannelPerson {
  /** The channel's own id for the person: an email address, a phone number, an app's user id. */
  externalId: string;
  name?: string;
  email?: string;
  phone?: string;
}

/** What channels need of an identity (read on every inbound message: only these columns). */
export type IdentityRow = Pick<
  Selectable<ChannelIdentitiesTable>,
  'id' | 'contact_id' | 'channel' | 'external_id' | 'name' | 'email' | 'phone' | 'blocked'
>;
const identityColumns = ['id', 'contact_id', 'channel', 'external_id', 'name', 'email', 'phone', 'blocked'] as const;

/**
 * The people who reach Parley through a channel other than the widget (email, API channels; issue 22):
 * one channel identity per (channel, external id). A new identity joins the contact that already lists
 * its email or phone (one contact across channels: a widget visitor's verified email is on their contact),
 * otherwise a new contact is made with it.
 */
export class ChannelIdentities {
  /** Identity → its channel and external id (facts that never change), read on every agent message. */
  private readonly owners = new Map<string, { channel: string; externalId: string }>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  /** The identity of (channel, externalId) as it stands (no write), or undefined. */
  async find(channel: string, externalId: string): Promise<IdentityRow | undefined> {
    return this.db.q
      .selectFrom('channel_identities')
      .select(identityColumns)
      .where('channel', '=', channel)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
  }

  /**
   * The identity for this person on this channel, made (with its contact, or joining a matching one) when
   * new; a known one learns a name, email or phone it did not have. Joins the caller's transaction;
   * concurrent first messages from one person make one identity.
   */
  async findOrCreate(
    channel: string,
    person: ChannelPerson,
    departmentId: string | null,
  ): Promise<{ identity: IdentityRow; created: boolean }> {
    const known = await this.find(channel, person.externalId);
    if (known) return { identity: await this.learn(known, person), created: false };
    const email = person.email?.trim().toLowerCase() || undefined;
    const phone = person.phone ? (toE164(person.phone) ?? person.phone.trim()) : undefined;
    return this.db.tx(async (trx) => {
      const now = this.clock.now();
      const match = await this.matchingContact(email, phone);
      const contactId = match ?? uuidv7(now.getTime());
      if (!match) {
        await trx
          .insertInto('contacts')
          .values({
            id: contactId,
            name: person.name ?? null,
            emails: email ? [email] : [],
            phones: phone ? [phone] : [],
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
          channel,
          external_id: person.externalId,
          username: (email ?? phone ?? person.externalId).slice(0, 200),
          name: person.name ?? null,
          email: email ?? null,
          phone: phone ?? null,
          department_id: departmentId,
          custom_fields: '{}',
          created_at: now,
          updated_at: now,
          last_seen_at: now,
        })
        .onConflict((oc) => oc.columns(['channel', 'external_id']).doNothing())
        .returning(identityColumns)
        .executeTakeFirst();
      if (inserted) return { identity: inserted, created: true };
      // Another transaction made it first: theirs it is (our new contact, if any, goes).
      if (!match) await trx.deleteFrom('contacts').where('id', '=', contactId).execute();
      return { identity: (await this.find(channel, person.externalId))!, created: false };
    });
  }

  /** The channel and external id of an identity (cached: they never change), or undefined. */
  async channelOf(identityId: string): Promise<{ channel: string; externalId: string } | undefined> {
    const known = this.owners.get(identityId);
    if (known) return known;
    const row = await this.db.q
      .selectFrom('channel_identities')
      .select(['channel', 'external_id'])
      .where('id', '=', identityId)
      .executeTakeFirst();
    if (!row) return undefined;
    const owner = { channel: row.channel, externalId: row.external_id };
    if (this.owners.size > 100_000) this.owners.clear();
    this.owners.set(identityId, owner);
    return owner;
  }

  /** Does any identity of this channel exist (a channel that reached someone is disabled, never removed)? */
  async anyOf(channel: string): Promise<boolean> {
    const row = await this.db.q
      .selectFrom('channel_identities')
      .select('id')
      .where('channel', '=', channel)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The oldest live contact listing this email (first) or phone. */
  private async matchingContact(email: string | undefined, phone: string | undefined): Promise<string | undefined> {
    for (const cond of [
      email ? sql<boolean>`emails @> ${sql.val([email])}::text[]` : undefined,
      phone?.startsWith('+') ? sql<boolean>`phone_digits && ${sql.val([phone.slice(1)])}::text[]` : undefined,
    ]) {
      if (!cond) continue;
      const row = await this.db.q
        .selectFrom('contacts')
        .select('id')
        .where(cond)
        .where('merged_into', 'is', null)
        .where('erased_at', 'is', null)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
      if (row) return row.id;
    }
    return undefined;
  }

  /** A known identity given a name, email or phone it lacks keeps them (and its contact gets the addresses). */
  private async learn(row: IdentityRow, person: ChannelPerson): Promise<IdentityRow> {
    const email = person.email?.trim().toLowerCase() || undefined;
    const phone = person.phone ? (toE164(person.phone) ?? person.phone.trim()) : undefined;
    const name = person.name?.trim() || undefined;
    const changes = {
      ...(name && name !== row.name ? { name } : {}),
      ...(email && email !== row.email ? { email } : {}),
      ...(phone && phone !== row.phone ? { phone } : {}),
    };
    if (Object.keys(changes).length === 0) return row;
    return this.db.tx(async (trx) => {
      const now = this.clock.now();
      const updated = await trx
        .updateTable('channel_identities')
        .set({ ...changes, updated_at: now, last_seen_at: now })
        .where('id', '=', row.id)
        .returning([...identityColumns, 'username'])
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('contacts')
        .set((eb) => ({
          ...(changes.email
            ? { emails: sql`array(select distinct unnest(${eb.ref('emails')} || ${[changes.email]}::text[]))` }
            : {}),
          ...(changes.phone
            ? { phones: sql`array(select distinct unnest(${eb.ref('phones')} || ${[changes.phone]}::text[]))` }
            : {}),
          ...(changes.name ? { name: sql`coalesce(name, ${changes.name})` } : {}),
          updated_at: now,
        }))
        .where('id', '=', row.contact_id)
        .execute();
      this.bus.emit('visitor.updated', {
        visitorId: updated.id,
        name: updated.name,
        email: updated.email,
        username: updated.username,
      });
      return updated;
    });
  }
}
