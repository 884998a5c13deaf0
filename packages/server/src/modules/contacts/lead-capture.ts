import { setRegexEngineCheck, type MessageView } from '@parley/shared';
import { sql } from 'kysely';
import { type RE2JS } from 're2js';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { compileLinear, linearRegexProblem } from '../../kernel/linear-regex.js';
import type { SettingsService } from '../settings/index.js';
import './contacts.tables.js';

/** Only the first characters of a message are scanned (a message may hold 20,000). */
export const LEAD_SCAN_MAX_CHARS = 10_000;
/** At most this many emails, and as many phones, are taken from one message. */
export const LEAD_MAX_VALUES = 10;
/** A contact stops learning a kind once it holds this many (a visitor cannot grow it without end). */
export const LEAD_MAX_PER_CONTACT = 100;
/** Matches looked at per kind and message, values or not (a pattern matching empty strings stops here). */
const MAX_MATCHES_EXAMINED = 50;
const MAX_EMAIL_CHARS = 254;
const MAX_PHONE_CHARS = 50;

/**
 * An admin's pattern, compiled for RE2 (kernel/linear-regex.ts: linear-time, so no pattern can freeze the
 * server as a backtracking `RegExp` can), matched case-insensitively.
 */
export function compileLeadPattern(pattern: string): RE2JS {
  return compileLinear(pattern, { caseInsensitive: true });
}

// The catalog's regex settings are refused at save when RE2 cannot run them (shared/settings/types.ts). At
// import, so that the settings read at start are checked too (a value saved before is then ignored).
setRegexEngineCheck(linearRegexProblem);

export interface LeadValues {
  emails: string[];
  phones: string[];
}

type Kind = 'email' | 'phone';
const settingOf = { email: 'crm.leadEmailRegex', phone: 'crm.leadPhoneRegex' } as const;

/** Phones are one number whatever their spacing: compared by their digits. */
export const phoneKey = (p: string) => p.replace(/\D/g, '') || p.trim().toLowerCase();
const emailKey = (e: string) => e.toLowerCase();

/**
 * Lead capture (settings #57–#58): the emails and phones a visitor writes are added to their contact, in
 * the message's transaction, and `lead.captured` says which were new. Sending it on is the webhooks'
 * business (`crm.on.leadCapture`); capture itself always runs, an empty regex capturing nothing.
 */
export class LeadCapture {
  /** The compiled pattern of each kind, compiled again when its setting changes. */
  private readonly compiled = new Map<Kind, { pattern: string; re: RE2JS | undefined }>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {
    settings.declareEnforced('crm.leadEmailRegex', 'crm.leadPhoneRegex');
  }

  /** The regex that captures this kind now, or undefined when its setting is empty. */
  private regex(kind: Kind): RE2JS | undefined {
    const pattern = this.settings.get(settingOf[kind]);
    const c = this.compiled.get(kind);
    if (c && c.pattern === pattern) return c.re;
    let re: RE2JS | undefined;
    try {
      re = pattern === '' ? undefined : compileLeadPattern(pattern);
    } catch {
      re = undefined; // cannot happen for a saved value (refused at save, or ignored at start)
    }
    this.compiled.set(kind, { pattern, re });
    return re;
  }

  /** The engine in use for a kind (tests check it is RE2's). */
  engine(kind: Kind): RE2JS | undefined {
    return this.regex(kind);
  }

  /** What a text holds, without duplicates; undefined when nothing (the cheap test comes first). */
  find(text: string): LeadValues | undefined {
    const scanned = text.length > LEAD_SCAN_MAX_CHARS ? text.slice(0, LEAD_SCAN_MAX_CHARS) : text;
    const emails = this.values('email', scanned, MAX_EMAIL_CHARS, emailKey).map(emailKey);
    const phones = this.values('phone', scanned, MAX_PHONE_CHARS, phoneKey);
    return emails.length > 0 || phones.length > 0 ? { emails, phones } : undefined;
  }

  private values(kind: Kind, text: string, maxChars: number, key: (v: string) => string): string[] {
    const re = this.regex(kind);
    if (!re || !re.test(text)) return [];
    const seen = new Set<string>();
    const out: string[] = [];
    // A matcher computes a group only when asked (matchAll computes every group of every match: ~2× slower).
    const m = re.matcher(text);
    const group = 'value' in re.namedGroups() ? 'value' : 0;
    let examined = 0;
    while (m.find()) {
      if (++examined > MAX_MATCHES_EXAMINED) break;
      const value = (m.group(group) ?? '').trim();
      if (value === '' || value.length > maxChars || seen.has(key(value))) continue;
      seen.add(key(value));
      out.push(value);
      if (out.length >= LEAD_MAX_VALUES) break;
    }
    return out;
  }

  /**
   * In the transaction of a visitor's text message (contacts.listeners.ts). Nothing found: no query.
   * Found: the contact is read (locked: two messages at once both count) and written once; the visitor's
   * own email or phone, when they have none, becomes the first one found (the agent's visitor panel).
   */
  async onMessage(message: MessageView, visitorId: string): Promise<void> {
    if (message.author.type !== 'visitor' || message.kind !== 'text') return;
    const found = this.find(message.text);
    if (!found) return;
    const trx = this.db.q;
    const row = await trx
      .selectFrom('channel_identities as v')
      .innerJoin('contacts as c', 'c.id', 'v.contact_id')
      .select(['v.contact_id', 'v.name', 'v.username', 'v.email', 'v.phone', 'c.emails', 'c.phones'])
      .where('v.id', '=', visitorId)
      .forUpdate('c')
      .executeTakeFirst();
    if (!row) return;
    const emails = newValues(row.emails, found.emails, emailKey);
    const phones = newValues(row.phones, found.phones, phoneKey);
    if (emails.length === 0 && phones.length === 0) return;
    const now = this.clock.now();
    await trx
      .updateTable('contacts')
      .set({
        ...(emails.length > 0 ? { emails: sql`${[...row.emails, ...emails]}::text[]` } : {}),
        ...(phones.length > 0 ? { phones: sql`${[...row.phones, ...phones]}::text[]` } : {}),
        updated_at: now,
      })
      .where('id', '=', row.contact_id)
      .execute();
    const email = !row.email && emails[0] ? emails[0] : undefined;
    const phone = !row.phone && phones[0] ? phones[0] : undefined;
    if (email || phone) {
      await trx
        .updateTable('channel_identities')
        .set({ ...(email ? { email } : {}), ...(phone ? { phone } : {}), updated_at: now })
        .where('id', '=', visitorId)
        .execute();
      // The conversations keep the visitor's email for their views and search.
      this.bus.emit('visitor.updated', {
        visitorId,
        name: row.name,
        email: email ?? row.email,
        username: row.username,
      });
    }
    this.bus.emit('lead.captured', {
      conversationId: message.conversationId,
      visitorId,
      contactId: row.contact_id,
      messageId: message.id,
      emails,
      phones,
    });
  }
}

/** The found values the contact has not got, while it holds fewer than its bound. */
function newValues(existing: string[], found: string[], key: (v: string) => string): string[] {
  const have = new Set(existing.map(key));
  const room = Math.max(0, LEAD_MAX_PER_CONTACT - existing.length);
  return found.filter((v) => !have.has(key(v))).slice(0, room);
}
