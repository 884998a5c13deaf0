import type { AgentInfo, ConversationView, VisitorConversationView } from '@parley/shared';
import type { Selectable } from 'kysely';
import type { VisitorPresentation } from '../messages/index.js';
import type { ConversationsTable } from './conversations.tables.js';

export type ConversationRow = Selectable<ConversationsTable>;

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
