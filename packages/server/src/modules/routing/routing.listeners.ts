import { listener, listeners, type Listener } from '../../kernel/listeners.js';
import type { Dispatcher } from './dispatcher.js';
import type { MaxWait } from './max-wait.js';
import type { Staffing } from './staffing.js';
import type { DispatcherTick } from './tick.js';

/** The routing module's reactions to events. */
export function routingListeners(r: {
  dispatcher: Dispatcher;
  tick: DispatcherTick;
  staffing: Staffing;
  maxWait: MaxWait;
  releaseAgent(userId: string): Promise<void>;
}): Listener[] {
  const dispatch = () => r.dispatcher.request();
  // Who is present, and who just filled up or freed a place, changes the start gate's answer at once.
  const reset = () => {
    r.staffing.forget();
    return r.dispatcher.request();
  };
  return [
    // Run at once whenever the queue changed, or capacity may have appeared while chats wait.
    listener('conversation.queued', 'after-commit', dispatch),
    ...listeners(['conversation.closed', 'conversation.on-hold', 'conversation.transferred'], 'after-commit', () =>
      r.dispatcher.capacityFreed(),
    ),
    // Every process keeps its own start gate's pool: each counts an assignment, and forgets on a release.
    listener('conversation.taken', 'after-commit-everywhere', (e) =>
      r.staffing.taken(e.payload.agentId, e.payload.previousAgentId),
    ),
    ...listeners(
      ['conversation.closed', 'conversation.on-hold', 'conversation.resumed', 'conversation.transferred'],
      'after-commit-everywhere',
      () => r.staffing.forget(),
    ),
    ...listeners(
      // business-hours.changed: an opening (or an edit, or the settings) may let queued chats through.
      [
        'agent.status-changed',
        'agent.capacity-changed',
        'department.changed',
        'user.updated',
        'business-hours.changed',
      ],
      'after-commit',
      reset,
    ),
    listener('setting.changed', 'after-commit', (e) =>
      /^(routing|queue|general)\./.test(e.payload.key) ? reset() : undefined,
    ),
    // An agent who can no longer serve leaves their chats as "agent offline → forward" does. Once, here.
    listener('user.deactivated', 'after-commit', (e) => r.releaseAgent(e.payload.userId)),
    listener('user.updated', 'after-commit', (e) =>
      e.payload.changed.includes('roles') ? r.releaseAgent(e.payload.userId) : undefined,
    ),
    // The max-wait timer commits or rolls back with the queueing (and with a changed limit).
    listener('conversation.queued', 'in-transaction', (e) => r.maxWait.arm(e.payload.conversationId)),
    listener('setting.changed', 'in-transaction', (e) => r.maxWait.settingChanged(e.payload.key)),
    listener('setting.changed', 'after-commit', (e) =>
      e.payload.key === 'queue.processingDelaySeconds' ? r.tick.intervalChanged() : undefined,
    ),
  ];
}
