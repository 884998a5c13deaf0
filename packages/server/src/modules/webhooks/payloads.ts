import type { CallView, MessageView, WebhookEvent } from '@parley/shared';
import UAParser from 'ua-parser-js';

/**
 * The bodies of the reference product's Livechat webhooks (../shared/reference/rc-webhooks.md, documented
 * with examples in docs/webhooks.md), built from what Parley keeps, so that an existing Rocket.Chat CRM
 * connector parses them unchanged. Parley adds nothing to them: its own facts travel in X-Parley-* headers.
 */

/** What a body is built from, read through the other modules' faces when the delivery is first sent. */
export interface ConversationFacts {
  id: string;
  visitorId: string;
  departmentId: string | null;
  agentId: string | null;
  topic: string;
  tags: string[];
  customFields: Record<string, string>;
  createdAt: Date;
  lastMessageAt: Date | null;
  assignedAt: Date | null;
  closedAt: Date | null;
  closedByType: 'agent' | 'visitor' | 'system' | null;
  closedById: string | null;
}

export interface VisitorFacts {
  id: string;
  username: string;
  name: string | null;
  departmentId: string | null;
  ip: string | null;
  userAgent: string | null;
  customFields: Record<string, string>;
  /** The contact's addresses and numbers (the visitor's own first). */
  emails: string[];
  phones: string[];
}

export interface StaffFacts {
  id: string;
  username: string;
  name: string;
  email: string;
}

export interface BodyInputs {
  conversation: ConversationFacts;
  visitor: VisitorFacts;
  /** Whoever serves it now (and whoever else the body names), by id. */
  staff: Map<string, StaffFacts>;
  /** Every message of the conversation, oldest first (for the full `messages`). */
  messages: MessageView[];
  crmData: string | null;
  /** Whether navigation messages go into `messages` (crm.on.navigationHistory). */
  withNavigation: boolean;
}

/** The source recorded with a delivery (JSON), one shape per event. */
export type DeliverySource =
  | { kind: 'session'; conversationId: string }
  | { kind: 'taken'; conversationId: string; agentId: string; at: string }
  | {
      kind: 'forward';
      conversationId: string;
      from: { agentId: string | null; departmentId: string | null };
      to: { agentId: string | null; departmentId: string | null };
      at: string;
    }
  /** `agentId`: who served the conversation when the message was written (the room is read later). */
  | { kind: 'message'; conversationId: string; message: MessageView; agentId: string | null }
  | { kind: 'offline'; name: string; email: string; message: string; sentAt: string }
  /** A call's start or end; in its conversation's line when it has one (a phone call has its own). */
  | { kind: 'call'; callId: string; phase: 'started' | 'ended'; conversationId: string | null };

export const rcType: Record<WebhookEvent, string> = {
  chatStart: 'LivechatSessionStart',
  chatQueued: 'LivechatSessionQueued',
  chatTaken: 'LivechatSessionTaken',
  forward: 'LivechatSessionForwarded',
  chatClose: 'LivechatSession',
  visitorMessage: 'Message',
  agentMessage: 'Message',
  navigationHistory: 'Message',
  leadCapture: 'LeadCapture',
  offlineMessage: 'LivechatOfflineMessage',
  call: 'LivechatCall',
};

/** The author of system messages (page views, closes by a timer). */
const SYSTEM_USER = { _id: 'system', username: 'system', name: 'Parley' };

type Json = Record<string, unknown>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

/** `{a: undefined}` keys vanish in JSON.stringify, as the reference's do. */
function visitorBody(v: VisitorFacts): Json {
  const ua = v.userAgent ? new UAParser(v.userAgent).getResult() : undefined;
  const join = (name?: string, version?: string) => (name ? [name, version].filter(Boolean).join(' ') : undefined);
  return {
    _id: v.id,
    // The widget token is the visitor's credential (Parley keeps only its hash): its stable id stands in.
    token: v.id,
    name: v.name ?? v.username,
    username: v.username,
    department: v.departmentId ?? undefined,
    ip: v.ip ?? undefined,
    os: ua ? join(ua.os.name, ua.os.version) : undefined,
    browser: ua ? join(ua.browser.name, ua.browser.version) : undefined,
    customFields: Object.keys(v.customFields).length > 0 ? v.customFields : undefined,
    email: v.emails.length > 0 ? v.emails.map((address) => ({ address })) : undefined,
    phone: v.phones.length > 0 ? v.phones.map((phoneNumber) => ({ phoneNumber })) : undefined,
  };
}

