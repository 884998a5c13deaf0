import type { ConversationDeps } from './deps.js';
import { ConversationsService } from './conversations.service.js';
import { conversationsRoutes } from './conversations.routes.js';
import { LifecycleService } from './lifecycle.service.js';
import { TransferService } from './transfers.service.js';
import { MessagesService } from './messages.service.js';
import { QueueService } from './queue.service.js';
import { UploadsService } from './uploads.service.js';
import { route, type RouteDef } from '../../kernel/http.js';
import type { JobRunner } from '../../kernel/jobs.js';
import type { Mailer } from '../../kernel/mailer.js';
import { Transcripts } from './transcripts.js';

export { AgentDirectory } from './agent-directory.js';
export { ConversationsRepo } from './conversations.repo.js';
export { Timeline } from './timeline.js';
export { historyQuery, textSchema, clientIdSchema, clientIdOf } from './conversations.routes.js';
export {
  toMessageView,
  toVisitorMessage,
  toVisitorConversationView,
  type ConversationRow,
  type VisitorPresentation,
} from './presenters.js';
export { visitorPresentation, type ConversationDeps } from './deps.js';
export { assertVisitorOwns, assertStaffMay, isSupervisor, mayWatchQueued, type StaffAction } from './access.js';
export { capacityOf, hasRoom } from './capacity.js';
export type { ConversationsService, LifecycleService, MessagesService, QueueService, TransferService, UploadsService };

export interface ConversationsModule {
  conversations: ConversationsService;
  lifecycle: LifecycleService;
  transfers: TransferService;
  messages: MessagesService;
  queue: QueueService;
  uploads: UploadsService;
  transcripts: Transcripts;
  routes: RouteDef[];
}

export function createConversationsModule(
  d: ConversationDeps,
  o: { uploadDir: string; uploadMaxBytes: number; jobs: JobRunner; mailer: Mailer },
): ConversationsModule {
  const conversations = new ConversationsService(d);
  const lifecycle = new LifecycleService(d);
  const transfers = new TransferService(d);
  const uploads = new UploadsService(d.db, d.settings, d.clock, o.uploadDir, o.uploadMaxBytes);
  const transcripts = new Transcripts(d, o.jobs, o.mailer);
  const messages = new MessagesService(d, lifecycle, uploads);
  const queue = new QueueService(d);
  const routes = [
    ...conversationsRoutes(conversations, lifecycle, transfers, messages, uploads),
    route({
      method: 'GET',
      path: '/api/v1/queue',
      summary: 'Conversations waiting for an agent that I may see (routing.showQueueToAllAgents, routing.queueListMax)',
      tags: ['conversations'],
      access: { roles: ['admin', 'manager', 'agent', 'monitor'] },
      handler: async ({ actor }) => ({ items: await queue.visibleTo(actor) }),
    }),
  ];
  return { conversations, lifecycle, transfers, messages, queue, uploads, transcripts, routes };
}
