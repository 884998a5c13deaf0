import type { ClientFrame, ServerFrame } from '@parley/shared';
import { serverBase } from './api';

export interface RealtimeHandlers {
  /** Every frame after `ready`, replays included. */
  frame(f: ServerFrame): void;
  /** Subscribed (first time or after a reconnect): replay done. */
  synced(): void;
  /** The token was refused. */
  unauthorized(): void;
  /** Connection state, for the "reconnecting…" notice. */
  connection(up: boolean): void;
}

const PING_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;

/**
 * One WebSocket for the visitor's conversation. It reconnects with backoff and resubscribes with the
 * highest `updatedSeq` the app holds, so the server replays exactly what was missed.
 */
export class Realtime {
  private ws: WebSocket | undefined;
  private attempt = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private up = false;

  constructor(
    private readonly token: string,
    private readonly conversationId: string,
    private readonly since: () => number,
    private readonly on: RealtimeHandlers,
    /** The host site's signed user: the socket checks it like every widget call. */
    private readonly user: { id: string; hash: string } | null = null,
  ) {
    addEventListener('online', this.kick);
    this.connect();
  }

  private readonly kick = () => {
    if (!this.stopped && (!this.ws || this.ws.readyState > WebSocket.OPEN)) {
      clearTimeout(this.retryTimer);
      this.connect();
    }
  };

  private connect(): void {
    const url = new URL('ws', serverBase);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch {
      return this.retry();
    }
    this.ws = ws;
    ws.onopen = () =>
      this.send({
        type: 'auth',
        visitorToken: this.token,
        ...(this.user ? { userId: this.user.id, userHash: this.user.hash } : {}),
      });
    ws.onmessage = (e) => {
      clearTimeout(this.pongTimer);
      let f: ServerFrame;
      try {
        f = JSON.parse(String(e.data)) as ServerFrame;
      } catch {
        return;
      }
      if (f.type === 'ready') {
        this.attempt = 0;
        this.send({ type: 'subscribe', topic: 'conversation', id: this.conversationId, since: this.since() });
        clearInterval(this.pingTimer);
        this.pingTimer = setInterval(() => this.ping(), PING_MS);
        return;
      }
      if (f.type === 'subscribed') {
        this.setUp(true);
        return this.on.synced();
      }
      if (f.type === 'error' && f.code === 'visitor.unauthenticated') return this.on.unauthorized();
      if (f.type !== 'pong') this.on.frame(f);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      clearInterval(this.pingTimer);
      clearTimeout(this.pongTimer);
      this.setUp(false);
      if (e.code === 4401 || e.reason === 'identity.invalid') return this.on.unauthorized();
      this.retry();
    };
  }

  private setUp(up: boolean): void {
    if (up !== this.up) {
      this.up = up;
      this.on.connection(up);
    }
  }

  private ping(): void {
    this.send({ type: 'ping' });
    clearTimeout(this.pongTimer);
    // No answer: the connection is dead even if the browser has not noticed yet.
    this.pongTimer = setTimeout(() => this.ws?.close(), PONG_TIMEOUT_MS);
  }

  private retry(): void {
    if (this.stopped) return;
    const delay = Math.min(30_000, 500 * 2 ** this.attempt++) * (0.5 + Math.random() / 2);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  send(f: ClientFrame): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(f));
    return true;
  }

  typing(typing: boolean): void {
    this.send({ type: 'typing', conversationId: this.conversationId, typing });
  }

  /** The draft for the agents' typing preview (only called while `livechat.typingPreview` is on). */
  typingPreview(text: string): void {
    this.send({ type: 'typing.preview', conversationId: this.conversationId, text });
  }

  stop(): void {
    this.stopped = true;
    removeEventListener('online', this.kick);
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    const ws = this.ws;
    this.ws = undefined;
    ws?.close(1000);
  }
}