function staffBody(s: StaffFacts): Json {
  return { _id: s.id, username: s.username, name: s.name, email: s.email };
}

function authorOf(m: MessageView, i: BodyInputs): { _id: string; username: string; name: string } {
  if (m.author.type === 'visitor')
    return { _id: i.visitor.id, username: i.visitor.username, name: i.visitor.name ?? i.visitor.username };
  const s = m.author.id ? i.staff.get(m.author.id) : undefined;
  if (s) return { _id: s.id, username: s.username, name: s.name };
  if (m.author.id) return { _id: m.author.id, username: m.author.name ?? m.author.id, name: m.author.name ?? '' };
  return SYSTEM_USER;
}

/** Whether a message belongs in `messages` (reference: no system types but the close and page views). */
export function carriedMessage(m: MessageView, withNavigation: boolean): boolean {
  if (m.deletedAt) return false;
  if (m.kind === 'text' || m.kind === 'file') return true;
  if (m.systemType === 'conversation-finished') return true;
  return withNavigation && m.systemType === 'navigation';
}

/** One entry of `messages`, in the reference's shape. */
export function messageEntry(m: MessageView, i: BodyInputs, publicUrl: string): Json {
  const u = authorOf(m, i);
  const entry: Json = { u, _id: m.id, username: u.username };
  if (m.systemType === 'conversation-finished') {
    const closer = closedByOf(i);
    Object.assign(entry, { u: closer.u, username: closer.u.username });
    const comment = typeof m.data?.comment === 'string' ? m.data.comment : undefined;
    if (comment) entry.msg = comment;
  } else if (m.systemType === 'navigation') {
    const url = String(m.data?.url ?? '');
    const title = String(m.data?.title ?? '');
    entry.msg = `${title} - ${url}`;
    entry.navigation = { page: { change: 'url', title, location: { href: url } }, token: i.visitor.id };
  } else if (m.text) {
    entry.msg = m.text;
  }
  entry.ts = m.createdAt;
  entry.rid = m.conversationId;
  const authorId = (entry.u as { _id: string })._id;
  if (authorId !== i.visitor.id) entry.agentId = authorId;
  if (m.systemType === 'conversation-finished') entry.closingMessage = true;
  if (m.editedAt) entry.editedAt = m.editedAt;
  if (m.attachment) {
    const link = `${publicUrl}${m.attachment.url}`;
    entry.file = { _id: m.attachment.id, name: m.attachment.name, type: m.attachment.contentType };
    entry.fileUpload = { publicFilePath: link, type: m.attachment.contentType, size: m.attachment.size };
    entry.attachments = [{ title: m.attachment.name, title_link: link, type: 'file' }];
  }
  entry._updatedAt = m.editedAt ?? m.createdAt;
  return entry;
}

function closedByOf(i: BodyInputs): { u: { _id: string; username: string; name: string }; closer: 'user' | 'visitor' } {
  const c = i.conversation;
  if (c.closedByType === 'visitor')
    return {
      u: { _id: i.visitor.id, username: i.visitor.username, name: i.visitor.name ?? i.visitor.username },
      closer: 'visitor',
    };
  const s = c.closedById ? i.staff.get(c.closedById) : undefined;
  return { u: s ? { _id: s.id, username: s.username, name: s.name } : SYSTEM_USER, closer: 'user' };
}

