/**
 * API shapes shared by the server, the web app and the widget. The server's presenters produce
 * exactly these; clients consume them.
 */

export type ConversationStatus = 'queued' | 'open' | 'on-hold' | 'closed';
export type AuthorType = 'visitor' | 'agent' | 'bot' | 'system';
export type MessageKind = 'text' | 'file' | 'system';
export type Availability = 'available' | 'unavailable';
export type Presence = 'online' | 'away' | 'offline';

export const systemMessageTypes = [
  'user-join',
  'user-leave',
  'conversation-started',
  'conversation-finished',
  'conversation-transferred',
  'conversation-queued',
  'navigation',
  'on-hold',
  'resumed',
  'department-changed',
  'transcript-requested',
] as const;
export type SystemMessageType = (typeof systemMessageTypes)[number];

export interface AttachmentView {
  id: string;
  name: string;
  size: number;
  contentType: string;
  /** Relative URL to download it with the caller's own credentials. */
  url: string;
}

export interface MessageView {
  id: string;
  conversationId: string;
  seq: number;
  /** Sequence number of the last change (creation, edit or deletion). */
  updatedSeq: number;
  clientId: string | null;
  author: { type: AuthorType; id: string | null; name: string | null };
  kind: MessageKind;
  systemType: SystemMessageType | null;
  text: string;
  attachment: AttachmentView | null;
  data: Record<string, unknown> | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export interface AgentInfo {
  id: string;
  name: string;
  username: string;
  email?: string;
}

export interface ConversationMetrics {
  waitSeconds: number | null;
  firstResponseSeconds: number | null;
  reactionSeconds: number | null;
  averageResponseSeconds: number | null;
  responseCount: number;
  chatDurationSeconds: number | null;
  serviceDurationSeconds: number | null;
}

/** What staff see. */
export interface ConversationView {
  id: string;
  status: ConversationStatus;
  channel: string;
  contactId: string;
  visitor: { id: string; name: string | null; username: string; email: string | null; phone: string | null };
  departmentId: string | null;
  agent: AgentInfo | null;
  topic: string;
  tags: string[];
  priorityId: string | null;
  slaId: string | null;
  customFields: Record<string, string>;
  lastSeq: number;
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  createdAt: string;
  queuedAt: string | null;
  assignedAt: string | null;
  onHoldAt: string | null;
  closedAt: string | null;
  closedBy: { type: 'agent' | 'visitor' | 'system'; id: string | null } | null;
  closeComment: string | null;
  metrics: ConversationMetrics;
}

/** What the visitor sees of their own conversation. */
export interface VisitorConversationView {
  id: string;
  status: ConversationStatus;
  departmentId: string | null;
  /** Null while nobody serves it, or when `livechat.showAgentInfo` is off. */
  agent: AgentInfo | null;
  lastSeq: number;
  createdAt: string;
  closedAt: string | null;
  closedBy: 'agent' | 'visitor' | 'system' | null;
  queue: QueuePosition | null;
}

export interface QueuePosition {
  position: number;
  estimatedWaitSeconds: number | null;
  message: string;
}

export interface DepartmentView {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  showOnRegistration: boolean;
  showOnOfflineForm: boolean;
  email: string;
  fallbackDepartmentId: string | null;
  allowedForwardIds: string[];
  requestTagBeforeClosing: boolean;
  closingTags: string[];
  waitingQueueMessage: string;
  maxChatsPerAgent: number | null;
  businessHoursId: string | null;
  archived: boolean;
  agents: Array<{ userId: string; position: number }>;
  createdAt: string;
  updatedAt: string;
}

export interface CustomFieldView {
  id: string;
  label: string;
  scope: 'visitor' | 'conversation';
  type: 'text' | 'select';
  options: string[];
  regex: string | null;
  required: boolean;
  visible: boolean;
  searchable: boolean;
  position: number;
}

export interface AgentView {
  userId: string;
  name: string;
  username: string;
  email: string;
  availability: Availability;
  presence: Presence;
  maxChats: number | null;
  openChats: number;
  departmentIds: string[];
  lastAssignedAt: string | null;
}

export interface WidgetConfig {
  settings: Record<string, unknown>;
  departments: Array<{ id: string; name: string; showOnRegistration: boolean; showOnOfflineForm: boolean }>;
  customFields: CustomFieldView[];
  /** Can a chat start now (an agent is available, or chats are accepted anyway)? */
  online: boolean;
  enabled: boolean;
}
