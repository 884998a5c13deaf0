import type { ConversationView } from '@parley/shared';
import type { StaffActor } from '../../kernel/http.js';
import { listScope } from './access.js';
import { accessFacts, viewsOf, type ConversationDeps } from './deps.js';

const HARD_CAP = 500;

/** The list of waiting conversations an agent may see (and take, under manual routing). */
export class QueueService {
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
