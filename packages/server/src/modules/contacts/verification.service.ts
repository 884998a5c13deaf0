import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { ErrorCode, VerificationStatus } from '@parley/shared';
import { sql, type Transaction } from 'kysely';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Database } from '../../kernel/db/schema.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { VisitorActor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { Mailer } from '../../kernel/mailer.js';
import type { SettingsService } from '../settings/index.js';
import './contacts.tables.js';
import type { VisitorRow, VisitorsService } from './visitors.service.js';

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;
/** Codes one visitor may ask for per hour, and one IP address. */
export const CODES_PER_VISITOR_HOUR = 5;
export const CODES_PER_IP_HOUR = 20;
const HOUR_MS = 3_600_000;
const emailRe = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * What verification needs of the conversations module (below contacts in the module order, so it is
 * declared here and compose.ts passes the conversations' face in).
 */
export interface VerificationConversations {
  /** The channel joined another contact: its conversations move with it (their `contact_id`). */
  moveVisitorToContact(visitorId: string, contactId: string): Promise<void>;
  /** Tells the visitor's active conversation (a system message staff and the widget see live). */
  announce(
    visitorId: string,
    what: 'visitor-verified' | 'verification-requested',
    data: Record<string, string>,
  ): Promise<void>;
}

/** The identity a widget call carries (X-Parley-User-Id / X-Parley-User-Hash). */
export interface SignedIdentity {
  userId: string | undefined;
  hash: string | undefined;
}

/**
 * Identity verification (issue 16 items 7–8): a signed user id from the host site, checked on every
 * widget call, or a one-time code emailed to the visitor. A verified channel whose signed user id or
 * verified email matches another verified channel joins that channel's contact; typed (unverified)
 * emails never link anything.
 */
export class VerificationService {
  /** Visitors bound to a signed user id (permanent, so cached without expiry). */
  private readonly bound = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly settings: SettingsService,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly visitors: VisitorsService,
    private readonly conversations: () => VerificationConversations,
  ) {
    settings.declareEnforced(
      'livechat.identity.secret',
      'livechat.identity.enforce',
      'livechat.verification.emailRequired',
    );
  }

  /** HMAC-SHA256(secret, userId) in hex, compared in constant time. False while no secret is set. */
  signatureOk(userId: string, hash: string): boolean {
    const secret = this.settings.get('livechat.identity.secret');
    if (!secret || !/^[0-9a-f]{64}$/i.test(hash)) return false;
    const want = createHmac('sha256', secret).update(userId).digest();
    return timingSafeEqual(want, Buffer.from(hash, 'hex'));
  }

  /**
   * Every widget call passes here (widget.routes.ts). A call carrying an identity must carry a valid one;
   * a visitor bound to a signed user id must carry that id on every call (it cannot drop it and act
   * anonymously); a visitor not yet bound is bound and verified by the first valid one.
   */
  async gate(actor: VisitorActor | undefined, id: SignedIdentity): Promise<void> {
    const given = id.userId !== undefined || id.hash !== undefined;
    if (given) this.checkSigned(id);
    if (!actor) return;
    // No secret: signed identities are off (nobody can be bound now): no query on the message path.
    if (!given && !this.settings.get('livechat.identity.secret')) return;
    // A binding never changes once made, so a known one needs no query; an unbound visitor is read every
    // time (another process may have bound it since).
    let boundTo = this.bound.get(actor.visitorId);
    if (boundTo === undefined) {
      const row = await this.db.q
        .selectFrom('channel_identities')
        .select(['signed_user_id'])
        .where('id', '=', actor.visitorId)
        .executeTakeFirst();
      if (!row) return;
      if (row.signed_user_id !== null) this.remember(actor.visitorId, row.signed_user_id);
      boundTo = row.signed_user_id ?? undefined;
    }
    if (boundTo !== undefined) {
      if (id.userId !== boundTo)
        fail(
          'identity.invalid',
          'This visitor is signed in as another user: send its X-Parley-User-Id and X-Parley-User-Hash',
          'headers.x-parley-user-id',
        );
      return;
    }
    if (id.userId !== undefined) await this.verifySigned(actor.visitorId, id.userId);
  }

  private remember(visitorId: string, userId: string): void {
    if (this.bound.size > 100_000) this.bound.clear();
    this.bound.set(visitorId, userId);
  }

  /** Throws unless the identity headers are a valid pair. */
  checkSigned(id: SignedIdentity): asserts id is { userId: string; hash: string } {
    if (!id.userId || id.userId.length > 200) fail('identity.invalid', undefined, 'headers.x-parley-user-id');
    if (!id.hash || !this.signatureOk(id.userId, id.hash))
      fail('identity.invalid', undefined, 'headers.x-parley-user-hash');
  }

  /** Whether a chat must wait for verification (enforce mode, or email verification required). */
  get required(): boolean {
    return this.settings.get('livechat.identity.enforce') || this.settings.get('livechat.verification.emailRequired');
  }

  async status(visitorId: string): Promise<VerificationStatus> {
    return verificationStatus(await this.visitors.get(visitorId), this.required);
  }

  /** Before a chat starts: with enforce (or email verification required) on, only verified visitors. */
  async assertMayStart(visitorId: string): Promise<void> {
    if (!this.required) return;
    const v = await this.visitors.get(visitorId);
    if (!v.verified) fail('identity.required');
  }

  /**
   * Binds the visitor to a signed user id, verifies it, and joins the contact of that user's other
   * channels. Refused when the visitor is bound to another user meanwhile (a concurrent call).
   */
  async verifySigned(visitorId: string, userId: string): Promise<void> {
    const now = this.clock.now();
    const boundTo = await this.db.tx(async (trx) => {
      const bound = await trx
        .updateTable('channel_identities')
        .set({ signed_user_id: userId, verified: true, verified_at: now, verified_via: 'signed', updated_at: now })
        .where('id', '=', visitorId)
        .where('signed_user_id', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!bound) {
        const row = await trx
          .selectFrom('channel_identities')
          .select('signed_user_id')
          .where('id', '=', visitorId)
          .executeTakeFirst();
        return row?.signed_user_id ?? null;
      }
      await this.link(trx, visitorId, 'signed_user_id', userId);
      await this.conversations().announce(visitorId, 'visitor-verified', { via: 'signed' });
      return userId;
    });
    if (boundTo !== null) this.remember(visitorId, boundTo);
    if (boundTo !== userId) fail('identity.invalid', undefined, 'headers.x-parley-user-id');
  }

  /**
   * Emails a 6-digit code to the visitor (to `email`, or the one they gave). Limited per visitor and per
   * IP address per hour; a new code replaces the previous one.
   */
  async sendCode(
    visitorId: string,
    email: string | undefined,
    ip: string,
  ): Promise<{ email: string; expiresAt: string }> {
    const v = await this.visitors.get(visitorId);
    const to = (email ?? v.email ?? '').trim().toLowerCase();
    if (!to) fail('verification.no-email', undefined, 'body.email');
    if (!emailRe.test(to) || to.length > 254) fail('email.invalid', undefined, 'body.email');
    if (!this.mailer.configured) fail('email.not-configured');
    const now = this.clock.now();
    const since = new Date(now.getTime() - HOUR_MS);
    const counts = await this.db.q
      .selectFrom('verification_codes')
      .select([
        sql<number>`count(*) filter (where visitor_id = ${visitorId})::int`.as('mine'),
        sql<number>`count(*) filter (where ip = ${ip})::int`.as('ip'),
      ])
      .where('created_at', '>', since)
      .where((eb) => eb.or([eb('visitor_id', '=', visitorId), eb('ip', '=', ip)]))
      .executeTakeFirstOrThrow();
    if (counts.mine >= CODES_PER_VISITOR_HOUR || counts.ip >= CODES_PER_IP_HOUR) fail('verification.too-many-codes');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    await this.db.tx(async (trx) => {
      await trx
        .updateTable('verification_codes')
        .set({ used_at: now })
        .where('visitor_id', '=', visitorId)
        .where('used_at', 'is', null)
        .execute();
      await trx
        .insertInto('verification_codes')
        .values({
          id: uuidv7(now.getTime()),
          visitor_id: visitorId,
          email: to,
          code_hash: hashCode(code),
          ip: ip.slice(0, 100),
          expires_at: expiresAt,
          created_at: now,
        })
        .execute();
    });
    try {
      await this.mailer.send({
        to,
        subject: `Your verification code: ${code}`,
        text: `Your verification code is ${code}.\n\nIt is valid for 10 minutes. If you did not ask for it, ignore this email.`,
      });
    } catch {
      fail('email.not-configured', 'The verification code could not be emailed; try again later');
    }
    return { email: to, expiresAt: expiresAt.toISOString() };
  }

  /** Checks the visitor's latest code; the right one verifies the email and the channel. */
  async checkCode(visitorId: string, code: string): Promise<{ verified: true; email: string }> {
    const now = this.clock.now();
    type Checked = { error?: ErrorCode; left?: number; email?: string };
    const result = await this.db.tx(async (trx): Promise<Checked> => {
      const row = await trx
        .selectFrom('verification_codes')
        .selectAll()
        .where('visitor_id', '=', visitorId)
        .where('used_at', 'is', null)
        .orderBy('created_at', 'desc')
        .limit(1)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return { error: 'verification.no-code' };
      if (row.expires_at.getTime() <= now.getTime()) return { error: 'verification.code-expired' };
      if (row.attempts >= CODE_MAX_ATTEMPTS) return { error: 'verification.too-many-attempts' };
      if (!codeMatches(row.code_hash, code)) {
        const attempts = row.attempts + 1;
        await trx.updateTable('verification_codes').set({ attempts }).where('id', '=', row.id).execute();
        return attempts >= CODE_MAX_ATTEMPTS
          ? { error: 'verification.too-many-attempts' }
          : { error: 'verification.code-invalid', left: CODE_MAX_ATTEMPTS - attempts };
      }
      await trx.updateTable('verification_codes').set({ used_at: now }).where('id', '=', row.id).execute();
      await trx
        .updateTable('channel_identities')
        .set({ verified: true, verified_at: now, verified_via: 'email', verified_email: row.email, updated_at: now })
        .where('id', '=', visitorId)
        .execute();
      await this.link(trx, visitorId, 'verified_email', row.email);
      await this.conversations().announce(visitorId, 'visitor-verified', { via: 'email', email: row.email });
      return { email: row.email };
    });
    if (result.error !== undefined) {
      const left = result.left;
      fail(
        result.error,
        left !== undefined ? `The verification code is wrong (${left} attempts left)` : undefined,
        'body.code',
      );
    }
    return { verified: true, email: result.email! };
  }

  /** The agent asks the visitor to verify their email: the widget shows the code form. */
  async request(visitorId: string): Promise<void> {
    await this.db.tx(async () => {
      await this.conversations().announce(visitorId, 'verification-requested', {});
    });
  }

  /**
   * One person, one contact: the earliest other channel verified with the same key brings its contact;
   * this channel (and its conversations) joins it. Only verified keys are compared, never typed emails.
   */
  private async link(
    trx: Transaction<Database>,
    visitorId: string,
    key: 'signed_user_id' | 'verified_email',
    value: string,
  ): Promise<void> {
    const me = await trx
      .selectFrom('channel_identities')
      .select(['contact_id', 'name', 'username', 'email'])
      .where('id', '=', visitorId)
      .executeTakeFirstOrThrow();
    const other = await trx
      .selectFrom('channel_identities')
      .select(['contact_id'])
      .where(key, '=', value)
      .where('verified', '=', true)
      .where('id', '!=', visitorId)
      .orderBy('verified_at', 'asc')
      .limit(1)
      .executeTakeFirst();
    const contactId = other?.contact_id ?? me.contact_id;
    if (contactId !== me.contact_id) {
      await trx.updateTable('channel_identities').set({ contact_id: contactId }).where('id', '=', visitorId).execute();
      await this.conversations().moveVisitorToContact(visitorId, contactId);
      // The cached actor carries the contact: read it again.
      this.visitors.forgetTokens();
    }
    if (key === 'verified_email') {
      await trx
        .updateTable('contacts')
        .set((eb) => ({
          emails: sql`array(select distinct unnest(${eb.ref('emails')} || ${[value]}::text[]))`,
          updated_at: this.clock.now(),
        }))
        .where('id', '=', contactId)
        .execute();
    }
    this.bus.emit('visitor.updated', { visitorId, name: me.name, email: me.email, username: me.username });
  }
}

/** `salt:sha256(salt:code)`: the table never holds a code. */
function hashCode(code: string): string {
  const salt = randomBytes(16).toString('hex');
  return `${salt}:${createHash('sha256').update(`${salt}:${code}`).digest('hex')}`;
}

function codeMatches(stored: string, code: string): boolean {
  const [salt, hash] = stored.split(':');
  if (!salt || !hash) return false;
  const got = createHash('sha256').update(`${salt}:${code}`).digest();
  return timingSafeEqual(got, Buffer.from(hash, 'hex'));
}

export function verificationStatus(v: VisitorRow, required: boolean): VerificationStatus {
  return {
    verified: v.verified,
    via: v.verified_via === 'signed' || v.verified_via === 'email' ? v.verified_via : null,
    verifiedAt: v.verified_at?.toISOString() ?? null,
    email: v.verified_email,
    required,
  };
}
