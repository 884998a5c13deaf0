import type { MessageView, SystemMessageType } from '@parley/shared';
import type { Selectable } from 'kysely';
import type { SettingsService } from '../settings/index.js';
import type { MessagesTable } from './messages.tables.js';
import { systemText } from './system-text.js';

export type MessageRow = Selectable<MessagesTable>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** What the visitor may see, from the settings (`livechat.showAgentInfo`, …). */
export interface VisitorPresentation {
  showAgentInfo: boolean;
  showAgentEmail: boolean;
  hiddenSystemTypes: readonly string[];
}

export function visitorPresentation(settings: SettingsService): VisitorPresentation {
  return {
    showAgentInfo: settings.get('livechat.showAgentInfo'),
    showAgentEmail: settings.get('livechat.showAgentEmail'),
    hiddenSystemTypes: settings.get('livechat.hideSystemMessages'),
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
 * What the visitor may see of a message: notes and hidden system types are dropped (undefined), agent identity
 * only when `livechat.showAgentInfo`, and attachment links go through the widget API.
 */
export function toVisitorMessage(m: MessageView, p: VisitorPresentation): MessageView | undefined {
  // Internal notes are for staff: every visitor path (HTTP, socket, replay, transcript) comes through here.
  if (m.kind === 'note') return undefined;
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
