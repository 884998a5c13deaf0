import type { Db } from '../../kernel/db/db.js';
import type { JobRunner } from '../../kernel/jobs.js';
import { MAIL_JOBS, mailRetryDelayMs, type Mailer } from '../../kernel/mailer.js';
import type { SettingsService } from '../settings/index.js';
import { toMessageView, toVisitorMessage, visitorPresentation } from './presenters.js';

/**
 * Emails the transcript the visitor asked for (`general.transcript.ask`) once the conversation is
 * closed: what the visitor saw, as plain text, through a durable job with retries.
 */
export class Transcripts {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly jobs: JobRunner,
    private readonly mailer: Mailer,
  ) {
    settings.declareEnforced('general.transcript.ask', 'general.transcript.message');
    jobs.register<{ conversationId: string; email: string }>({
      kind: 'transcript.email',
      transactional: false,
      maxAttempts: 10,
      retryDelayMs: mailRetryDelayMs,
      category: MAIL_JOBS,
      run: async ({ conversationId, email }) =>
        this.mailer.send({
          to: email,
          subject: `Your conversation with ${settings.get('livechat.title')}`,
          text: await this.render(conversationId),
        }),
    });
  }

  /** The conversations' contact is erased: transcripts still queued (or failed, retryable) are dropped. */
  async forget(conversationIds: string[]): Promise<number> {
    return this.jobs.cancelByPayload('transcript.email', 'conversationId', conversationIds);
  }

  /** Can a transcript be emailed now? (Asked before one is promised.) */
  get deliverable(): boolean {
    return this.mailer.configured;
  }

  /** Queues the email (once per event: the job is keyed by it). */
  async enqueue(conversationId: string, email: string, eventId: string): Promise<void> {
    await this.db.tx(() =>
      this.jobs.enqueue(
        'transcript.email',
        { conversationId, email },
        { idempotencyKey: `transcript:${conversationId}:${eventId}` },
      ),
    );
  }

  async render(conversationId: string): Promise<string> {
    const rows = await this.db.q
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('kind', '!=', 'note')
      .orderBy('seq')
      .execute();
    const p = visitorPresentation(this.settings);
    const title = this.settings.get('livechat.title');
    const lines = [`Transcript of your conversation with ${title}`, ''];
    for (const r of rows) {
      const m = toVisitorMessage(toMessageView(r), p);
      if (!m || m.deletedAt) continue;
      const who = m.kind === 'system' ? '—' : m.author.type === 'visitor' ? 'You' : (m.author.name ?? 'Agent');
      const body = m.kind === 'file' ? `[file: ${m.attachment?.name ?? ''}] ${m.text}`.trim() : m.text;
      lines.push(`[${m.createdAt.slice(0, 16).replace('T', ' ')} UTC] ${who}: ${body}`);
    }
    return lines.join('\n') + '\n';
  }
}
