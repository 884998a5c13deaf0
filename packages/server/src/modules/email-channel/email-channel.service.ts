import { createHash, randomBytes } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { sql } from 'kysely';
import {
  emailChannelSettingsSchema,
  type ChannelStatus,
  type EmailChannelSettings,
  type EmailChannelSettingsView,
  type EmailThreadView,
  type MessageView,
} from '@parley/shared';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { DomainError, fail } from '../../kernel/errors.js';
import type { JobRunner } from '../../kernel/jobs.js';
import type { Logger } from '../../kernel/logger.js';
import { MAIL_JOBS } from '../../kernel/mailer.js';
import type { ChannelInbound, ChannelRow, ChannelsService } from '../channels/index.js';
import { allowedContentTypes, type UploadsService } from '../messages/index.js';
import type { SettingsService } from '../settings/index.js';
import { IdleWatchers } from './idle.js';
import { describeImapError, readNewMail, type FetchedMail } from './imap.js';
import { newToken, parseMail, replyAddress, replySubject, tokensOf, type InboundMail } from './parse.js';
import './email-channel.tables.js';

export const POLL_JOB = 'email-channel.poll';
export const SEND_JOB = 'email-channel.send';

/** The payload of a reply's send job: what the console's failing-mail list shows (`to`, `subject`) and what to send. */
export interface SendPayload {
  to: string;
  subject: string;
  conversationId: string;
  messageId: string;
  text: string;
  attachment: { id: string; name: string; contentType: string } | null;
}

export interface EmailChannelDeps {
  db: Db;
  clock: Clock;
  jobs: JobRunner;
  log: Logger;
  settings: SettingsService;
  channels: ChannelsService;
  inbound: ChannelInbound;
  uploads: UploadsService;
  limits?: Partial<EmailLimits>;
  random?: (n: number) => Buffer;
}

export interface EmailLimits {
  /** Mails read per poll (more waiting: the poll runs again at once). */
  batchMails: number;
  /** A mail larger than this is not fetched: skipped, with the reason logged. */
  maxRawBytes: number;
  /** Sources fetched per IMAP command, in bytes. */
  chunkBytes: number;
  /** Tries of a mail that fails for a reason of its own before it is skipped (the reader never sticks). */
  poisonTries: number;
  /** Attachments kept per mail. */
  maxAttachments: number;
  /** Mails handled side by side (different senders only). */
  concurrent: number;
}

const defaultLimits: EmailLimits = {
  batchMails: 200,
  maxRawBytes: 40 * 1024 * 1024,
  chunkBytes: 8 * 1024 * 1024,
  poisonTries: 3,
  maxAttachments: 10,
  concurrent: 16,
};

/** Backoff of a mailbox that cannot be read: 5 s doubling to 10 minutes, forever (the status says why). */
export const pollRetryDelayMs = (attempt: number) => Math.min(5_000 * 2 ** (attempt - 1), 600_000);

/** What became of one mail. */
export type MailOutcome =
  | { kind: 'received'; conversationId: string; createdConversation: boolean; duplicate: boolean }
  | { kind: 'skipped'; reason: string };

type AccountRow = {
  imap_password: string;
  smtp_password: string;
  uid_validity: string | number | null;
  last_uid: string | number;
  failing_uid: string | number | null;
  failing_count: number;
};

const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));

/**
 * The email channel (issue 22 item 2, docs/email-channel.md): each email channel's mailbox is read by a
 * recurring leased job (`email-channel.poll`, one row per channel: one reader at a time across every
 * process), its position (UIDVALIDITY + last UID) kept in `email_channel_accounts` and advanced past each
 * mail once it is stored or skipped; each mail parsed, filtered (auto-replies, bounces, lists, loops),
 * threaded (Message-ID map, +tag, subject token) and handed to `channels.inbound.receive` (idempotent by
 * the mail's Message-ID). Agent replies leave by SMTP from the channel's address as durable jobs.
 */
