import type { SettingGroup, SettingType, SettingValues, StaffRole, VisitorView } from '@parley/shared';

/** The API's shapes as the web app sees them (see /api/openapi.json). */

export interface User {
  id: string;
  email: string;
  username: string;
  name: string;
  roles: StaffRole[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface SettingView {
  key: string;
  type: SettingType;
  group: SettingGroup;
  label: string;
  description: string;
  public: boolean;
  /** Always null for secrets (see `isSet`). */
  value: unknown;
  default: unknown;
  isSet?: boolean;
  values?: readonly string[];
  min?: number;
  max?: number;
  unit?: string;
  /** False while no part of Parley acts on the setting yet. */
  enforced: boolean;
}

export interface AuditRecord {
  id: string;
  at: string;
  actor: { id: string | null; label: string };
  action: string;
  targetType: string;
  targetId: string | null;
  changes: Record<string, unknown>;
  ip: string | null;
}

export interface AccessToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export type {
  AgentView,
  Availability,
  ConversationMetrics,
  ConversationStatus,
  ConversationView,
  CustomFieldView,
  DepartmentView,
  MessageView,
  Presence,
  SystemMessageType,
} from '@parley/shared';

export interface AgentState {
  userId: string;
  availability: 'available' | 'unavailable';
  presence: 'online' | 'away' | 'offline';
  maxChats: number | null;
  lastAssignedAt: string | null;
}

export interface PriorityView {
  id: string;
  name: string;
  /** Lower is dispatched first (when `queue.sorting` = priority). */
  weight: number;
}

export interface SlaView {
  id: string;
  name: string;
  description: string;
  dueMinutes: number;
}

export interface OfflineMessage {
  id: string;
  name: string;
  email: string;
  message: string;
  departmentId: string | null;
  visitorId: string | null;
  createdAt: string;
}

export interface TransferRecord {
  id: string;
  from: { agentId: string | null; departmentId: string | null };
  to: { agentId: string | null; departmentId: string | null };
  comment: string;
  by: { type: string; id: string | null };
  forced: boolean;
  at: string;
}

/** The settings the agent workspace follows (`GET /api/v1/settings/workspace`, readable by all staff). */
export type WorkspaceSettings = Pick<
  SettingValues,
  | 'omnichannel.enabled'
  | 'general.continuousSound'
  | 'general.requireCloseComment'
  | 'general.fileUploads'
  | 'general.acceptWhenIdle'
  | 'sessions.onHold.allowManual'
  | 'sessions.onHold.onlyAfterAgentEngagement'
  | 'routing.method'
  | 'routing.showQueueToAllAgents'
  | 'queue.maxChatsPerAgent'
  | 'cannedResponses.enabled'
  | 'calls.provider'
>;

/** A visitor as staff see them (`GET /api/v1/visitors/:id`): the channel identity, its contact, their pages. */
export interface VisitorDetails {
  visitor: VisitorView & {
    channel: string;
    verified: boolean;
    blocked: boolean;
    createdAt: string;
    lastSeenAt: string;
    /** Present only when the server keeps them (`gdpr.collectHttpHeaders`). */
    ip?: string | null;
    userAgent?: string | null;
    referrer?: string | null;
  };
  contact: {
    id: string;
    name: string | null;
    emails: string[];
    phones: string[];
    customFields: Record<string, string>;
    contactManagerId: string | null;
    unknown: boolean;
    lastChatAt: string | null;
  };
  /** Newest first (at most 50). */
  pageViews: PageView[];
}

export interface PageView {
  url: string;
  title: string;
  at: string;
  /** The conversation open when the page was seen, if any. */
  conversationId: string | null;
}