/** The common room body (`getLivechatRoomGuestInfo` + `type` + `messages`) plus the per-type additions. */
export function roomBody(event: WebhookEvent, source: DeliverySource, i: BodyInputs, publicUrl: string): Json {
  const c = i.conversation;
  const agentId = source.kind === 'message' ? source.agentId : c.agentId;
  const agent = agentId ? i.staff.get(agentId) : undefined;
  let messages: MessageView[];
  if (source.kind === 'message') messages = [source.message];
  else if (event === 'leadCapture') messages = [];
  else messages = i.messages.filter((m) => carriedMessage(m, i.withNavigation));
  const body: Json = {
    _id: c.id,
    label: i.visitor.name ?? i.visitor.username,
    topic: c.topic || undefined,
    createdAt: c.createdAt.toISOString(),
    lastMessageAt: iso(c.lastMessageAt),
    tags: c.tags,
    customFields: c.customFields,
    visitor: visitorBody(i.visitor),
    agent: agent ? staffBody(agent) : undefined,
    crmData: i.crmData ?? undefined,
    type: rcType[event],
    messages: messages.map((m) => messageEntry(m, i, publicUrl)),
  };
  const servedBy = agent ? { _id: agent.id, username: agent.username, ts: iso(c.assignedAt) } : undefined;
  switch (event) {
    case 'chatStart':
    case 'chatQueued':
      body.departmentId = c.departmentId ?? undefined;
      break;
    case 'chatTaken': {
      const taker = source.kind === 'taken' ? i.staff.get(source.agentId) : agent;
      body.departmentId = c.departmentId ?? undefined;
      if (taker) {
        body.agent = staffBody(taker);
        body.servedBy = {
          _id: taker.id,
          username: taker.username,
          ts: source.kind === 'taken' ? source.at : iso(c.assignedAt),
        };
      }
      break;
    }
    case 'forward': {
      if (source.kind !== 'forward') break;
      body.departmentId = source.to.departmentId ?? undefined;
      body.servedBy = servedBy;
      const old = source.from.agentId ? i.staff.get(source.from.agentId) : undefined;
      if (source.from.agentId && source.from.agentId !== source.to.agentId)
        body.oldServedBy = { _id: source.from.agentId, username: old?.username, ts: source.at };
      if (source.from.departmentId && source.from.departmentId !== source.to.departmentId)
        body.oldDepartmentId = source.from.departmentId;
      break;
    }
    case 'chatClose': {
      const closed = closedByOf(i);
      body.departmentId = c.departmentId ?? undefined;
      body.servedBy = servedBy;
      body.closedAt = iso(c.closedAt);
      body.closedBy = { _id: closed.u._id, username: closed.u.username };
      body.closer = closed.closer;
      break;
    }
    default:
      break;
  }
  return body;
}

/** `LivechatOfflineMessage`: its own small body (visitor.email a plain string here). */
export function offlineBody(s: Extract<DeliverySource, { kind: 'offline' }>): Json {
  return {
    type: 'LivechatOfflineMessage',
    sentAt: s.sentAt,
    visitor: { name: s.name, email: s.email },
    message: s.message,
  };
}

/** A real-looking closed session for "Send test" (the reference's fixed sample is thinner; see docs). */
export function sampleBody(now: Date): Json {
  const t = (s: number) => new Date(now.getTime() - s * 1000).toISOString();
  const visitor = { _id: 'sample-visitor', username: 'guest-1', name: 'Sample Visitor' };
  const agent = { _id: 'sample-agent', username: 'sample.agent', name: 'Sample Agent' };
  return {
    _id: 'sample-conversation',
    label: 'Sample Visitor',
    createdAt: t(300),
    lastMessageAt: t(60),
    tags: ['sample'],
    customFields: {},
    visitor: { ...visitor, token: 'sample-visitor', email: [{ address: 'visitor@example.com' }] },
    agent: { ...agent, email: 'agent@example.com' },
    type: 'LivechatSession',
    messages: [
      {
        u: visitor,
        _id: 'sample-1',
        username: 'guest-1',
        msg: 'Hello, this is a test',
        ts: t(120),
        rid: 'sample-conversation',
        _updatedAt: t(120),
      },
      {
        u: agent,
        _id: 'sample-2',
        username: 'sample.agent',
        msg: 'Hi! Test received.',
        ts: t(60),
        rid: 'sample-conversation',
        agentId: 'sample-agent',
        _updatedAt: t(60),
      },
      {
        u: agent,
        _id: 'sample-3',
        username: 'sample.agent',
        ts: t(30),
        rid: 'sample-conversation',
        agentId: 'sample-agent',
        closingMessage: true,
        _updatedAt: t(30),
      },
    ],
    servedBy: { _id: 'sample-agent', username: 'sample.agent', ts: t(200) },
    closedAt: t(30),
    closedBy: { _id: 'sample-agent', username: 'sample.agent' },
    closer: 'user',
  };
}

/** `LivechatCall`: Parley's own body (the reference has no calls), in the reference's naming style. */
export function callBody(call: CallView, phase: 'started' | 'ended'): Json {
  return {
    type: 'LivechatCall',
    _id: call.id,
    event: phase,
    kind: call.kind,
    direction: call.direction,
    status: call.status,
    outcome: call.outcome,
    rid: call.conversationId,
    contact: { _id: call.contact.id, name: call.contact.name, unknown: call.contact.unknown },
    agent: call.agent ? { _id: call.agent.id, name: call.agent.name } : null,
    phone: call.phone,
    fromNumber: call.fromNumber,
    toNumber: call.toNumber,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    durationSeconds: call.durationSeconds,
    recordingUrl: call.recordingUrl,
    externalId: call.externalId,
  };
}
