import type { Db } from '../../kernel/db/db.js';
import type { JobRunner } from '../../kernel/jobs.js';
import type { ConversationsModule } from '../conversations/index.js';
import type { SettingsService } from '../settings/index.js';

const KIND = 'queue.max-wait';
const WHY = 'No agent could take your chat in time, so it was closed. Please try again later.';
const key = (conversationId: string) => `max-wait:${conversationId}`;

/**
 * `queue.maxWaitMinutes`: a durable timer per queued conversation, armed in the transaction that queues
 * it; it closes the chat only if it is still waiting since that same moment (row locked). A changed limit
 * moves the pending timers to queued time + the new limit and arms the chats already waiting; -1 drops them.
 */
export class MaxWait {
  constructor(private readonly d: { db: Db; jobs: JobRunner; settings: SettingsService; conv: ConversationsModule }) {
    d.jobs.register<{ conversationId: string; queuedAt: string }>({
      kind: KIND,
      run: async ({ conversationId, queuedAt }) => {
        if (d.settings.get('queue.maxWaitMinutes') < 0) return;
        // Under the row lock (one, taken by the close): a take or close committed in the same instant wins, and
        // the timer does nothing. The visitor learns why it ended (not only "Conversation finished").
        await d.conv.lifecycle.closeIf(
          conversationId,
          (c) => c.status === 'queued' && c.queued_at?.toISOString() === queuedAt,
          { type: 'system', reason: 'queue-timeout' },
          { message: WHY },
        );
      },
    });
  }

  /** In the transaction that queued the conversation. */
  async arm(conversationId: string, minutes = this.d.settings.get('queue.maxWaitMinutes')): Promise<void> {
    if (minutes < 0) return;
    const c = await this.d.conv.conversations.peek(conversationId);
    if (!c?.queued_at || c.status !== 'queued') return;
    await this.d.jobs.enqueue(
      KIND,
      { conversationId: c.id, queuedAt: c.queued_at.toISOString() },
      { runAt: new Date(c.queued_at.getTime() + minutes * 60_000), idempotencyKey: key(c.id), replace: true },
    );
  }

  /** In the transaction that changed `queue.maxWaitMinutes`. */
  async settingChanged(settingKey: string): Promise<void> {
    if (settingKey !== 'queue.maxWaitMinutes') return;
    const minutes = await this.d.settings.inTransaction('queue.maxWaitMinutes');
    if (minutes < 0) {
      await this.d.jobs.cancelKind(KIND);
      return;
    }
    // Chats that were waiting while the limit was off get their timer; armed ones move to the new limit.
    for (const e of await this.d.conv.queue.entries()) await this.arm(e.conversationId, minutes);
  }

  /** When the pending timer will act. */
  async dueAt(conversationId: string): Promise<Date | undefined> {
    return (await this.d.jobs.pending(key(conversationId)))?.runAt;
  }
}
