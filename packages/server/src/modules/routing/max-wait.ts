import type { Db } from '../../kernel/db/db.js';
import type { JobRunner } from '../../kernel/jobs.js';
import type { ConversationsModule } from '../conversations/index.js';
import type { SettingsService } from '../settings/index.js';

const WHY = 'No agent could take your chat in time, so it was closed. Please try again later.';

/** `queue.maxWaitMinutes`: a durable timer per queued conversation; it closes only if still waiting since then. */
export class MaxWait {
  constructor(private readonly d: { db: Db; jobs: JobRunner; settings: SettingsService; conv: ConversationsModule }) {
    d.jobs.register<{ conversationId: string; queuedAt: string }>({
      kind: 'queue.max-wait',
      run: async ({ conversationId, queuedAt }) => {
        if (d.settings.get('queue.maxWaitMinutes') < 0) return;
        const c = await d.conv.conversations.peek(conversationId);
        if (!c || c.status !== 'queued' || c.queued_at?.toISOString() !== queuedAt) return;
        // The visitor learns why it ended (not only "Conversation finished").
        await d.conv.lifecycle.close(conversationId, { type: 'system', reason: 'queue-timeout' }, { message: WHY });
      },
    });
  }

  async schedule(conversationId: string): Promise<void> {
    const minutes = this.d.settings.get('queue.maxWaitMinutes');
    if (minutes < 0) return;
    const c = await this.d.conv.conversations.peek(conversationId);
    if (!c?.queued_at || c.status !== 'queued') return;
    const queuedAt = c.queued_at;
    await this.d.db.tx(() =>
      this.d.jobs.enqueue(
        'queue.max-wait',
        { conversationId: c.id, queuedAt: queuedAt.toISOString() },
        {
          runAt: new Date(queuedAt.getTime() + minutes * 60_000),
          idempotencyKey: `max-wait:${c.id}`,
          replace: true,
        },
      ),
    );
  }
}
