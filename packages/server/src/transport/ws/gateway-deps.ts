import type { Modules } from '../../compose.js';
import type { EventBus } from '../../kernel/bus.js';
import type { Logger } from '../../kernel/logger.js';
import { PRESENCE_TICK_MS } from '../../modules/agents/index.js';
import { toVisitorConversationView } from '../../modules/conversations/index.js';
import { toMessageView, visitorPresentation } from '../../modules/messages/index.js';
import type { Authenticators } from '../http/authenticate.js';
import type { GatewayDeps } from './gateway.js';

/** Connects the gateway to the modules it serves. */
export function gatewayDeps(
  m: Modules,
  bus: EventBus,
  log: Logger,
  auth: Required<Authenticators>,
  instanceId: string,
): GatewayDeps {
  const { conv, messages, agents, visitors, settings, blocks } = m;
  return {
    bus,
    log: log.child({ part: 'ws' }),
    auth,
    async canFollow(actor, conversationId, action = 'read') {
      if (actor.kind === 'visitor') {
        await conv.conversations.forVisitor(actor, conversationId);
        // A blocked channel may still read its conversation, never write to it (typing).
        if (action !== 'read') await blocks.assertMayWrite(actor.visitorId);
      } else await conv.conversations.forStaff(actor, conversationId, action);
    },
    async changedSince(conversationId, since, limit) {
      return (await messages.messages.history(conversationId, { changedSince: since, limit })).map(toMessageView);
    },
    visitorMessage: (msg) => messages.messages.visitorView(msg),
    visitorConversation: (c) => toVisitorConversationView(c, visitorPresentation(settings)),
    visitorTypist: (author) =>
      visitorPresentation(settings).showAgentInfo ? author : { type: author.type, id: null, name: null },
    seesInQueue: (actor, c) => conv.conversations.seesQueued(actor, c.departmentId),
    presence: {
      opened: (connectionId, userId) => agents.connectionOpened(connectionId, userId, instanceId),
      closed: (connectionId, userId) => agents.connectionClosed(connectionId, userId),
      idle: (connectionId, userId, idle) => agents.connectionIdle(connectionId, userId, idle),
      heartbeat: () => agents.heartbeat(instanceId),
      sweep: () => agents.sweepStale(),
      tickMs: PRESENCE_TICK_MS,
    },
    visitorName: (visitorId) => visitors.displayName(visitorId),
    announceTyping: (conversationId, author, typing) =>
      conv.conversations.announceTyping(conversationId, author, typing),
    previewTyping: (conversationId, text) => conv.conversations.previewTyping(conversationId, text),
  };
}
