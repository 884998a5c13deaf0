import type { SettingKey } from '@parley/shared';
import type { SessionsDeps } from './deps.js';

const KIND = 'sessions.unanswered';
const REASON = 'unanswered';
const key = (conversationId: string) => `unanswered:${conversationId}`;

/**
 * `sessions.autoTransferUnansweredSeconds`: a chat whose agent has not written since it was assigned to
 * them is taken from them after this long and re-routed, once per conversation, to another eligible agent
 * (never the same one; the queue when nobody can take it). Armed at each assignment (`conversation.taken`,
 * which a transfer to an agent emits too), cancelled by the agent's reply, a hold, a requeue or a close.
 */
export class UnansweredTransfer {
  constructor(private readonly d: SessionsDeps) {
    d.settings.declareEnforced('sessions.autoTransferUnansweredSeconds');
    d.jobs.register<{ conversationId: string; agentId: string; assignedAt: string }>({
      kind: KIND,
      run: async ({ conversationId, agentId, assignedAt }) => {
        if (d.settings.get('sessions.autoTransferUnansweredSeconds') === 0) return; // turned off meanwhile
        // Under the row lock: a reply, hold, transfer or close committed in the same instant wins.
        const c = await d.conv.conversations.lockForTimer(conversationId);
        if (!c || c.status !== 'open' || c.agent_id !== agentId || c.assigned_at?.toISOString() !== assignedAt) return;
        if (c.last_agent_message_at && c.last_agent_message_at >= c.assigned_at) return; // answered
        await d.conv.transfers.reroute(c.id, REASON);
      },
    });
  }

  /** In the transaction that assigned the conversation. */
  async arm(conversationId: string, agentId: string): Promise<void> {
    const seconds = this.d.settings.get('sessions.autoTransferUnansweredSeconds');
    if (seconds === 0) return;
    const c = await this.d.conv.conversations.peek(conversationId);
    if (c?.status !== 'open' || c.agent_id !== agentId || !c.assigned_at) return;
    // Once: a chat this timer already moved keeps its next agent however long they take.
    if (await this.d.conv.transfers.movedFor(conversationId, REASON)) return this.cancel(conversationId);
    await this.d.jobs.enqueue(
      KIND,
      { conversationId, agentId, assignedAt: c.assigned_at.toISOString() },
      { runAt: new Date(c.assigned_at.getTime() + seconds * 1000), idempotencyKey: key(conversationId), replace: true },
    );
  }

  /**
   * On the agent's reply, and on a hold, requeue or close: only while the feature is on (turning it off
   * dropped every pending timer of it), so neither the message path nor a close pays for it otherwise.
   */
  async cancel(conversationId: string): Promise<void> {
    if (!this.enabled()) return;
    await this.d.jobs.cancel(key(conversationId));
  }

  /**
   * In the transaction of a settings change: a new timeout moves the pending timers to their assignment
   * time + the new timeout; 0 drops them. Turned on, it applies from the next assignment.
   */
  async settingChanged(setting: SettingKey): Promise<void> {
    if (setting !== 'sessions.autoTransferUnansweredSeconds') return;
    const seconds = await this.d.settings.inTransaction(setting);
    if (seconds === 0) await this.d.jobs.cancelKind(KIND);
    else await this.d.jobs.retimeKind(KIND, 'assignedAt', seconds * 1000);
  }

  enabled(): boolean {
    return this.d.settings.get('sessions.autoTransferUnansweredSeconds') > 0;
  }

  async dueAt(conversationId: string): Promise<Date | undefined> {
    return (await this.d.jobs.pending(key(conversationId)))?.runAt;
  }
}
