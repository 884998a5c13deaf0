import type { ClientFrame, ConversationView, ErrorCode, MessageView, VisitorConversationView } from '@parley/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { EventBus } from '../../kernel/bus.js';
import { DomainError } from '../../kernel/errors.js';
import type { StaffActor, VisitorActor } from '../../kernel/http.js';
import type { StaffAction } from '../../modules/conversations/index.js';
import { uuidv7 } from '../../kernel/ids.js';
import { ephemeralListener, listener, type EphemeralListener, type Listener } from '../../kernel/listeners.js';
import type { Logger } from '../../kernel/logger.js';
import type { OriginHeaders } from '../../modules/widget/index.js';
import { resolveStaff, type Authenticators } from '../http/authenticate.js';
import { isCrossSite, siteHeaders, type SiteHeaders } from '../http/same-origin.js';
import { Connection } from './connection.js';
import { Fanout } from './fanout.js';
import { parseClientFrame } from './frames.js';

export interface GatewayDeps {
  bus: EventBus;
  log: Logger;
  auth: Required<Authenticators>;
  /** Identity verification: throws when a visitor's signed user id is wrong or missing (as on every widget call). */
  visitorIdentity?(actor: VisitorActor, id: { userId: string | undefined; hash: string | undefined }): Promise<void>;
  /** Throws when the actor may not see the conversation (or, for staff, do `action` on it). */
  canFollow(actor: StaffActor | VisitorActor, conversationId: string, action?: StaffAction): Promise<void>;
  /** Messages created or changed after `since`, in change order (the staff view). */
  changedSince(conversationId: string, since: number, limit: number): Promise<MessageView[]>;
  visitorMessage(m: MessageView): MessageView | undefined;
  visitorConversation(c: ConversationView): VisitorConversationView;
  /** Who the visitor is told is typing, when it is staff (`livechat.showAgentInfo`). */
  visitorTypist(author: { type: 'visitor' | 'agent'; id: string; name: string | null }): {
    type: 'visitor' | 'agent';
    id: string | null;
    name: string | null;
  };
  /** May this staff member see this conversation in their queue list? */
  seesInQueue(actor: StaffActor, c: ConversationView): Promise<boolean>;
  presence: {
    opened(connectionId: string, userId: string): Promise<void>;
    closed(connectionId: string, userId: string): Promise<void>;
    idle(connectionId: string, userId: string, idle: boolean): Promise<void>;
    /** False when this process had been presumed dead (its connections were cleared). */
    heartbeat(): Promise<boolean>;
    sweep(): Promise<unknown>;
    tickMs: number;
  };
  /** Typing is announced with the visitor's display name. */
  visitorName(visitorId: string): Promise<string | null>;
  /** The conversations service tells the conversation's followers (the same path as the widget's route). */
  announceTyping(
    conversationId: string,
    author: { type: 'visitor' | 'agent'; id: string; name: string | null },
    typing: boolean,
  ): void;
  /** The visitor's draft to staff (dropped unless `livechat.typingPreview` is on). */
  previewTyping(conversationId: string, text: string): void;
  /** `livechat.allowedDomains` for a visitor's socket, judged on the upgrade request's headers. */
  visitorOriginAllowed?(headers: OriginHeaders): boolean;
  /** Parley's own address: a socket signed in by the session cookie must be opened from it. */
  publicUrl?: string;
}

const AUTH_TIMEOUT_MS = 10_000;
const PING_EVERY_MS = 25_000;
const REPLAY_PAGE = 500;

/**
 * The one realtime endpoint (/ws). Every process pushes the events it hears on the bus (its own and,
 * with Redis, everyone else's) to the sockets it holds. A client subscribing to a conversation with
 * the last sequence number it has gets everything after it first, then live events, each once.
 */