export class EmailChannels {
  private readonly limits: EmailLimits;
  private readonly random: (n: number) => Buffer;
  private readonly transports = new Map<string, { key: string; transporter: Transporter }>();
  /** IDLE doorbells (only in a server that runs its jobs: `start()`). */
  private idle: IdleWatchers | undefined;

  constructor(private readonly d: EmailChannelDeps) {
    this.limits = { ...defaultLimits, ...d.limits };
    this.random = d.random ?? randomBytes;
    d.jobs.register<{ channelId: string }>({
      kind: POLL_JOB,
      transactional: false,
      leaseMs: 5 * 60_000,
      maxAttempts: 1_000_000_000,
      retryDelayMs: pollRetryDelayMs,
      run: (p) => this.poll(p.channelId),
    });
    d.jobs.register<SendPayload>({
      kind: SEND_JOB,
      transactional: false,
      leaseMs: 2 * 60_000,
      maxAttempts: 12,
      category: MAIL_JOBS,
      // 30 s doubling to an hour, as the other mail jobs.
      retryDelayMs: (attempt) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000),
      run: (p) => this.send(p),
    });
  }

  // ── the channels module's hooks ─────────────────────────────────────────────────────────────────────

  /**
   * In the channel save's transaction: validates the settings, keeps the passwords here (an omitted one
   * stays as it was), answers the non-secret part for `channels.settings`, and (re)arms the mailbox's
   * reader to run at once with the new settings.
   */
  async save(channel: ChannelRow, given: Record<string, unknown>, isNew: boolean): Promise<Record<string, unknown>> {
    const parsed = emailChannelSettingsSchema.safeParse(given);
    if (!parsed.success) fail('channel.settings-invalid', undefined, 'body.settings');
    const s = parsed.data;
    const now = this.d.clock.now();
    const before = isNew ? undefined : await this.account(channel.id);
    const imapPassword = s.imap.password || before?.imap_password || '';
    const smtpPassword = s.smtp.password || before?.smtp_password || '';
    const moved =
      before !== undefined &&
      JSON.stringify(pick(channel.settings)) !== JSON.stringify(pick(s as unknown as Record<string, unknown>));
    await this.d.db.q
      .insertInto('email_channel_accounts')
      .values({ channel_id: channel.id, imap_password: imapPassword, smtp_password: smtpPassword, updated_at: now })
      .onConflict((oc) =>
        oc.column('channel_id').doUpdateSet({
          imap_password: imapPassword,
          smtp_password: smtpPassword,
          // Another server or mailbox: its UIDs mean nothing here, start from what it holds now.
          ...(moved ? { uid_validity: null, last_uid: 0 } : {}),
          state: 'connecting',
          detail: null,
          updated_at: now,
        }),
      )
      .execute();
    await this.d.jobs.enqueue(
      POLL_JOB,
      { channelId: channel.id },
      { idempotencyKey: pollKey(channel.id), replace: true },
    );
    return toView(s, Boolean(imapPassword), Boolean(smtpPassword));
  }

  /** The mailbox connection's state for the console (`ChannelView.status`). */
  async status(channel: ChannelRow): Promise<ChannelStatus | undefined> {
    const row = await this.d.db.q
      .selectFrom('email_channel_accounts')
      .select(['state', 'detail', 'state_at'])
      .where('channel_id', '=', channel.id)
      .executeTakeFirst();
    if (!row) return { state: 'error', detail: 'No mailbox is set up for this channel' };
    return {
      state: row.state,
      ...(row.detail ? { detail: row.detail } : {}),
      ...(row.state_at ? { at: new Date(row.state_at).toISOString() } : {}),
    };
  }

  /**
   * Reads the mailbox soon (new mail announced by IDLE, a test). A read under way is left alone (moving its
   * row would end its lease): its own next run comes at the poll interval, or at once when more is waiting.
   */
  async pollSoon(channelId: string): Promise<void> {
    const pending = await this.d.jobs.pending(pollKey(channelId));
    if (pending && pending.runAt.getTime() <= this.d.clock.now().getTime()) return;
    await this.d.db.tx(() =>
      this.d.jobs.enqueue(POLL_JOB, { channelId }, { idempotencyKey: pollKey(channelId), replace: true }),
    );
  }

  // ── inbound ──────────────────────────────────────────────────────────────────────────────────────────

  /** One run of a channel's reader (the recurring job): new mail handled in UID order, the position kept. */
  async poll(channelId: string): Promise<void | { runAgainAt: Date }> {
    const channel = (await this.d.channels.rows()).find((r) => r.id === channelId);
    if (!channel || channel.type !== 'email') return; // removed: the job ends with it
    const settings = this.settingsOf(channel);
    const later = () => ({ runAgainAt: new Date(this.d.clock.now().getTime() + (settings?.pollSeconds ?? 60) * 1000) });
    const account = await this.account(channelId);
    if (!settings || !account) return later();
    if (!channel.enabled) return later();
    let batch;
    try {
      batch = await readNewMail(
        { ...settings.imap, password: account.imap_password },
        { uidValidity: num(account.uid_validity), afterUid: num(account.last_uid) ?? 0 },
        { maxMails: this.limits.batchMails, maxRawBytes: this.limits.maxRawBytes, chunkBytes: this.limits.chunkBytes },
      );
    } catch (err) {
      const detail = describeImapError(err);
      this.d.log.warn({ channelId, detail }, 'email channel: the mailbox could not be read');
      await this.setState(channelId, 'error', detail);
      throw new Error(detail, { cause: err });
    }
    if (num(account.uid_validity) !== batch.uidValidity) {
      await this.d.db.q
        .updateTable('email_channel_accounts')
        .set({ uid_validity: batch.uidValidity, last_uid: 0, failing_uid: null, failing_count: 0 })
        .where('channel_id', '=', channelId)
        .execute();
    }
    for (let i = 0; i < batch.mails.length; i += this.limits.concurrent) {
      const done = await this.handleChunk(
        channel,
        settings,
        batch.uidValidity,
        batch.mails.slice(i, i + this.limits.concurrent),
      );
      // The channel was disabled meanwhile: the rest waits (unread) until it is enabled again.
      if (done === 'stop') return later();
      // A poison mail was skipped: read on from just after it.
      if (done === 'again') {
        await this.setState(channelId, 'ok', null);
        return { runAgainAt: this.d.clock.now() };
      }
    }
    await this.setState(channelId, 'ok', null);
    this.idle?.touch(channelId, { ...settings.imap, password: account.imap_password }, 2 * settings.pollSeconds * 1000);
    return batch.more ? { runAgainAt: this.d.clock.now() } : later();
  }

  /**
   * A chunk of fetched mails: parsed one after another, then stored with the mails of different senders
   * side by side (each sender's in UID order, so a reply still follows what it answers). The position
   * advances over the chunk's mails in UID order up to the first that failed for a reason not its own; that
   * one is retried with the poll (the ones after it are read again then, stored once by their client id),
   * and after `poisonTries` it is skipped, so one bad mail never holds the mailbox back. An error of the
   * mail's own (the inbound refused it) skips it.
   */
  private async handleChunk(
    channel: ChannelRow,
    settings: EmailChannelSettings,
    uidValidity: number,
    mails: FetchedMail[],
  ): Promise<'stop' | 'again' | void> {
    const parsed = await Promise.all(
      mails.map(async (m) => ({ fetched: m, mail: m.raw === null ? null : await this.parse(channel.id, m.raw) })),
    );
    const groups = new Map<string, typeof parsed>();
    for (const p of parsed) {
      const key = p.mail && p.mail !== 'unparseable' && p.mail.from ? p.mail.from.address : `uid:${p.fetched.uid}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    const outcomes = new Map<number, MailOutcome | 'stop' | { error: unknown }>();
    await Promise.all(
      [...groups.values()].map(async (group) => {
        for (const { fetched, mail } of group) {
          const fallbackId = `uid:${uidValidity}:${fetched.uid}`;
          try {
            outcomes.set(
              fetched.uid,
              mail === null
                ? { kind: 'skipped', reason: `too-large (${fetched.size} bytes)` }
                : mail === 'unparseable'
                  ? { kind: 'skipped', reason: 'unparseable' }
                  : await this.store(channel, settings, mail, fallbackId),
            );
          } catch (err) {
            outcomes.set(
              fetched.uid,
              err instanceof DomainError && err.code === 'channel.disabled'
                ? 'stop'
                : err instanceof DomainError
                  ? { kind: 'skipped', reason: `refused (${err.code})` }
                  : { error: err },
            );
            if (!(err instanceof DomainError)) break; // the sender's later mails wait for this one
          }
        }
      }),
    );
    let received = 0;
    let skipped = 0;
    let upTo: number | undefined;
    let failure: { uid: number; error: unknown } | 'stop' | undefined;
    for (const m of mails) {
      const o = outcomes.get(m.uid);
      if (o === 'stop') {
        failure = 'stop';
        break;
      }
      if (o === undefined || 'error' in o) {
        failure = { uid: m.uid, error: o?.error };
        break;
      }
      if (o.kind === 'skipped') {
        skipped++;
        this.d.log.info({ channelId: channel.id, uid: m.uid, reason: o.reason }, 'email channel: mail skipped');
      } else received++;
      upTo = m.uid;
    }
    if (upTo !== undefined) await this.advance(channel.id, upTo, received, skipped);
    if (failure === 'stop') return 'stop';
    if (!failure) return;
    const row = await this.account(channel.id);
    const tries = num(row?.failing_uid) === failure.uid ? (row?.failing_count ?? 0) + 1 : 1;
    if (tries >= this.limits.poisonTries) {
      this.d.log.error(
        { err: failure.error, channelId: channel.id, uid: failure.uid },
        'email channel: a mail failed every try, skipped',
      );
      await this.advance(channel.id, failure.uid, 0, 1);
      return 'again';
    }
    await this.d.db.q
      .updateTable('email_channel_accounts')
      .set({ failing_uid: failure.uid, failing_count: tries })
      .where('channel_id', '=', channel.id)
      .execute();
    throw failure.error;
  }

  private async parse(channelId: string, raw: Buffer): Promise<InboundMail | 'unparseable'> {
    try {
      return await parseMail(raw);
    } catch (err) {
      this.d.log.warn({ err, channelId }, 'email channel: unreadable mail');
      return 'unparseable';
    }
  }

  private async advance(channelId: string, uid: number, received: number, skipped: number): Promise<void> {
    await this.d.db.q
      .updateTable('email_channel_accounts')
      .set((eb) => ({
        last_uid: sql`greatest(last_uid, ${uid})`,
        failing_uid: null,
        failing_count: 0,
        received_count: eb('received_count', '+', received),
        skipped_count: eb('skipped_count', '+', skipped),
      }))
      .where('channel_id', '=', channelId)
      .execute();
  }

  /** One raw mail into the channel (parsed, then stored); `fallbackId` names it when it has no Message-ID. */
  async handle(
    channel: ChannelRow,
    settings: EmailChannelSettings,
    raw: Buffer,
    fallbackId: string,
  ): Promise<MailOutcome> {
    const mail = await this.parse(channel.id, raw);
    if (mail === 'unparseable') return { kind: 'skipped', reason: 'unparseable' };
    return this.store(channel, settings, mail, fallbackId);
  }

  /** A parsed mail: filtered, threaded, received. */
  private async store(
    channel: ChannelRow,
    settings: EmailChannelSettings,
    mail: InboundMail,
    fallbackId: string,
  ): Promise<MailOutcome> {
    if (!mail.from) return { kind: 'skipped', reason: 'no-sender' };
    if (mail.automated) return { kind: 'skipped', reason: mail.automated };
    const own = settings.address.toLowerCase();
    if (mail.from.address === own || mail.from.address.replace(/\+[^@]*@/, '@') === own)
      return { kind: 'skipped', reason: 'own-address' };
    if (!(await this.countSender(channel.id, mail.from.address, settings.maxPerSenderPerHour)))
      return { kind: 'skipped', reason: 'sender-rate-limited' };

    const thread = await this.threadOf(channel.id, mail, own);
    const { attachments, dropped } = this.keptAttachments(mail);
    let text = thread
      ? mail.text
      : [mail.subject && `Subject: ${mail.subject}`, mail.text].filter(Boolean).join('\n\n');
    if (dropped.length > 0) text += `\n\n[Not kept: ${dropped.join(', ')}]`;
    text = this.withinLimit(text.trim());
    if (!text && attachments.length === 0) text = '(empty mail)';
    const clientId = `mail:${createHash('sha256')
      .update(mail.messageId ?? fallbackId)
      .digest('hex')
      .slice(0, 40)}`;
    const received = await this.d.inbound.receive({
      channelId: channel.id,
      sender: {
        externalId: mail.from.address,
        email: mail.from.address,
        ...(mail.from.name ? { name: mail.from.name } : {}),
      },
      text,
      ...(mail.html ? { html: mail.html } : {}),
      attachments,
      clientId,
      ...(thread ? { conversationId: thread } : {}),
    });
    // The thread (once per conversation) and this mail's Message-ID, in one statement: each part is
    // idempotent, so a mail read again writes nothing twice.
    const now = this.d.clock.now();
    const original = mail.fullText !== mail.text ? mail.fullText.slice(0, 1_000_000) : null;
    await sql`with thread as (
        insert into email_channel_threads (conversation_id, channel_id, token, address, subject, created_at)
        values (${received.conversationId}, ${channel.id}, ${newToken(this.random)}, ${mail.from.address},
          ${mail.subject || '(no subject)'}, ${now})
        on conflict (conversation_id) do nothing
      )
      insert into email_channel_messages
        (channel_id, message_id, conversation_id, direction, parley_message_id, original_text, created_at)
      values (${channel.id}, ${mail.messageId ?? `<${fallbackId}@parley.invalid>`}, ${received.conversationId}, 'in',
        ${received.messageId}, ${original}, ${now})
      on conflict (channel_id, message_id) do nothing`.execute(this.d.db.q);
    return {
      kind: 'received',
      conversationId: received.conversationId,
      createdConversation: received.createdConversation,
      duplicate: received.duplicate,
    };
  }

  /**
   * The conversation a reply belongs to: one of its In-Reply-To / References (newest first) in this
   * channel's map, else the thread its +tag or subject token names — either only when it is the same
   * person's (a token seen by someone else opens nothing of theirs).
   */
  private async threadOf(channelId: string, mail: InboundMail, own: string): Promise<string | undefined> {
    const ids = [...new Set([mail.inReplyTo, ...[...mail.references].reverse()].filter((x): x is string => !!x))];
    if (ids.length > 0) {
      const rows = await this.d.db.q
        .selectFrom('email_channel_messages as m')
        .innerJoin('email_channel_threads as t', 't.conversation_id', 'm.conversation_id')
        .select(['m.message_id', 'm.conversation_id'])
        .where('m.channel_id', '=', channelId)
        .where('m.message_id', 'in', ids)
        .where('t.address', '=', mail.from!.address)
        .execute();
      for (const id of ids) {
        const hit = rows.find((r) => r.message_id === id);
        if (hit) return hit.conversation_id;
      }
    }
    const tokens = tokensOf(mail, own);
    if (tokens.length > 0) {
      const row = await this.d.db.q
        .selectFrom('email_channel_threads')
        .select('conversation_id')
        .where('channel_id', '=', channelId)
        .where('token', 'in', tokens)
        .where('address', '=', mail.from!.address)
        .executeTakeFirst();
      if (row) return row.conversation_id;
    }
    return undefined;
  }

  /** The loop breaker: counts the sender's mails this hour; false once over the channel's limit. */
  private async countSender(channelId: string, address: string, max: number): Promise<boolean> {
    const now = this.d.clock.now();
    const hourAgo = new Date(now.getTime() - 3_600_000);
    const r = await sql<{ count: number }>`insert into email_channel_senders (channel_id, address, window_start, count)
      values (${channelId}, ${address}, ${now}, 1)
      on conflict (channel_id, address) do update set
        count = case when email_channel_senders.window_start <= ${hourAgo} then 1 else email_channel_senders.count + 1 end,
        window_start = case when email_channel_senders.window_start <= ${hourAgo} then ${now} else email_channel_senders.window_start end
      returning count`.execute(this.d.db.q);
    return Number(r.rows[0]?.count ?? 1) <= max;
  }

  /** The attachments the messages module will keep (type, first bytes, size, count); the rest named. */
  private keptAttachments(mail: InboundMail) {
    const kept: Array<{ filename: string; contentType: string; data: Buffer }> = [];
    const dropped: string[] = [];
    let enabled = true;
    try {
      this.d.uploads.assertEnabled();
    } catch {
      enabled = false;
    }
    for (const a of mail.attachments) {
      if (a.data.length === 0) continue;
      // Inline images a text reply does not show (signature logos) are kept too: the HTML refers to them.
      const why = !enabled
        ? 'file uploads are off'
        : a.data.length > this.d.uploads.maxBytes
          ? 'too large'
          : !acceptsUpload(a.contentType, a.data)
            ? 'type not allowed'
            : kept.length >= this.limits.maxAttachments
              ? 'too many attachments'
              : null;
      if (why) dropped.push(`${a.filename} (${why})`);
      else kept.push({ filename: a.filename, contentType: a.contentType, data: a.data });
    }
    return { attachments: kept, dropped: dropped.slice(0, 20) };
  }

  /** Mail text within the chat's message limit (when on): the rest stays in the kept original. */
  private withinLimit(text: string): string {
    const max = this.d.settings.get('livechat.messageLimit.max');
    if (!this.d.settings.get('livechat.messageLimit.enabled') || max <= 0) return text;
    const chars = [...text];
    if (chars.length <= max) return text;
    const note = '… [cut: the whole mail is kept]';
    return chars.slice(0, Math.max(0, max - note.length)).join('') + note;
  }

  // ── outbound ─────────────────────────────────────────────────────────────────────────────────────────

  /**
   * An agent's message in an email conversation (in the message's transaction): its send job is armed
   * there, so it commits with the message and leaves after the commit, retried until the server takes it.
   */
  async onMessage(m: MessageView): Promise<void> {
    if (m.author.type !== 'agent' || (m.kind !== 'text' && m.kind !== 'file')) return;
    if (!(await this.d.channels.rows()).some((r) => r.type === 'email')) return;
    const thread = await this.d.db.q
      .selectFrom('email_channel_threads')
      .select(['address', 'subject', 'token'])
      .where('conversation_id', '=', m.conversationId)
      .executeTakeFirst();
    if (!thread?.address) return;
    const payload: SendPayload = {
      to: thread.address,
      subject: replySubject(thread.subject, thread.token),
      conversationId: m.conversationId,
      messageId: m.id,
      text: m.text,
      attachment: m.attachment
        ? { id: m.attachment.id, name: m.attachment.name, contentType: m.attachment.contentType }
        : null,
    };
    await this.d.jobs.enqueue(SEND_JOB, payload, { idempotencyKey: `email-reply:${m.id}` });
  }

  /** The send job: the reply by SMTP from the channel's address, threaded on the conversation's mails. */
  async send(p: SendPayload): Promise<void> {
    const thread = await this.d.db.q
      .selectFrom('email_channel_threads')
      .selectAll()
      .where('conversation_id', '=', p.conversationId)
      .executeTakeFirst();
    if (!thread || !thread.address) return; // the conversation was erased
    const channel = (await this.d.channels.rows()).find((r) => r.id === thread.channel_id);
    const settings = channel ? this.settingsOf(channel) : undefined;
    const account = channel ? await this.account(channel.id) : undefined;
    if (!channel || !settings || !account) return;
    const domain = settings.address.split('@')[1] ?? 'parley.invalid';
    const messageId = `<${p.messageId}.parley@${domain}>`;
    const earlier = await this.d.db.q
      .selectFrom('email_channel_messages')
      .select(['message_id', 'direction'])
      .where('conversation_id', '=', p.conversationId)
      .where('message_id', '!=', messageId)
      .orderBy('seq', 'desc')
      .limit(20)
      .execute();
    const references = earlier.map((r) => r.message_id).reverse();
    const inReplyTo = earlier.find((r) => r.direction === 'in')?.message_id ?? references[references.length - 1];
    const attachments = [];
    if (p.attachment) {
      const file = await this.d.uploads.open(p.conversationId, p.attachment.id);
      attachments.push({ filename: p.attachment.name, content: file.stream, contentType: p.attachment.contentType });
    }
    await this.transporter(channel.id, settings, account.smtp_password).sendMail({
      from: { name: settings.fromName || channel.name, address: settings.address },
      replyTo: replyAddress(settings.address, thread.token),
      to: p.to,
      subject: p.subject,
      messageId,
      ...(inReplyTo ? { inReplyTo } : {}),
      ...(references.length > 0 ? { references } : {}),
      text: p.text || (p.attachment ? p.attachment.name : ''),
      html: textToHtml(p.text || (p.attachment ? p.attachment.name : '')),
      attachments,
    });
    await this.d.db.q
      .insertInto('email_channel_messages')
      .values({
        channel_id: channel.id,
        message_id: messageId,
        conversation_id: p.conversationId,
        direction: 'out',
        parley_message_id: p.messageId,
        original_text: null,
        created_at: this.d.clock.now(),
      })
      .onConflict((oc) => oc.columns(['channel_id', 'message_id']).doNothing())
      .execute();
    this.d.log.info({ channelId: channel.id, conversationId: p.conversationId }, 'email channel: reply sent');
  }

  /** A conversation's mails both ways, oldest first, with the kept full texts. */
  async thread(conversationId: string): Promise<EmailThreadView> {
    const rows = await this.d.db.q
      .selectFrom('email_channel_messages')
      .select(['message_id', 'direction', 'parley_message_id', 'original_text', 'created_at'])
      .where('conversation_id', '=', conversationId)
      .orderBy('seq')
      .limit(500)
      .execute();
    return {
      items: rows.map((r) => ({
        mailId: r.message_id,
        direction: r.direction,
        messageId: r.parley_message_id,
        originalText: r.original_text,
        at: new Date(r.created_at).toISOString(),
      })),
    };
  }

  /**
   * A contact's erasure (GDPR): the kept originals of their mails and the thread's address and subject go;
   * the conversations' Message-IDs stay (they name no one) so a late reply still finds nothing to mail back.
   */
  async forget(conversationIds: string[]): Promise<void> {
    if (conversationIds.length === 0) return;
    await this.d.db.q
      .updateTable('email_channel_messages')
      .set({ original_text: null })
      .where('conversation_id', 'in', conversationIds)
      .execute();
    await this.d.db.q
      .updateTable('email_channel_threads')
      .set({ address: '', subject: '' })
      .where('conversation_id', 'in', conversationIds)
      .execute();
  }

  private transporter(channelId: string, s: EmailChannelSettings, password: string): Transporter {
    const key = JSON.stringify([s.smtp, password]);
    const have = this.transports.get(channelId);
    if (have?.key === key) return have.transporter;
    have?.transporter.close();
    const transporter = nodemailer.createTransport({
      host: s.smtp.host,
      port: s.smtp.port,
      secure: s.smtp.security === 'tls',
      requireTLS: s.smtp.security === 'starttls',
      ignoreTLS: s.smtp.security === 'none',
      ...(s.smtp.user ? { auth: { user: s.smtp.user, pass: password } } : {}),
    });
    this.transports.set(channelId, { key, transporter });
    return transporter;
  }

  /**
   * In a server that runs its jobs: after each read, the mailbox is watched with IMAP IDLE from this
   * process, and new mail makes the poll due at once (idle.ts).
   */
  start(): void {
    this.idle ??= new IdleWatchers(
      (channelId) =>
        void this.pollSoon(channelId).catch((err: unknown) =>
          this.d.log.warn({ err, channelId }, 'email channel: could not wake the reader'),
        ),
      this.d.log,
    );
  }

  /** Shutdown: the IDLE connections close, the SMTP transports too. */
  stop(): void {
    this.idle?.stop();
    this.idle = undefined;
    for (const t of this.transports.values()) t.transporter.close();
    this.transports.clear();
  }

  // ── state ────────────────────────────────────────────────────────────────────────────────────────────

  private settingsOf(channel: ChannelRow): EmailChannelSettings | undefined {
    const v = channel.settings as unknown as EmailChannelSettingsView;
    if (!v?.imap || !v?.smtp) return undefined;
    const parsed = emailChannelSettingsSchema.safeParse({
      address: v.address,
      ...(v.fromName ? { fromName: v.fromName } : {}),
      imap: { host: v.imap.host, port: v.imap.port, tls: v.imap.tls, user: v.imap.user, mailbox: v.imap.mailbox },
      smtp: { host: v.smtp.host, port: v.smtp.port, security: v.smtp.security, user: v.smtp.user },
      pollSeconds: v.pollSeconds,
      maxPerSenderPerHour: v.maxPerSenderPerHour,
    });
    return parsed.success ? parsed.data : undefined;
  }

  private account(channelId: string): Promise<AccountRow | undefined> {
    return this.d.db.q
      .selectFrom('email_channel_accounts')
      .select(['imap_password', 'smtp_password', 'uid_validity', 'last_uid', 'failing_uid', 'failing_count'])
      .where('channel_id', '=', channelId)
      .executeTakeFirst();
  }

  /** Position and counters, for tests and the bench. */
  async position(channelId: string) {
    const r = await this.d.db.q
      .selectFrom('email_channel_accounts')
      .select(['uid_validity', 'last_uid', 'received_count', 'skipped_count', 'state', 'detail'])
      .where('channel_id', '=', channelId)
      .executeTakeFirstOrThrow();
    return {
      uidValidity: num(r.uid_validity),
      lastUid: num(r.last_uid) ?? 0,
      received: num(r.received_count) ?? 0,
      skipped: num(r.skipped_count) ?? 0,
      state: r.state,
      detail: r.detail,
    };
  }

  private async setState(channelId: string, state: 'ok' | 'error', detail: string | null): Promise<void> {
    await this.d.db.q
      .updateTable('email_channel_accounts')
      .set({ state, detail, state_at: this.d.clock.now() })
      .where('channel_id', '=', channelId)
      .where((eb) => eb.or([eb('state', '!=', state), eb('detail', 'is distinct from', detail)]))
      .execute();
  }
}

/** Whether the messages module keeps a file of this type with these first bytes (its allowlist and magic numbers). */
function acceptsUpload(contentType: string, data: Buffer): boolean {
  const rule = allowedContentTypes[contentType];
  if (!rule) return false;
  return !rule.magic || rule.magic.some((m) => m.every((b, i) => data[i] === b));
}

const pollKey = (channelId: string) => `email-channel.poll:${channelId}`;

/** The settings that name the mailbox (another one: the position starts again). */
function pick(s: Record<string, unknown>) {
  const imap = (s.imap ?? {}) as Record<string, unknown>;
  return [imap.host, imap.port, imap.user, imap.mailbox];
}

function toView(s: EmailChannelSettings, imapPasswordSet: boolean, smtpPasswordSet: boolean): EmailChannelSettingsView {
  return {
    address: s.address.toLowerCase(),
    ...(s.fromName ? { fromName: s.fromName } : {}),
    imap: {
      host: s.imap.host,
      port: s.imap.port,
      tls: s.imap.tls,
      user: s.imap.user,
      mailbox: s.imap.mailbox,
      passwordSet: imapPasswordSet,
    },
    smtp: {
      host: s.smtp.host,
      port: s.smtp.port,
      security: s.smtp.security,
      user: s.smtp.user,
      passwordSet: smtpPasswordSet,
    },
    pollSeconds: s.pollSeconds,
    maxPerSenderPerHour: s.maxPerSenderPerHour,
  };
}

function textToHtml(text: string): string {
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<div style="font-family:sans-serif;white-space:pre-wrap">${esc}</div>`;
}
