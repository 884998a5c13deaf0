import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import type { AuditService } from '../audit/index.js';
import type { ContactsService } from './contacts.service.js';

/** Rows read per query while exporting: a contact with 100,000 messages never sits in memory at once. */
const PAGE = 200;

type Row = Record<string, unknown>;

/**
 * What other modules hold about a contact, reached through their faces (compose.ts wires it: they come
 * after contacts in the module order).
 */
export interface ContactDataOwners {
  /** The contact's conversations (all columns), oldest first, after the conversation `afterId`. */
  conversationsPage(contactId: string, afterId: string | null, limit: number): Promise<Array<Row & { id: string }>>;
  /** One conversation's messages (notes too), by sequence number after `afterSeq`. */
  messagesPage(conversationId: string, afterSeq: number, limit: number): Promise<Array<Row & { seq: number }>>;
  /** One conversation's files: metadata and where staff download them. */
  files(conversationId: string): Promise<Row[]>;
  /** The contact's calls (video, audio, phone). */
  calls(contactId: string): Promise<Row[]>;
  /** Offline messages the contact's channels (or emails) left. */
  offlineMessages(visitorIds: string[], emails: string[]): Promise<Row[]>;
  /**
   * In the caller's transaction: the contact's conversations pseudonymised (visitor copies, custom fields),
   * visitor messages replaced, every other text cleaned of `pattern` (a case-insensitive regex of the
   * person's names, emails and phones), files deleted (their storage after commit), webhook data for those
   * conversations dropped, offline messages deleted.
   */
  erase(p: {
    contactId: string;
    visitorIds: string[];
    emails: string[];
    pattern: string | null;
  }): Promise<{ conversations: number; files: number }>;
}

/**
 * GDPR from the contact page (issue 16 item 11): the export of everything Parley holds about a contact
 * (a streamed JSON document) and its erasure, which keeps that it happened (who, when, which contact) and
 * nothing of what was erased.
 */
