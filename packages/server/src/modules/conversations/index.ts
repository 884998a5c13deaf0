import type { Db } from '../../kernel/db/db.js';
import { route, type RouteDef } from '../../kernel/http.js';
import type { Listener } from '../../kernel/listeners.js';
import { AgentDirectory } from './agent-directory.js';
import { conversationsListeners } from './conversations.listeners.js';
import { ConversationsRepo } from './conversations.repo.js';
import { conversationsRoutes } from './conversations.routes.js';
import { ConversationsService } from './conversations.service.js';
import { ConversationCountersRepo } from './counters.js';
import type { ConversationDeps, ConversationsModuleInput } from './deps.js';
import { LifecycleService } from './lifecycle.service.js';
import { QueueService } from './queue.service.js';
import { TransferService } from './transfers.service.js';

export { clientIdOf } from './conversations.routes.js';
export { toVisitorConversationView, type ConversationRow } from './presenters.js';
export { assertVisitorOwns, type StaffAction } from './access.js';
export type { RoutingPolicy } from './routing-policy.js';
export type { ConversationsModuleInput } from './deps.js';
export type { ConversationsService, LifecycleService, QueueService, TransferService };
export type { AssignManyResult } from './lifecycle.service.js';

export interface ConversationsModule {
  conversations: ConversationsService;
  lifecycle: LifecycleService;
  transfers: TransferService;
  queue: QueueService;
  routes: RouteDef[];
  listeners: Listener[];
}

/**
 * The conversations' side of appending messages (their sequence counters and metrics), which the
 * messages module is built with before the conversations module exists.
 */
export function conversationCounters(db: Db) {
  return new ConversationCountersRepo(db);
}

/**
 * Conversations (behaviour §1–2): starting, reading (the access rule), the state machine (assign, hold,
 * resume, close), transfers, the queue entries, and the HTTP routes of a conversation — its messages and
 * files included, whose storage is the messages module's.
 */
export function createConversationsModule(input: ConversationsModuleInput): ConversationsModule {
  const d: ConversationDeps = {
    ...input,
    repo: new ConversationsRepo(input.db),
    timeline: input.messages.timeline,
    messages: input.messages.messages,
    search: input.messages.search,
    directory: new AgentDirectory(input.users),
  };
  const conversations = new ConversationsService(d);
  const lifecycle = new LifecycleService(d);
  const transfers = new TransferService(d);
  const queue = new QueueService(d);
  const routes = [
    ...conversationsRoutes(
      conversations,
      lifecycle,
      transfers,
      input.messages.messages,
      input.messages.uploads,
      input.messages.transcripts,
    ),
    route({
      method: 'GET',
      path: '/api/v1/queue',
      summary: 'Conversations waiting for an agent that I may see (routing.showQueueToAllAgents, routing.queueListMax)',
      tags: ['conversations'],
      access: { roles: ['admin', 'manager', 'agent', 'monitor'] },
      handler: async ({ actor }) => ({ items: await queue.visibleTo(actor) }),
    }),
  ];
  return {
    conversations,
    lifecycle,
    transfers,
    queue,
    routes,
    listeners: conversationsListeners(conversations, lifecycle, d.directory),
  };
}
