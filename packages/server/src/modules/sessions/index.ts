import { VisitorAbandonment } from './abandonment.js';
import { AgentOfflineSessions } from './agent-offline.js';
import type { SessionsDeps } from './deps.js';
import { OnHoldAutoClose } from './on-hold-close.js';
import { sessionsListeners } from './sessions.listeners.js';
import { sessionsRoutes } from './sessions.routes.js';
import { ConversationTimersView } from './timers.js';
import { UnansweredTransfer } from './unanswered.js';

export type { SessionsDeps } from './deps.js';
export type { QueueTimeoutTimer } from './timers.js';
export type SessionsModule = ReturnType<typeof createSessionsModule>;

/**
 * The Sessions timers of the admin guide (settings #81–#97), each a durable job (kernel/jobs.ts) armed in
 * the transaction of the event that starts it and deleted in the one that makes it moot; when it runs it
 * locks the conversation and acts only if the state it was armed for still holds. Nothing lives in memory:
 * a restart or a second process changes nothing.
 */
export function createSessionsModule(d: SessionsDeps) {
  const onHold = new OnHoldAutoClose(d);
  const unanswered = new UnansweredTransfer(d);
  const agentOffline = new AgentOfflineSessions(d);
  const abandonment = new VisitorAbandonment(d);
  // What agents see of the pending timers.
  const timers = new ConversationTimersView(d, {
    onHold,
    unanswered,
    agentOffline,
    abandonment,
    queueTimeout: d.queueTimeout,
  });
  return {
    onHold,
    unanswered,
    agentOffline,
    abandonment,
    timers,
    routes: sessionsRoutes(d.conv.conversations, timers),
    listeners: sessionsListeners({ onHold, unanswered, agentOffline, abandonment }),
  };
}
