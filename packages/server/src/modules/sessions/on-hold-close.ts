import type { SettingKey } from '@parley/shared';
import type { SessionsDeps } from './deps.js';

const KIND = 'sessions.on-hold-close';
const key = (conversationId: string) => `on-hold-close:${conversationId}`;

/**
 * `sessions.onHold.autoCloseSeconds` / `.autoCloseMessage`: a chat left on hold this long is closed, as
 * any close (system message, events, metrics), with the reason `on-hold-timeout`; the visitor reads the
 * custom message instead of `livechat.finished.message`. One durable job per on-hold chat, armed and
 * cancelled in the transaction of the hold / resume / transfer / close.
 */
export class OnHoldAutoClose {
  constructor(private readonly d: SessionsDeps) {
    d.settings.declareEnforced('sessions.onHold.autoCloseSeconds', 'sessions.onHold.autoCloseMessage');
    d.jobs.register<{ conversationId: string; onHoldAt: string }>({
      kind: KIND,
      run: async ({ conversationId, onHoldAt }) => {
        if (d.settings.get('sessions.onHold.autoCloseSeconds') === 0) return; // turned off meanwhile
        // Under the row lock (one, taken by the close): a resume or close committed in the same instant wins,
        // and the timer does nothing.
        await d.conv.lifecycle.closeIf(
          conversationId,
          (c) => c.status === 'on-hold' && c.on_hold_at?.toISOString() === onHoldAt,
          { type: 'system', reason: 'on-hold-timeout' },
          { message: d.settings.get('sessions.onHold.autoCloseMessage') },
        );
      },
    });
  }

  /** In the transaction that placed the conversation on hold. */
  async arm(conversationId: string): Promise<void> {
    const seconds = this.d.settings.get('sessions.onHold.autoCloseSeconds');
    if (seconds === 0) return;
    const c = await this.d.conv.conversations.peek(conversationId);
    if (c?.status !== 'on-hold' || !c.on_hold_at) return;
    await this.d.jobs.enqueue(
      KIND,
      { conversationId, onHoldAt: c.on_hold_at.toISOString() },
      { runAt: new Date(c.on_hold_at.getTime() + seconds * 1000), idempotencyKey: key(conversationId), replace: true },
    );
  }

  /**
   * In the transaction that resumed, transferred or closed it. Nothing to do while the feature is off (turning
   * it off dropped every pending timer of it), nor for the timer's own close (`JobRunner.cancel`).
   */
  async cancel(conversationId: string): Promise<void> {
    if (this.d.settings.get('sessions.onHold.autoCloseSeconds') === 0) return;
    await this.d.jobs.cancel(key(conversationId));
  }

  /**
   * In the transaction of a settings change: a new timeout moves the pending timers to their hold time +
   * the new timeout (a chat held longer than that closes at once); 0 drops them. Chats already on hold when
   * the feature is turned on get no timer (it applies from their next hold).
   */
  async settingChanged(setting: SettingKey): Promise<void> {
    if (setting !== 'sessions.onHold.autoCloseSeconds') return;
    const seconds = await this.d.settings.inTransaction(setting);
    if (seconds === 0) await this.d.jobs.cancelKind(KIND);
    else await this.d.jobs.retimeKind(KIND, 'onHoldAt', seconds * 1000);
  }

  /** When the pending timer will act. */
  async dueAt(conversationId: string): Promise<Date | undefined> {
    return (await this.d.jobs.pending(key(conversationId)))?.runAt;
  }
}
