import type {
  AuthorType,
  Availability,
  ConversationStatus,
  ConversationView,
  MentionView,
  MessageView,
  Presence,
  QueuePosition,
  SettingKey,
} from '@parley/shared';

/**
 * The one catalog of domain events: name (past tense) → payload. Payloads are JSON (they cross
 * processes through the outbox and Redis).
 */
export interface EventMap {
  'setting.changed': { key: SettingKey; actorId: string | null };
  'user.created': { userId: string; roles: string[] };
  /** `byUserId`: the staff user who made the change (undefined: the system or the first-run setup). */
  'user.updated': { userId: string; changed: string[]; byUserId?: string };
  'user.deactivated': { userId: string };
  /** Sessions that no longer authenticate (signed out, ended by a password change or a deactivation). */
  'auth.sessions-ended': {
    userId: string;
    sessionIds: string[];
    reason: 'signed-out' | 'password-changed' | 'password-reset' | 'deactivated';
  };
  'auth.access-token-revoked': { userId: string; tokenId: string };
  'custom-field.changed': { id: string };
  'department.changed': { departmentId: string };
  /**
   * Business hours may open or close something: a schedule was edited (`scheduleId`), an open/close
   * instant passed (`transition`, once for the cluster), or the businessHours.* settings changed.
   */
  'business-hours.changed': { scheduleId: string | null; reason: 'edited' | 'transition' | 'settings' };
  'agent.status-changed': { userId: string; presence: Presence; availability: Availability };
  'agent.capacity-changed': { userId: string; maxChats: number | null };
  'visitor.updated': { visitorId: string; name: string | null; email: string | null; username: string };
  'visitor.page-viewed': { visitorId: string; conversationId: string | null; url: string; title: string };
  'conversation.started': { conversationId: string; visitorId: string; departmentId: string | null };
  'conversation.queued': { conversationId: string; departmentId: string | null };
  'conversation.taken': { conversationId: string; agentId: string; previousAgentId: string | null };
  'conversation.transferred': {
    conversationId: string;
    from: { agentId: string | null; departmentId: string | null };
    to: { agentId: string | null; departmentId: string | null };
    comment: string;
    byId: string | null;
  };
  'conversation.on-hold': { conversationId: string; agentId: string | null };
  'conversation.resumed': { conversationId: string; agentId: string | null };
  'conversation.closed': {
    conversationId: string;
    by: 'agent' | 'visitor' | 'system';
    byId: string | null;
    agentId: string | null;
    comment: string | null;
    /** Where the transcript goes, when someone asked for one. */
    transcriptEmail: string | null;
  };
  /** A snapshot after any change, for realtime views. */
  'conversation.changed': {
    conversation: ConversationView;
    visitorId: string;
    previousAgentId: string | null;
    previousStatus: ConversationStatus | null;
  };
  'message.created': {
    message: MessageView;
    visitorId: string;
    agentId: string | null;
    conversationStatus: ConversationStatus;
  };
  'message.updated': { message: MessageView; visitorId: string; agentId: string | null };
  /** A colleague mentioned `userId` in an internal note (`message.kind === 'note'`); staff only. */
  'mention.created': { mention: MentionView; userId: string };
  /** Metrics or the queue preview of a conversation changed (not on every message). */
  'conversation.summary-changed': { conversationId: string };
  'offline-message.received': {
    offlineMessageId: string;
    name: string;
    email: string;
    message: string;
    departmentId: string | null;
  };
  /**
   * A visitor message held email addresses or phone numbers new to the contact (settings #56–#58): they
   * were added to the contact in the same transaction. Emitted once per message that added something.
   */
  'lead.captured': {
    conversationId: string;
    visitorId: string;
    contactId: string;
    messageId: string;
    emails: string[];
    phones: string[];
  };
  /** A webhook endpoint was added, changed or removed (every process re-reads its list). */
  'webhook-endpoint.changed': { endpointId: string };
  /** A call began (a call link was posted into a conversation, or a phone system reported one). */
  'call.started': {
    callId: string;
    kind: 'video' | 'audio' | 'phone';
    direction: 'inbound' | 'outbound';
    conversationId: string | null;
    contactId: string;
    agentId: string | null;
  };
  /** A call ended (hung up, declined, missed, or reported ended by the phone system). */
  'call.ended': {
    callId: string;
    kind: 'video' | 'audio' | 'phone';
    conversationId: string | null;
    contactId: string;
    agentId: string | null;
    outcome: 'completed' | 'declined' | 'missed';
    durationSeconds: number | null;
  };
  /** A channel was created, changed or removed, or its API credentials rotated (every process re-reads them). */
  'channel.changed': { channelId: string };
  /** `closed`: the conversation is already closed (the transcript goes now, not at the close). */
  'transcript.requested': { conversationId: string; email: string; closed: boolean };
}

/** Events that are not stored (they only matter to whoever is connected right now). */
export interface EphemeralMap {
  typing: {
    conversationId: string;
    author: { type: Extract<AuthorType, 'visitor' | 'agent'>; id: string; name: string | null };
    typing: boolean;
  };
  'queue.position': { conversationId: string; queue: QueuePosition | null };
  /** The visitor's draft (`livechat.typingPreview`), for staff only. */
  'typing.preview': { conversationId: string; text: string };
}

export type EphemeralName = keyof EphemeralMap;

export type EventName = keyof EventMap;

export interface BusEvent<N extends EventName = EventName> {
  id: string;
  name: N;
  payload: EventMap[N];
  /** ISO time of the emitting transaction (the app clock). */
  at: string;
}

/**
 * Events after which other processes must refresh what they cache (settings, departments, users,
 * custom fields, visitor names). Low-volume: they cross processes even without Redis.
 */
export const cacheEvents: ReadonlySet<string> = new Set<EventName>([
  'setting.changed',
  'department.changed',
  'business-hours.changed',
  'custom-field.changed',
  'user.created',
  'user.updated',
  'user.deactivated',
  'auth.sessions-ended',
  'auth.access-token-revoked',
  'visitor.updated',
  'agent.capacity-changed',
  'webhook-endpoint.changed',
  'channel.changed',
]);
