import type {
  AgentInfo,
  ConversationView,
  MessageView,
  SystemMessageType,
  VisitorConversationView,
} from '@parley/shared';
import type { Selectable } from 'kysely';
import type { ConversationsTable, MessagesTable } from './conversations.tables.js';
import { systemText } from './system-text.js';

export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toConversationView(c: ConversationRow, agent: AgentInfo | null): ConversationView {
  return {
    id: c.id,
    status: c.status,
    channel: c.channel,
    contactId: c.contact_id,
    visitor: {
      id: c.visitor_id,
      name: c.visitor_name,
      username: c.visitor_username,
      email: c.visitor_email,
      phone: null,
    },
    departmentId: c.department_id,
    agent,
    topic: c.topic,
    tags: c.tags,
    priorityId: c.priority_id,
    slaId: c.sla_id,
    customFields: c.custom_fields,
    lastSeq: c.last_seq,
    lastMessageAt: iso(c.last_message_at),
    lastMessagePreview: c.last_message_preview,
    createdAt: c.created_at.toISOString(),
    queuedAt: iso(c.queued_at),
    assignedAt: iso(c.assigned_at),
    onHoldAt: iso(c.on_hold_at),
    closedAt: iso(c.closed_at),
    closedBy: c.closed_by_type ? { type: c.closed_by_type, id: c.closed_by_id } : null,
    closeComment: c.close_comment,
    metrics: {
      waitSeconds: c.wait_seconds,
      firstResponseSeconds: c.first_response_seconds,
      reactionSeconds: c.reaction_seconds,
      averageResponseSeconds: c.response_count > 0 ? c.response_total_seconds / c.response_count : null,
      responseCount: c.response_count,
      chatDurationSeconds: c.chat_duration_seconds,
      serviceDurationSeconds: c.service_duration_seconds,
    },
  };
}

export interface VisitorPresentation {
  showAgentInfo: boolean;
  showAgentEmail: boolean;
  hiddenSystemTypes: readonly string[];
}

export function toVisitorAgent(agent: AgentInfo | null, p: VisitorPresentation): AgentInfo | null {
  if (!agent || !p.showAgentInfo) return null;
  return {
    id: agent.id,
    name: agent.name,
    username: agent.username,
    ...(p.showAgentEmail && agent.email ? { email: agent.email } : {}),
  };
}

export function toVisitorConversationView(c: ConversationView, p: VisitorPresentation): VisitorConversationView {
  return {
    id: c.id,
    status: c.status,
    departmentId: c.departmentId,
    agent: toVisitorAgent(c.agent, p),
    lastSeq: c.lastSeq,
    createdAt: c.createdAt,
    closedAt: c.closedAt,
    closedBy: c.closedBy?.type ?? null,
    queue: null,
  };
}

export function attachmentUrl(conversationId: string, fileId: string, audience: 'staff' | 'visitor'): string {
  return audience === 'visitor'
    ? `/api/v1/widget/conversations/${conversationId}/files/${fileId}`
    : `/api/v1/conversations/${conversationId}/files/${fileId}`;
}

/** The staff view of a message (everything). */
export function toMessageView(m: MessageRow): MessageView {
  return {
    id: m.id,
    conversationId: m.conversation_id,
    seq: m.seq,
    updatedSeq: m.updated_seq,
    clientId: m.client_id,
    author: { type: m.author_type, id: m.author_id, name: m.author_name },
    kind: m.kind,
    systemType: m.system_type as SystemMessageType | null,
    text: m.deleted_at ? '' : m.text,
    attachment:
      m.attachment && !m.deleted_at
        ? { ...m.attachment, url: attachmentUrl(m.conversation_id, m.attachment.id, 'staff') }
        : null,
    data: m.data,
    createdAt: m.created_at.toISOString(),
    editedAt: iso(m.edited_at),
    deletedAt: iso(m.deleted_at),
  };
}

/**
 * What the visitor may see of a message: hidden system types are dropped (undefined), agent identity
 * only when `livechat.showAgentInfo`, and attachment links go through the widget API.
 */
export function toVisitorMessage(m: MessageView, p: VisitorPresentation): MessageView | undefined {
  if (m.kind === 'system' && m.systemType && p.hiddenSystemTypes.includes(m.systemType)) return undefined;
  // Navigation reports are for agents.
  if (m.kind === 'system' && m.systemType === 'navigation') return undefined;
  const staffAuthor = m.author.type === 'agent' || m.author.type === 'bot';
  const data = m.kind === 'system' ? visitorSystemData(m.data, p.showAgentInfo) : m.data;
  return {
    ...m,
    // The stored text of a system message is the staff text (names, transfer comment): the visitor's
    // text is built again from what the visitor may see, never filtered out of the staff text.
    text:
      m.kind === 'system' && m.systemType && !m.deletedAt ? systemText(m.systemType, data, p.showAgentInfo) : m.text,
    author: staffAuthor && !p.showAgentInfo ? { type: m.author.type, id: null, name: null } : m.author,
    attachment: m.attachment
      ? { ...m.attachment, url: attachmentUrl(m.conversationId, m.attachment.id, 'visitor') }
      : null,
    data,
  };
}

/** Transfer comments are notes between staff: the visitor never gets them; agent identity only when shown. */
function visitorSystemData(
  data: Record<string, unknown> | null,
  showAgentInfo: boolean,
): Record<string, unknown> | null {
  if (!data) return data;
  const { comment: _c, ...rest } = data;
  return showAgentInfo ? rest : stripAgentData(rest);
}

function stripAgentData(data: Record<string, unknown>): Record<string, unknown> {
  const {
    agentId: _a,
    agentName: _n,
    fromAgentId: _f,
    toAgentId: _t,
    fromAgentName: _fn,
    toAgentName: _tn,
    ...rest
  } = data;
  return rest;
}

export function preview(text: string): string {
  return text.length > 140 ? `${text.slice(0, 137)}…` : text;
}
