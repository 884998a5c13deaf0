import type {
  ConversationView,
  MessageView,
  Presence,
  Availability,
  VisitorConversationView,
  QueuePosition,
} from './omnichannel.js';

/**
 * The realtime protocol over one WebSocket at /ws. JSON messages, one per frame.
 * Visitors authenticate with their token, staff with their session cookie (or an access token).
 */
export type ClientFrame =
  | { type: 'auth'; visitorToken?: string; accessToken?: string }
  /** `since`: the last sequence number the client has; everything after it is replayed first. */
  | { type: 'subscribe'; topic: 'conversation'; id: string; since?: number }
  | { type: 'subscribe'; topic: 'my-conversations' | 'queue' | 'presence' }
  | { type: 'unsubscribe'; topic: 'conversation'; id: string }
  | { type: 'unsubscribe'; topic: 'my-conversations' | 'queue' | 'presence' }
  | { type: 'typing'; conversationId: string; typing: boolean }
  /** Staff: the browser noticed the user is idle (or back). */
  | { type: 'activity'; idle: boolean }
  | { type: 'ping' };

export type ServerFrame =
  | { type: 'ready'; actor: { kind: 'staff'; userId: string; name: string } | { kind: 'visitor'; visitorId: string } }
  | { type: 'subscribed'; topic: string; id?: string; replayed?: number }
  | { type: 'message.created' | 'message.updated'; conversationId: string; message: MessageView }
  | {
      type: 'typing';
      conversationId: string;
      author: { type: 'visitor' | 'agent'; id: string; name: string | null };
      typing: boolean;
    }
  | { type: 'conversation.updated'; conversation: ConversationView }
  | { type: 'visitor.conversation.updated'; conversation: VisitorConversationView }
  | { type: 'queue.position'; conversationId: string; queue: QueuePosition | null }
  | { type: 'queue.changed'; conversationId: string; change: 'added' | 'removed' | 'updated' }
  | { type: 'agent.status'; userId: string; presence: Presence; availability: Availability }
  | { type: 'error'; code: string; message: string }
  | { type: 'pong' };
