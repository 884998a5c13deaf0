import type { JobRunner } from '../../kernel/jobs.js';
import { Dispatcher, type DispatcherDeps } from './dispatcher.js';
import { MaxWait } from './max-wait.js';
import { routingListeners } from './routing.listeners.js';
import { DispatcherTick } from './tick.js';
import type { Staffing } from './staffing.js';

export { Dispatcher } from './dispatcher.js';
export { pickAgent, type Candidate } from './pick.js';
export { Staffing, type StaffingDeps } from './staffing.js';

export type RoutingModule = ReturnType<typeof createRoutingModule>;

/**
 * Routing and the queue (behaviour §2): the dispatcher, who may start a chat now (and in which
 * department, following fallbacks: `Staffing`, built before conversations, which asks it through the
 * RoutingPolicy it declares), queue positions for visitors, and the maximum time in queue.
 */
export function createRoutingModule(d: DispatcherDeps & { jobs: JobRunner; staffing: Staffing }) {
  const { settings, conv, staffing } = d;
  settings.declareEnforced(
    'queue.processingDelaySeconds',
    'queue.waitingQueue.enabled',
    'queue.waitingQueue.message',
    'queue.maxChatsPerAgent',
    'queue.statistics.enabled',
    'queue.statistics.recentChats',
    'queue.maxWaitMinutes',
    'queue.sorting',
    'routing.method',
    'routing.acceptWithNoOnlineAgents',
    'routing.assignToBot',
    'routing.external.url',
    'routing.external.secretToken',
    'routing.lastChattedAgentPreferred',
    'routing.contactManagerPreferred',
    'general.acceptWhenIdle',
    'crm.httpTimeoutMs',
  );
  const dispatcher = new Dispatcher(d);
  const tick = new DispatcherTick(d, () => dispatcher.request());
  const maxWait = new MaxWait(d);

  // An agent who can no longer serve (deactivated, or the agent role removed) leaves their open and
  // on-hold chats as "agent offline → forward" does: back to the queue, where the dispatcher gives each to
  // another eligible agent (or it waits).
  const releaseAgent = async (userId: string) => {
    const user = await d.users.byId(userId);
    if (user?.active && (user.roles.includes('agent') || user.roles.includes('bot'))) return;
    await conv.transfers.releaseAgent(userId);
  };

  return {
    dispatcher,
    staffing,
    /** Background work of a serving process: the cluster's dispatcher tick. */
    start: () => tick.start(),
    listeners: routingListeners({ dispatcher, tick, staffing, maxWait, releaseAgent }),
    online: (departmentId: string | null) => staffing.online(departmentId),
    queuePosition: (conversationId: string) => dispatcher.positionOf(conversationId),
    /** When the max wait will close this queued conversation (what agents see of its timers). */
    queueTimeoutAt: (conversationId: string) => maxWait.dueAt(conversationId),
  };
}
