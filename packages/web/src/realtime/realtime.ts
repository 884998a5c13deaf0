import type { ClientFrame, ServerFrame } from '@parley/shared';
import { createStore } from '../lib/store';
import { backoffDelay, followFrame, framesOnReady, type Topic } from './reconnect';

export type { ServerFrame };
export type ConnectionStatus = 'connecting' | 'online' | 'offline';

/**
 * The app's one WebSocket to /ws (the session cookie authenticates it). Pages subscribe to topics and
 * follow conversations through it; after a lost connection it comes back with growing, jittered delays
 * and subscribes again, asking each conversation for what changed after the last sequence number held.
 * Nothing polls: lists refresh once per reconnection (`onReconnect`).
 */
export class Realtime {
  readonly status = createStore<ConnectionStatus>('connecting');
  private ws: WebSocket | undefined;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private readyOnce = false;
  /** The server said `ready` on the current socket (frames sent before it would be refused). */
  private ready = false;
  private idle = false;
  private readonly topics = new Map<Topic, number>();
  private readonly follows = new Map<string, { count: number; since: () => number | undefined }>();
  private readonly frameListeners = new Set<(f: ServerFrame) => void>();
  private readonly reconnectListeners = new Set<() => void>();

  constructor(
    private readonly url: string,
    /** Called when the server refuses the session (the app then checks whether it is signed out). */
    private readonly onAuthLost: () => void,
  ) {
    addEventListener('online', this.retryNow);
    document.addEventListener('visibilitychange', this.onVisible);
    this.connect();
  }

  /** Every frame the server sends. Returns the function that stops listening. */
  onFrame(listener: (f: ServerFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /** After the connection came back (not the first time): refetch what may have been missed. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** Holds a topic subscription (counted: the last holder's release unsubscribes). */
  subscribe(topic: Topic): () => void {
    const n = this.topics.get(topic) ?? 0;
    this.topics.set(topic, n + 1);
    if (n === 0) this.send({ type: 'subscribe', topic });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.topics.get(topic) ?? 1) - 1;
      if (left > 0) this.topics.set(topic, left);
      else {
        this.topics.delete(topic);
        this.send({ type: 'unsubscribe', topic });
      }
    };
  }

  /**
   * Follows one conversation: messages, typing and changes. `since` gives the highest sequence number the
   * caller holds; the server replays everything after it first (on every (re)subscription).
   */
  follow(conversationId: string, since: () => number | undefined): () => void {
    const entry = this.follows.get(conversationId);
    if (entry) {
      entry.count++;
      entry.since = since;
    } else {
      this.follows.set(conversationId, { count: 1, since });
      this.send(followFrame(conversationId, since()));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const e = this.follows.get(conversationId);
      if (!e) return;
      if (--e.count > 0) return;
      this.follows.delete(conversationId);
      this.send({ type: 'unsubscribe', topic: 'conversation', id: conversationId });
    };
  }

  /** Sends when connected; frames are dropped while offline (subscriptions are replayed on reconnect). */
  send(frame: ClientFrame): boolean {
    if (!this.ready || this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  typing(conversationId: string, typing: boolean): void {
    this.send({ type: 'typing', conversationId, typing });
  }

  /** The user went idle (or came back): the server turns an agent's presence to away (or online). */
  setIdle(idle: boolean): void {
    if (idle === this.idle) return;
    this.idle = idle;
    this.send({ type: 'activity', idle });
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    removeEventListener('online', this.retryNow);
    document.removeEventListener('visibilitychange', this.onVisible);
    this.ws?.close(1000, 'signed out');
    this.ws = undefined;
    this.status.set('offline');
  }

  private connect(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.status.set('connecting');
    this.ready = false;
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onmessage = (e) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(e.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'ready') this.onReady();
      for (const l of this.frameListeners) l(frame);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.ready = false;
      if (this.stopped) return;
      this.status.set('offline');
      if (e.code === 4401) this.onAuthLost();
      this.scheduleRetry();
    };
  }

  private onReady(): void {
    this.attempt = 0;
    this.ready = true;
    this.status.set('online');
    const follows = [...this.follows].map(([id, f]) => [id, f.since()] as [string, number | undefined]);
    for (const frame of framesOnReady(this.topics.keys(), follows, this.idle)) this.send(frame);
    if (this.readyOnce) for (const l of this.reconnectListeners) l();
    this.readyOnce = true;
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt, Math.random());
    this.attempt++;
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private readonly retryNow = () => {
    if (this.stopped || this.ws) return;
    this.attempt = 0;
    this.connect();
  };

  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') this.retryNow();
  };
}

export function realtimeUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}
