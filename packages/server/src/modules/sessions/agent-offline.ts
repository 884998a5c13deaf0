import type { SettingKey } from '@parley/shared';
import type { SessionsDeps } from './deps.js';

const KIND = 'sessions.agent-offline';
const REASON = 'agent-offline';
const key = (userId: string) => `agent-offline:${userId}`;

/**
 * `sessions.agentOffline.action` / `.waitSeconds` / `.closeComment`: once an agent's presence has been
 * offline this long (last socket closed, heartbeat lost, or their process died and a survivor cleared
 * it), each of their open chats is forwarded (re-routed by the system with the reason `agent-offline`,
 * never back to them; to the queue when nobody else can take it) or closed (a system close with that
 * reason; the visitor reads the comment). One durable job per agent, armed in the transaction that
 * stores the offline presence and deleted in the one that brings them back (online or away).
 *
 * On-hold chats are left alone: nobody is needed on them until the visitor writes, and the on-hold
 * auto-close (`sessions.onHold.autoCloseSeconds`) decides their end. One the visitor resumes while the
 * agent is still away is open again: a timer still pending takes it along, and if theirs already acted, a
 * new one due at once does.
 */
export class AgentOfflineSessions {
  constructor(private readonly d: SessionsDeps) {
    d.settings.declareEnforced(
      'sessions.agentOffline.action',
      'sessions.agentOffline.waitSeconds',
      'sessions.agentOffline.closeComment',
    );
    d.jobs.register<{ userId: string; offlineAt: string }>({
      kind: KIND,
      run: ({ userId }) => this.act(userId),
    });
  }

  private async act(userId: string): Promise<void> {
    const action = this.d.settings.get('sessions.agentOffline.action');
    if (action === 'none') return; // turned off in another process whose cancel has not reached us
    // Read again: a return can come without the status change that cancels (their process, presumed
    // dead by another one's read, beat again before any sweep stored them offline).
    if ((await this.d.agents.state(userId)).presence !== 'offline') return;
    for (const id of await this.d.conv.conversations.openIdsOf(userId)) {
      // Under the row lock: a close, hold or transfer committed in the same instant wins.
      const c = await this.d.conv.conversations.lockForTimer(id);
      if (!c || c.status !== 'open' || c.agent_id !== userId) continue;
      if (action === 'forward') await this.d.conv.transfers.reroute(c.id, REASON);
      else
        await this.d.conv.lifecycle.close(
          c.id,
          { type: 'system', reason: REASON },
          { message: this.d.settings.get('sessions.agentOffline.closeComment') },
        );
    }
  }

  /**
   * In the transaction that made the agent offline. An existing timer is kept: the wait counts from the
   * first offline instant, not from a later status change (an availability switch while offline).
   */
  async arm(userId: string): Promise<void> {
    if (this.d.settings.get('sessions.agentOffline.action') === 'none') return;
    const now = this.d.clock.now();
    const seconds = this.d.settings.get('sessions.agentOffline.waitSeconds');
    await this.d.jobs.enqueue(
      KIND,
      { userId, offlineAt: now.toISOString() },
      { runAt: new Date(now.getTime() + seconds * 1000), idempotencyKey: key(userId) },
    );
  }

  /**
   * In the transaction of a resume (the visitor wrote into an on-hold chat): if its agent is offline and
   * no timer is pending for them any more (it already acted on their open chats), the resumed chat would
   * wait for nobody; a timer due now takes it along. A pending timer already covers it.
   */
  async resumed(agentId: string | null): Promise<void> {
    if (!agentId || this.d.settings.get('sessions.agentOffline.action') === 'none') return;
    if ((await this.d.agents.state(agentId)).presence !== 'offline') return;
    const now = this.d.clock.now();
    const seconds = this.d.settings.get('sessions.agentOffline.waitSeconds');
    // offlineAt such that due = now: a changed wait (retimeKind) keeps it due at once.
    await this.d.jobs.enqueue(
      KIND,
      { userId: agentId, offlineAt: new Date(now.getTime() - seconds * 1000).toISOString() },
      { runAt: now, idempotencyKey: key(agentId) },
    );
  }

  /** In the transaction that made the agent online or away again. */
  async cancel(userId: string): Promise<void> {
    await this.d.jobs.cancel(key(userId));
  }

  /**
   * In the transaction of a settings change: a new wait moves the pending timers to their offline
   * instant plus the new wait (at once if that is past); `none` drops them. Switching between forward
   * and close needs nothing: the timer reads the action when it runs.
   */
  async settingChanged(setting: SettingKey): Promise<void> {
    if (setting === 'sessions.agentOffline.waitSeconds') {
      const seconds = await this.d.settings.inTransaction(setting);
      await this.d.jobs.retimeKind(KIND, 'offlineAt', seconds * 1000);
    } else if (setting === 'sessions.agentOffline.action') {
      if ((await this.d.settings.inTransaction(setting)) === 'none') await this.d.jobs.cancelKind(KIND);
    }
  }

  async dueAt(userId: string): Promise<Date | undefined> {
    return (await this.d.jobs.pending(key(userId)))?.runAt;
  }
}
