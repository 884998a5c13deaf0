import type { ConversationView, MessageView, ServerFrame } from '@parley/shared';
import type { EphemeralMap, EventMap } from '../../kernel/events.js';
import { outgoing, type Connection, type Outgoing } from './connection.js';
import type { GatewayDeps } from './gateway.js';

type MessageType = 'message.created' | 'message.updated';

/**
 * Who follows what among this process's sockets (conversations, a staff member's own views, the queue,
 * presence), and the pushing of each event to them: every frame serialised once for staff and once for
 * visitors, whatever the number of followers.
 */
export class Fanout {
  private readonly byConversation = new Map<string, Set<Connection>>();
  private readonly byStaff = new Map<string, Set<Connection>>();
  private readonly queueWatchers = new Set<Connection>();
  private readonly presenceWatchers = new Set<Connection>();
  private readonly monitoringWatchers = new Set<Connection>();

  constructor(
    private readonly d: Pick<GatewayDeps, 'visitorMessage' | 'visitorConversation' | 'seesInQueue' | 'visitorTypist'>,
  ) {}

  addStaff(conn: Connection, userId: string): void {
    const set = this.byStaff.get(userId) ?? new Set();
    set.add(conn);
    this.byStaff.set(userId, set);
  }

  /** This user's sockets in this process (a copy: closing them changes the set). */
  staffSockets(userId: string): Connection[] {
    return [...(this.byStaff.get(userId) ?? [])];
  }

  follow(conn: Connection, conversationId: string): void {
    const set = this.byConversation.get(conversationId) ?? new Set();
    set.add(conn);
    this.byConversation.set(conversationId, set);
    conn.conversations.set(conversationId, -1);
  }

  unfollow(conn: Connection, conversationId: string): void {
    conn.conversations.delete(conversationId);
    const set = this.byConversation.get(conversationId);
    set?.delete(conn);
    if (set?.size === 0) this.byConversation.delete(conversationId);
  }

  watchQueue(conn: Connection, on: boolean): void {
    conn.queue = on;
    if (on) this.queueWatchers.add(conn);
    else this.queueWatchers.delete(conn);
  }

  watchPresence(conn: Connection, on: boolean): void {
    conn.presence = on;
    if (on) this.presenceWatchers.add(conn);
    else this.presenceWatchers.delete(conn);
  }

  watchMonitoring(conn: Connection, on: boolean): void {
    conn.monitoring = on;
    if (on) this.monitoringWatchers.add(conn);
    else this.monitoringWatchers.delete(conn);
  }

  /** The socket is gone: it follows nothing any more. */
  remove(conn: Connection): void {
    for (const id of [...conn.conversations.keys()]) this.unfollow(conn, id);
    this.queueWatchers.delete(conn);
    this.presenceWatchers.delete(conn);
    this.monitoringWatchers.delete(conn);
    const staff = conn.staff;
    if (!staff) return;
    const set = this.byStaff.get(staff.userId);
    set?.delete(conn);
    if (set?.size === 0) this.byStaff.delete(staff.userId);
  }

  /** A message as this socket may see it (visitors: their view, or nothing). */
  frameFor(conn: Connection, type: MessageType, m: MessageView): ServerFrame | undefined {
    if (conn.visitor) {
      const v = this.d.visitorMessage(m);
      return v ? { type, conversationId: m.conversationId, message: v } : undefined;
    }
    return { type, conversationId: m.conversationId, message: m };
  }

  message(type: MessageType, m: MessageView, agentId: string | null): void {
    const followers = this.byConversation.get(m.conversationId);
    let staff: Outgoing | undefined;
    let visitor: Outgoing | null | undefined;
    const forStaff = () => (staff ??= outgoing({ type, conversationId: m.conversationId, message: m }));
    for (const c of followers ?? []) {
      if (c.visitor) {
        if (visitor === undefined) {
          const v = this.d.visitorMessage(m);
          visitor = v ? outgoing({ type, conversationId: m.conversationId, message: v }) : null;
        }
        if (visitor) c.deliver(m.conversationId, visitor);
      } else c.deliver(m.conversationId, forStaff());
    }
    // The serving agent's other views (conversation list: unread counts, last message).
    if (agentId) {
      for (const c of this.byStaff.get(agentId) ?? []) {
        if (c.myConversations && !followers?.has(c)) c.sendJson(forStaff().json);
      }
    }
  }

