import type { JobRunner } from '../../kernel/jobs.js';
import type { Mailer } from '../../kernel/mailer.js';
import { visitorPresentation, type ConversationDeps } from './deps.js';
import { toMessageView, toVisitorMessage } from './presenters.js';

/**
 * Emails the transcript the visitor asked for (`general.transcript.ask`) once the conversation is
 * closed: what the visitor saw, as plain text, through a durable job with retries.
 */
export class Transcripts {
  constructor(
    private readonly d: ConversationDeps,
    jobs: JobRunner,
    private readonly mailer: Mailer,
  ) {
    d.settings.declareEnforced('general.transcript.ask', 'general.transcript.message');
    jobs.register<{ conversationId: string; email: string }>({
      kind: 'transcript.email',
      transactional: false,
      maxAttempts: 10,
      retryDelayMs: () => 30_000,
      run: async ({ conversationId, email }) =>
        this.mailer.send({
          to: email,
          subject: `Your conversation with ${d.settings.get('livechat.title')}`,
          text: await this.render(conversationId),
        }),
    });
    const enqueue = async (conversationId: string, eventId: string) => {
      const c = await d.repo.find(conversationId);
      if (!c || c.status !== 'closed' || !c.transcript_email) return;
      await d.db.tx(() =>
        jobs.enqueue(
          'transcript.email',
          { conversationId, email: c.transcript_email },
          { idempotencyKey: `transcript:${conversationId}:${eventId}` },
        ),
      );
    };
    d.bus.on('transcript.requested', (e) => enqueue(e.payload.conversationId, e.id));
    d.bus.on('conversation.closed', (e) => enqueue(e.payload.conversationId, e.id));
  }

  async render(conversationId: string): Promise<string> {
    const rows = await this.d.db.q
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('seq')
      .execute();
    const p = visitorPresentation(this.d);
    const lines = [`Transcript of your conversation with ${this.d.settings.get('livechat.title')}`, ''];
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
