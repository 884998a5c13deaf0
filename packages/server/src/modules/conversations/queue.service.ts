import type { ConversationView } from '@parley/shared';
import type { StaffActor } from '../../kernel/http.js';
import { listScope } from './access.js';
import { accessFacts, viewsOf, type ConversationDeps } from './deps.js';

const HARD_CAP = 500;

/** The list of waiting conversations an agent may see (and take, under manual routing). */
export class QueueService {
  private usualReply: { at: number; value: Promise<number | null> } | undefined;

  constructor(private readonly d: ConversationDeps) {
    d.settings.declareEnforced('routing.showQueueToAllAgents', 'routing.queueListMax');
  }

  /** The whole queue in dispatch order (`queue.sorting`). */
  entries(limit = 100_000) {
    return this.d.repo.queueEntries(this.d.settings.get('queue.sorting'), limit);
  }

  averageHandlingSeconds(recent: number): Promise<number | null> {
    return this.d.repo.averageHandlingSeconds(recent);
  }

  /**
   * The usual time to a first reply (the median of the last `queue.statistics.recentChats` closed chats),
   * for the widget's greeting. Asked on every widget load, so kept for a minute.
   */
  async usualReplySeconds(): Promise<number | null> {
    const now = this.d.clock.now().getTime();
    if (!this.usualReply || now - this.usualReply.at > 60_000 || now < this.usualReply.at) {
      const value = this.d.repo
        .medianFirstResponseSeconds(this.d.settings.get('queue.statistics.recentChats'))
        .then((s) => (s === null ? null : Math.round(s)));
      this.usualReply = { at: now, value };
      value.catch(() => (this.usualReply = undefined));
    }
    return this.usualReply.value;
  }

  setOrdering(conversationId: string, o: { priorityWeight: number; slaDueAt: Date | null }): Promise<void> {
    return this.d.repo.setQueueOrdering(conversationId, o);
  }

  async visibleTo(actor: StaffActor): Promise<ConversationView[]> {
    const max = this.d.settings.get('routing.queueListMax');
    const limit = max === 0 ? HARD_CAP : Math.min(max, HARD_CAP);
    // The queued part of the access rule (access.ts): all of it, or the agent's departments and none.
    const scope = await listScope(actor, accessFacts(this.d));
    const everything = scope.all || scope.wholeQueue;
    const rows = await this.d.repo.queued({ limit, ...(everything ? {} : { departmentIds: scope.departmentIds }) });
    return viewsOf(this.d, rows);
  }
}
