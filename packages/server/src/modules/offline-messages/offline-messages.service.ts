import { sql } from 'kysely';
import type { EventBus } from '../../kernel/bus.js';
import type { BusEvent } from '../../kernel/events.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { JobRunner } from '../../kernel/jobs.js';
import { MAIL_JOBS, mailRetryDelayMs, type Mailer } from '../../kernel/mailer.js';
import type { DepartmentsService } from '../departments/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersService } from '../users/index.js';
import { OfflineInboxService, subjectOf } from './offline-inbox.service.js';
import './offline-messages.tables.js';

const emailRe = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface OfflineMessageInput {
  name: string;
  email: string;
  message: string;
  departmentId?: string;
}

/**
 * Messages left through the widget's offline form: stored, announced (`offline-message.received`),
 * and emailed to `livechat.offline.email` (and the department's address) through a durable job.
 */
export class OfflineMessagesService {
  /** The inbox agents work the messages from (when `livechat.offline.toChannel.enabled`). */
  readonly inbox: OfflineInboxService;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly jobs: JobRunner,
    private readonly mailer: Mailer,
    private readonly settings: SettingsService,
    private readonly departments: DepartmentsService,
    private readonly clock: Clock,
    users: UsersService,
  ) {
    this.inbox = new OfflineInboxService(db, jobs, mailer, settings, departments, users, clock);
    settings.declareEnforced('livechat.offline.email');
    jobs.register<{ to: string; subject: string; text: string; replyTo: string }>({
      kind: 'offline-message.email',
      transactional: false,
      maxAttempts: 10,
      retryDelayMs: mailRetryDelayMs,
      category: MAIL_JOBS,
      run: async (mail) => this.mailer.send(mail),
    });
  }

  /**
   * Queues the email of a received message to `livechat.offline.email` and its department's address
   * (offline-messages.listeners.ts). Keyed by the event, so a relayed event never mails twice.
   */
  /** A person's offline messages (and their replies): left by these channels or from these emails (GDPR). */
  async ofPerson(visitorIds: string[], emails: string[]) {
    const items = await this.personQuery(visitorIds, emails).selectAll().orderBy('created_at').execute();
    const replies = items.length
      ? await this.db.q
          .selectFrom('offline_message_replies')
          .selectAll()
          .where(
            'offline_message_id',
            'in',
            items.map((m) => m.id),
          )
          .execute()
      : [];
    return items.map((m) => ({ ...m, replies: replies.filter((r) => r.offline_message_id === m.id) }));
  }

  /** A contact's erasure (GDPR), in the caller's transaction: their offline messages are deleted (replies too). */
  async forgetPerson(visitorIds: string[], emails: string[]): Promise<void> {
    const ids = (await this.personQuery(visitorIds, emails).select('id').execute()).map((r) => r.id);
    if (ids.length) await this.db.q.deleteFrom('offline_messages').where('id', 'in', ids).execute();
  }

  private personQuery(visitorIds: string[], emails: string[]) {
    return this.db.q
      .selectFrom('offline_messages')
      .where((eb) =>
        eb.or([
          ...(visitorIds.length ? [eb('visitor_id', 'in', visitorIds)] : []),
          ...(emails.length ? [eb(sql<string>`lower(email)`, 'in', emails)] : []),
          eb.val(false),
        ]),
      );
  }

  async queueEmails(e: BusEvent<'offline-message.received'>): Promise<void> {
    const p = e.payload;
    const dept = p.departmentId ? await this.departments.find(p.departmentId) : undefined;
    const recipients = [this.settings.get('livechat.offline.email'), dept?.email ?? ''].filter((x) => x !== '');
    await this.db.tx(async () => {
      for (const to of new Set(recipients)) {
        await this.jobs.enqueue(
          'offline-message.email',
          {
            to,
            replyTo: p.email,
            subject: `Offline message from ${p.name}${dept ? ` (${dept.name})` : ''}`,
            text: `${p.name} <${p.email}> wrote:\n\n${p.message}\n`,
          },
          { idempotencyKey: `offline-email:${e.id}:${to}` },
        );
      }
    });
  }

  async submit(input: OfflineMessageInput, visitorId: string | null, ip: string | null): Promise<{ id: string }> {
    if (this.settings.get('livechat.offline.validateEmail') && !emailRe.test(input.email))
      fail('email.invalid', undefined, 'body.email');
    if (input.departmentId) {
      const d = await this.departments.usable(input.departmentId, 'body.departmentId');
      if (!d.showOnOfflineForm) fail('department.not-available', undefined, 'body.departmentId');
    }
    const id = uuidv7();
    await this.db.tx(async (trx) => {
      await trx
        .insertInto('offline_messages')
        .values({
          id,
          visitor_id: visitorId,
          department_id: input.departmentId ?? null,
          name: input.name,
          email: input.email,
          message: input.message,
          ip: this.settings.get('gdpr.collectHttpHeaders') ? ip : null,
          created_at: this.clock.now(),
          subject: subjectOf(input.message),
          // In the inbox only when it is on now: turning it on later imports nothing.
          inbox_state: this.inbox.stateForNew(),
        })
        .execute();
      this.bus.emit('offline-message.received', {
        offlineMessageId: id,
        name: input.name,
        email: input.email,
        message: input.message,
        departmentId: input.departmentId ?? null,
      });
    });
    return { id };
  }

  async list(limit: number, before?: string) {
    let q = this.db.q.selectFrom('offline_messages').selectAll().orderBy('id', 'desc').limit(limit);
    if (before) q = q.where('id', '<', before);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      message: r.message,
      departmentId: r.department_id,
      visitorId: r.visitor_id,
      createdAt: r.created_at.toISOString(),
      inboxState: r.inbox_state,
    }));
  }
}