export class ContactPrivacy {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly contacts: ContactsService,
    private readonly clock: Clock,
    private readonly owners: () => ContactDataOwners,
  ) {}

  /** The export, as JSON text produced page by page while it is sent. */
  async export(actor: StaffActor, id: string, ip?: string): Promise<{ stream: Readable; filename: string }> {
    const c = await this.contacts.row(id);
    const details = await this.contacts.details(c.id);
    await this.audit.record(actor, { action: 'contact.exported', targetType: 'contact', targetId: c.id }, ip);
    const channels = await this.db.q
      .selectFrom('channel_identities')
      .selectAll()
      .where('contact_id', '=', c.id)
      .orderBy('created_at')
      .execute();
    const visitorIds = channels.map((ch) => ch.id);
    const owners = this.owners();
    const db = this.db;
    const exportedAt = this.clock.now().toISOString();
    async function* parts(): AsyncGenerator<string> {
      yield `{"format":"parley.contact-export/1","exportedAt":${JSON.stringify(exportedAt)}`;
      yield `,"contact":${JSON.stringify({ ...details, channelList: undefined })}`;
      const channelOut = channels.map(({ external_id: _hash, ...ch }) => ({
        ...ch,
        consent: ch.consent_at ? { at: ch.consent_at, textVersion: ch.consent_text_hash } : null,
      }));
      yield `,"channels":${JSON.stringify(channelOut)}`;
      const codes = visitorIds.length
        ? await db.q
            .selectFrom('verification_codes')
            .select(['id', 'visitor_id', 'email', 'ip', 'attempts', 'created_at', 'expires_at', 'used_at'])
            .where('visitor_id', 'in', visitorIds)
            .orderBy('created_at')
            .execute()
        : [];
      yield `,"verificationCodes":${JSON.stringify(codes)}`;
      yield `,"pageViews":[`;
      let first = true;
      let after: string | null = null;
      while (visitorIds.length) {
        let q = db.q
          .selectFrom('page_views')
          .selectAll()
          .where('visitor_id', 'in', visitorIds)
          .orderBy('id')
          .limit(PAGE);
        if (after) q = q.where('id', '>', after);
        const rows = await q.execute();
        for (const r of rows) {
          yield (first ? '' : ',') + JSON.stringify(r);
          first = false;
        }
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1]!.id;
      }
      yield `],"offlineMessages":${JSON.stringify(await owners.offlineMessages(visitorIds, c.emails))}`;
      yield `,"calls":${JSON.stringify(await owners.calls(c.id))}`;
      yield `,"conversations":[`;
      first = true;
      let afterConv: string | null = null;
      for (;;) {
        const page = await owners.conversationsPage(c.id, afterConv, PAGE);
        for (const conv of page) {
          yield `${first ? '' : ','}${JSON.stringify(conv).slice(0, -1)},"files":${JSON.stringify(await owners.files(conv.id))},"messages":[`;
          first = false;
          let seq = 0;
          let firstMessage = true;
          for (;;) {
            const msgs = await owners.messagesPage(conv.id, seq, PAGE);
            for (const m of msgs) {
              yield (firstMessage ? '' : ',') + JSON.stringify(m);
              firstMessage = false;
            }
            if (msgs.length < PAGE) break;
            seq = msgs[msgs.length - 1]!.seq;
          }
          yield ']}';
        }
        if (page.length < PAGE) break;
        afterConv = page[page.length - 1]!.id;
      }
      yield ']}\n';
    }
    return { stream: Readable.from(parts()), filename: `contact-${c.id}.json` };
  }

  /**
   * Erasure: personal data removed or pseudonymised everywhere, in one transaction (files leave storage
   * after commit). The audit keeps `contact.erased` (who, when, the contact id, how much) and the earlier
   * entries about the contact and its channels lose their details.
   */
  async erase(
    actor: StaffActor,
    id: string,
    ip?: string,
  ): Promise<{ id: string; erasedAt: string; conversations: number; files: number }> {
    const c0 = await this.contacts.row(id);
    const now = this.clock.now();
    const result = await this.db.tx(async (trx) => {
      const c = await trx.selectFrom('contacts').selectAll().where('id', '=', c0.id).forUpdate().executeTakeFirst();
      if (!c) fail('contact.not-found', undefined, 'params.id');
      if (c.erased_at) fail('contact.erased', undefined, 'params.id');
      const channels = await trx
        .selectFrom('channel_identities')
        .selectAll()
        .where('contact_id', '=', c.id)
        .forUpdate()
        .execute();
      const visitorIds = channels.map((ch) => ch.id);
      const merged = await trx.selectFrom('contacts').select('id').where('merged_into', '=', c.id).execute();
      const values = [
        c.name,
        ...c.emails,
        ...c.phones,
        ...Object.values(c.custom_fields),
        ...c.conflicting_fields.map((x) => x.value),
        ...channels.flatMap((ch) => [ch.name, ch.email, ch.phone, ch.verified_email, ch.signed_user_id]),
      ];
      const emails = [...c.emails, ...channels.flatMap((ch) => [ch.email, ch.verified_email])]
        .filter((e): e is string => !!e)
        .map((e) => e.toLowerCase());
      const counts = await this.owners().erase({
        contactId: c.id,
        visitorIds,
        emails: [...new Set(emails)],
        pattern: personalPattern(values),
      });
      if (visitorIds.length) {
        await trx.deleteFrom('page_views').where('visitor_id', 'in', visitorIds).execute();
        await trx.deleteFrom('verification_codes').where('visitor_id', 'in', visitorIds).execute();
        await trx
          .updateTable('channel_identities')
          .set({
            name: null,
            email: null,
            phone: null,
            custom_fields: '{}',
            ip: null,
            user_agent: null,
            referrer: null,
            verified_email: null,
            signed_user_id: null,
            // A widget's username is a pseudonym (guest-12) and its key a token's hash; other channels are
            // keyed and named by the address or number itself (a phone channel by its E.164 number).
            username: sql<string>`case when channel = 'widget' then username else 'erased-' || left(id::text, 8) end`,
            external_id: sql<string>`case when channel = 'widget' then external_id else 'erased:' || id::text end`,
            updated_at: now,
          })
          .where('id', 'in', visitorIds)
          .execute();
      }
      await trx
        .updateTable('contacts')
        .set({
          name: null,
          emails: [],
          phones: [],
          custom_fields: '{}',
          conflicting_fields: '[]',
          contact_manager_id: null,
          erased_at: now,
          updated_at: now,
        })
        .where('id', '=', c.id)
        .execute();
      await this.audit.redactTargets([c.id, ...merged.map((m) => m.id), ...visitorIds]);
      await this.audit.record(
        actor,
        {
          action: 'contact.erased',
          targetType: 'contact',
          targetId: c.id,
          changes: { channels: visitorIds.length, conversations: counts.conversations, files: counts.files },
        },
        ip,
      );
      return counts;
    });
    return { id: c0.id, erasedAt: now.toISOString(), ...result };
  }
}

/**
 * One case-insensitive regular expression (PostgreSQL's) matching any of the person's values that is long
 * enough to be theirs (3 characters or more), each taken literally; null when there is none.
 */
export function personalPattern(values: Array<string | null | undefined>): string | null {
  const literal = [...new Set(values.filter((v): v is string => !!v && v.trim().length >= 3).map((v) => v.trim()))]
    .sort((a, b) => b.length - a.length)
    .map((v) => [...v].map((ch) => (/[A-Za-z0-9]/.test(ch) || ch.charCodeAt(0) > 127 ? ch : `\\${ch}`)).join(''));
  return literal.length ? `(${literal.join('|')})` : null;
}