export class Gateway {
  private readonly fanout: Fanout;
  private readonly all = new Set<Connection>();
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly d: GatewayDeps) {
    this.fanout = new Fanout(d);
  }

  /**
   * What this process pushes to the sockets it holds, and when it cuts them: every event here runs in
   * every process (app.ts registers the list once, after the modules' own listeners).
   */
  listeners(): Array<Listener | EphemeralListener> {
    const everywhere = 'after-commit-everywhere';
    const f = this.fanout;
    return [
      listener('message.created', everywhere, (e) =>
        f.message('message.created', e.payload.message, e.payload.agentId),
      ),
      listener('message.updated', everywhere, (e) =>
        f.message('message.updated', e.payload.message, e.payload.agentId),
      ),
      listener('conversation.changed', everywhere, (e) => f.conversation(e.payload)),
      listener('agent.status-changed', everywhere, (e) => f.agentStatus(e.payload)),
      listener('agent.capacity-changed', everywhere, (e) => f.agentCapacity(e.payload)),
      listener('business-hours.changed', everywhere, () => f.businessHours()),
      listener('mention.created', everywhere, (e) => f.mention(e.payload)),
      ephemeralListener('typing', (p) => f.typing(p)),
      ephemeralListener('typing.preview', (p) => f.typingPreview(p)),
      ephemeralListener('queue.position', (p) => f.queuePosition(p)),
      // Access cut at once, in every process: a deactivated user's sockets, those of a user whose roles
      // changed (they reconnect with the new roles), of ended sessions (sign-out, password change) and of
      // revoked access tokens.
      listener('user.deactivated', everywhere, (e) =>
        this.closeStaff(e.payload.userId, () => true, 'account deactivated'),
      ),
      listener('user.updated', everywhere, (e) => {
        if (e.payload.changed.includes('roles')) this.closeStaff(e.payload.userId, () => true, 'roles changed');
      }),
      listener('auth.sessions-ended', everywhere, (e) => {
        const ended = new Set(e.payload.sessionIds);
        const reason = e.payload.reason === 'signed-out' ? 'signed out' : 'session ended';
        this.closeStaff(e.payload.userId, (a) => a.sessionId !== undefined && ended.has(a.sessionId), reason);
      }),
      listener('auth.access-token-revoked', everywhere, (e) =>
        this.closeStaff(e.payload.userId, (a) => a.tokenId === e.payload.tokenId, 'access token revoked'),
      ),
    ];
  }

  get connectionCount(): number {
    return this.all.size;
  }

  register(app: FastifyInstance): void {
    app.get('/ws', { websocket: true }, (socket, req) => void this.accept(socket, req));
    this.timers.push(setInterval(() => this.pingAll(), PING_EVERY_MS));
    this.timers.push(setInterval(() => void this.presenceTick(), this.d.presence.tickMs));
    void this.presenceTick();
    for (const t of this.timers) t.unref();
  }

  /**
   * This process beats (so its connections keep counting for presence), announces its connections
   * again if others had presumed it dead, and clears those of processes that stopped beating. On a
   * timer; tests call it after moving the clock.
   */
  async presenceTick(): Promise<void> {
    try {
      if (!(await this.d.presence.heartbeat())) {
        for (const c of this.all) {
          const s = c.staff;
          if (s && (s.roles.includes('agent') || s.roles.includes('bot'))) await this.d.presence.opened(c.id, s.userId);
        }
      }
      await this.d.presence.sweep();
    } catch (err) {
      this.d.log.warn({ err }, 'presence heartbeat or sweep failed');
    }
  }

  /** Stops the timers (shutdown; tests simulating a killed process). */
  stopTimers(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  /** Closes every socket (graceful shutdown) and releases presence. */
  async close(): Promise<void> {
    this.stopTimers();
    const closing = [...this.all].map((c) => this.drop(c));
    for (const c of this.all) c.socket.close(1001, 'server shutting down');
    await Promise.allSettled(closing);
  }

  /** Closes (4401) this user's matching sockets; they get no frame after this, whatever is in flight. */
  private closeStaff(userId: string, match: (actor: StaffActor) => boolean, reason: string): void {
    for (const conn of this.fanout.staffSockets(userId)) {
      if (!conn.staff || !match(conn.staff)) continue;
      conn.socket.close(4401, reason);
      void this.drop(conn);
    }
  }

  private async accept(socket: WebSocket, req: FastifyRequest): Promise<void> {
    const conn = new Connection(uuidv7(), socket);
    this.all.add(conn);
    socket.on('pong', () => (conn.alive = true));
    socket.on('close', () => void this.drop(conn));
    socket.on('error', () => socket.terminate());
    let queue = Promise.resolve();
    // Where the upgrade came from: judged when the socket signs in (only these few strings are kept).
    const site = siteHeaders(req);
    // Frames are handled one after another, in order.
    socket.on('message', (raw) => {
      queue = queue.then(() => this.onFrame(conn, raw.toString(), site)).catch((err: unknown) => this.fail(conn, err));
    });
    try {
      const staff = await resolveStaff(req, this.d.auth);
      // A page of another site (a sibling subdomain is the same *site*, so SameSite lets the cookie
      // through) must not open a socket in the signed-in user's name.
      if (staff?.via === 'session' && isCrossSite(site, this.d.publicUrl)) {
        return this.refuse(conn, 'auth.cross-site-request', 'This socket was opened from another site');
      }
      if (staff) await this.ready(conn, staff);
    } catch (err) {
      this.fail(conn, err);
    }
    if (!conn.actor) {
      conn.authTimer = setTimeout(() => {
        if (!conn.actor && socket.readyState === 1) socket.close(4401, 'authenticate first');
      }, AUTH_TIMEOUT_MS);
      conn.authTimer.unref();
    }
  }

  private async ready(conn: Connection, actor: StaffActor | VisitorActor): Promise<void> {
    conn.actor = actor;
    if (conn.authTimer) clearTimeout(conn.authTimer); // the timer would hold the connection in memory
    conn.authTimer = undefined;
    if (actor.kind === 'staff') {
      this.fanout.addStaff(conn, actor.userId);
      if (actor.roles.includes('agent') || actor.roles.includes('bot'))
        await this.d.presence.opened(conn.id, actor.userId);
      conn.send({ type: 'ready', actor: { kind: 'staff', userId: actor.userId, name: actor.name } });
    } else {
      conn.send({ type: 'ready', actor: { kind: 'visitor', visitorId: actor.visitorId } });
    }
  }

  private async onFrame(conn: Connection, raw: string, site: SiteHeaders): Promise<void> {
    const frame: ClientFrame = parseClientFrame(raw);
    if (frame.type === 'ping') return conn.send({ type: 'pong' });
    if (frame.type === 'auth') {
      if (conn.actor) return;
      if (frame.visitorToken && this.d.visitorOriginAllowed && !this.d.visitorOriginAllowed(site)) {
        return this.refuse(conn, 'origin.not-allowed', 'This site is not allowed to use the chat widget');
      }
      const actor = frame.visitorToken
        ? await this.d.auth.visitorByToken(frame.visitorToken)
        : frame.accessToken
          ? await this.d.auth.staffByAccessToken(frame.accessToken)
          : undefined;
      if (!actor) {
        conn.send({
          type: 'error',
          code: frame.visitorToken ? 'visitor.unauthenticated' : 'auth.unauthenticated',
          message: 'Invalid credentials',
        });
        conn.socket.close(4401, 'invalid credentials');
        return;
      }
      if (actor.kind === 'visitor' && this.d.visitorIdentity) {
        try {
          await this.d.visitorIdentity(actor, { userId: frame.userId, hash: frame.userHash });
        } catch (err) {
          if (err instanceof DomainError) return this.refuse(conn, err.code, err.message);
          throw err;
        }
      }
      return this.ready(conn, actor);
    }
    const actor = conn.actor;
    if (!actor) throw new DomainError('auth.unauthenticated', 'Send {"type":"auth"} first');
    switch (frame.type) {
      case 'subscribe':
        if (frame.topic === 'conversation') return this.follow(conn, actor, frame.id, frame.since ?? null);
        if (actor.kind !== 'staff') throw new DomainError('auth.forbidden', `Visitors cannot follow ${frame.topic}`);
        if (frame.topic === 'my-conversations') conn.myConversations = true;
        if (frame.topic === 'queue') this.fanout.watchQueue(conn, true);
        if (frame.topic === 'presence') this.fanout.watchPresence(conn, true);
        if (frame.topic === 'monitoring') {
          // Live monitoring is the supervisors' (admins, managers, monitors); agents see their own reports.
          if (!actor.roles.some((r) => r === 'admin' || r === 'manager' || r === 'monitor'))
            throw new DomainError('auth.forbidden', 'Live monitoring is for admins, managers and monitors');
          this.fanout.watchMonitoring(conn, true);
        }
        return conn.send({ type: 'subscribed', topic: frame.topic });
      case 'unsubscribe':
        if (frame.topic === 'conversation') this.fanout.unfollow(conn, frame.id);
        if (frame.topic === 'my-conversations') conn.myConversations = false;
        if (frame.topic === 'queue') this.fanout.watchQueue(conn, false);
        if (frame.topic === 'presence') this.fanout.watchPresence(conn, false);
        if (frame.topic === 'monitoring') this.fanout.watchMonitoring(conn, false);
        return;
      case 'typing': {
        // Typing is writing: only who may act on the conversation announces it (never a monitor).
        await this.d.canFollow(actor, frame.conversationId, 'act');
        const author =
          actor.kind === 'staff'
            ? { type: 'agent' as const, id: actor.userId, name: actor.name }
            : { type: 'visitor' as const, id: actor.visitorId, name: await this.d.visitorName(actor.visitorId) };
        this.d.announceTyping(frame.conversationId, author, frame.typing);
        return;
      }
      case 'typing.preview':
        // Only the conversation's own visitor writes its draft.
        if (actor.kind !== 'visitor')
          throw new DomainError('auth.forbidden', 'Only the visitor sends a typing preview');
        await this.d.canFollow(actor, frame.conversationId);
        this.d.previewTyping(frame.conversationId, frame.text);
        return;
      case 'activity':
        if (actor.kind === 'staff' && (actor.roles.includes('agent') || actor.roles.includes('bot'))) {
          await this.d.presence.idle(conn.id, actor.userId, frame.idle);
        }
        return;
    }
  }

  /** Subscribe, replaying what the client missed; live events meanwhile wait and are de-duplicated. */
  private async follow(
    conn: Connection,
    actor: StaffActor | VisitorActor,
    conversationId: string,
    since: number | null,
  ): Promise<void> {
    await this.d.canFollow(actor, conversationId);
    this.fanout.follow(conn, conversationId);
    if (since === null)
      return conn.send({ type: 'subscribed', topic: 'conversation', id: conversationId, replayed: 0 });
    conn.replaying ??= new Map();
    conn.replaying.set(conversationId, []);
    let last = since;
    let replayed = 0;
    try {
      for (;;) {
        const page = await this.d.changedSince(conversationId, last, REPLAY_PAGE);
        for (const m of page) {
          last = m.updatedSeq;
          const frame = this.fanout.frameFor(conn, m.seq === m.updatedSeq ? 'message.created' : 'message.updated', m);
          if (frame) {
            conn.send(frame);
            replayed++;
          }
        }
        if (page.length < REPLAY_PAGE) break;
      }
    } finally {
      const held = conn.replaying.get(conversationId) ?? [];
      conn.replaying.delete(conversationId);
      if (conn.replaying.size === 0) conn.replaying = undefined;
      // From now on, live message events up to `last` were replayed: held ones, and late ones (Redis).
      if (conn.conversations.has(conversationId)) conn.conversations.set(conversationId, last);
      conn.send({ type: 'subscribed', topic: 'conversation', id: conversationId, replayed });
      for (const o of held) conn.deliver(conversationId, o);
    }
  }

  /** Says why, then closes with 4403 (forbidden); the client must not retry as is. */
  private refuse(conn: Connection, code: ErrorCode, message: string): void {
    conn.send({ type: 'error', code, message });
    conn.socket.close(4403, code);
  }

  private fail(conn: Connection, err: unknown): void {
    if (err instanceof DomainError) return conn.send({ type: 'error', code: err.code, message: err.message });
    this.d.log.error({ err }, 'websocket frame failed');
    conn.send({ type: 'error', code: 'internal.error', message: 'Something went wrong on our side' });
  }

  private async drop(conn: Connection): Promise<void> {
    if (!this.all.delete(conn)) return;
    if (conn.authTimer) clearTimeout(conn.authTimer);
    this.fanout.remove(conn);
    const staff = conn.staff;
    if (staff) {
      if (staff.roles.includes('agent') || staff.roles.includes('bot')) {
        await this.d.presence
          .closed(conn.id, staff.userId)
          .catch((err: unknown) => this.d.log.warn({ err }, 'presence update failed'));
      }
    }
  }

  private pingAll(): void {
    for (const c of this.all) {
      if (!c.alive) {
        c.socket.terminate();
        continue;
      }
      c.alive = false;
      c.socket.ping();
    }
  }
}
