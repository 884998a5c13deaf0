import { listener, type Listener } from '../../kernel/listeners.js';
import type { AgentDirectory } from './agent-directory.js';
import type { ConversationsService } from './conversations.service.js';
import type { LifecycleService } from './lifecycle.service.js';

/** The conversations module's reactions to events. */
export function conversationsListeners(
  conversations: ConversationsService,
  lifecycle: LifecycleService,
  directory: AgentDirectory,
): Listener[] {
  return [
    listener('user.updated', 'after-commit-everywhere', (e) => directory.forget(e.payload.userId)),
    // Exactly once, with the message: a visitor writing into a conversation on hold brings it back.
    listener('message.created', 'in-transaction', async (e) => {
      const p = e.payload;
      if (p.message.author.type === 'visitor' && p.conversationStatus === 'on-hold')
        await lifecycle.resumeOnVisitorMessage(p.message.conversationId, p.visitorId);
    }),
    listener('conversation.summary-changed', 'after-commit', (e) =>
      conversations.publishSnapshot(e.payload.conversationId),
    ),
    listener('visitor.page-viewed', 'in-transaction', async (e) => {
      if (e.payload.conversationId)
        await conversations.pageViewed(e.payload.conversationId, e.payload.url, e.payload.title);
    }),
    listener('visitor.updated', 'after-commit', (e) => conversations.refreshVisitor(e.payload.visitorId, e.payload)),
  ];
}