  conversation(p: EventMap['conversation.changed']): void {
    const c: ConversationView = p.conversation;
    const staffFrame = outgoing({ type: 'conversation.updated', conversation: c });
    let visitorFrame: Outgoing | undefined;
    const sent = new Set<Connection>();
    for (const conn of this.byConversation.get(c.id) ?? []) {
      sent.add(conn);
      if (conn.visitor)
        conn.deliver(
          c.id,
          (visitorFrame ??= outgoing({
            type: 'visitor.conversation.updated',
            conversation: this.d.visitorConversation(c),
          })),
        );
      else conn.deliver(c.id, staffFrame);
    }
    for (const agentId of new Set([c.agent?.id, p.previousAgentId])) {
      if (!agentId) continue;
      for (const conn of this.byStaff.get(agentId) ?? [])
        if (conn.myConversations && !sent.has(conn)) {
          conn.sendJson(staffFrame.json);
          sent.add(conn);
        }
    }
    this.monitoring(p);
    if (c.status === 'queued' || p.previousStatus === 'queued') {
      for (const conn of this.queueWatchers) {
        if (sent.has(conn) || !conn.staff) continue;
        void this.d.seesInQueue(conn.staff, c).then((ok) => {
          if (ok) conn.sendJson(staffFrame.json);
        });
      }
    }
  }

  /**
   * Live monitoring: the changed conversation's state, once serialised for every watcher (O(change): the
   * page moves its counts by this one entry). A change inside a closed conversation changes no figure.
   */
  private monitoring(p: EventMap['conversation.changed']): void {
    const c = p.conversation;
    if (this.monitoringWatchers.size === 0 || (c.status === 'closed' && p.previousStatus === 'closed')) return;
    const o = outgoing({
      type: 'monitoring.conversation',
      conversation: {
        id: c.id,
        status: c.status,
        departmentId: c.departmentId,
        agentId: c.agent?.id ?? null,
        channel: c.channel,
        createdAt: c.createdAt,
        queuedAt: c.queuedAt,
      },
      previousStatus: p.previousStatus,
      closedAt: c.closedAt,
    });
    for (const conn of this.monitoringWatchers) conn.sendJson(o.json);
  }

  /** Live monitoring: an agent's capacity changed. */
  agentCapacity(p: EventMap['agent.capacity-changed']): void {
    if (this.monitoringWatchers.size === 0) return;
    const o = outgoing({ type: 'monitoring.agent', userId: p.userId, maxChats: p.maxChats });
    for (const conn of this.monitoringWatchers) conn.sendJson(o.json);
  }

  agentStatus(p: EventMap['agent.status-changed']): void {
    if (this.monitoringWatchers.size > 0) {
      const m = outgoing({ type: 'monitoring.agent', ...p });
      for (const c of this.monitoringWatchers) c.sendJson(m.json);
    }
    const o = outgoing({ type: 'agent.status', ...p });
    for (const c of this.presenceWatchers) c.sendJson(o.json);
    for (const c of this.byStaff.get(p.userId) ?? []) if (!c.presence) c.sendJson(o.json);
  }

  /** A staff member was mentioned in a note: each of their sockets here (never a visitor's). */
  mention(p: EventMap['mention.created']): void {
    const o = outgoing({ type: 'mention.created', mention: p.mention });
    for (const c of this.byStaff.get(p.userId) ?? []) c.sendJson(o.json);
  }

  /** Business hours changed: every staff socket here hears it (rare: transitions, edits, the settings). */
  businessHours(): void {
    const o = outgoing({ type: 'business-hours.changed' });
    for (const set of this.byStaff.values()) for (const c of set) c.sendJson(o.json);
  }

  typing(p: EphemeralMap['typing']): void {
    const o = outgoing({ type: 'typing', ...p });
    // The visitor hears an agent type as the visitor presentation allows (no name or id when
    // livechat.showAgentInfo is off), like the agent's messages.
    let forVisitor: Outgoing | undefined;
    for (const c of this.byConversation.get(p.conversationId) ?? []) {
      const self =
        (p.author.type === 'visitor' && c.visitor?.visitorId === p.author.id) || c.staff?.userId === p.author.id;
      if (self) continue;
      if (c.visitor && p.author.type !== 'visitor')
        c.deliver(
          p.conversationId,
          (forVisitor ??= outgoing({ ...p, type: 'typing', author: this.d.visitorTypist(p.author) })),
        );
      else c.deliver(p.conversationId, o);
    }
  }

  /** The visitor's draft: staff sockets following the conversation (they passed its access rule). */
  typingPreview(p: EphemeralMap['typing.preview']): void {
    let o: Outgoing | undefined;
    for (const c of this.byConversation.get(p.conversationId) ?? []) {
      if (c.staff) c.deliver(p.conversationId, (o ??= outgoing({ type: 'typing.preview', ...p })));
    }
  }

  queuePosition(p: EphemeralMap['queue.position']): void {
    let o: Outgoing | undefined;
    for (const c of this.byConversation.get(p.conversationId) ?? []) {
      if (c.visitor) c.deliver(p.conversationId, (o ??= outgoing({ type: 'queue.position', ...p })));
    }
  }
}
