import { ImapFlow } from 'imapflow';
import type { Logger } from '../../kernel/logger.js';
import type { ImapTarget } from './imap.js';

interface Watcher {
  key: string;
  client: ImapFlow;
  until: number;
  /** Settles once the mailbox is open and IDLE was asked for (or the watcher gave up). */
  ready: Promise<void>;
}

/**
 * IMAP IDLE as a doorbell: after a process reads a channel's mailbox, it keeps one connection to that
 * mailbox in IDLE (read-only) for a while, and new mail (`EXISTS`) makes the channel's poll job due at once.
 * The poll job stays the only reader and the only keeper of the position, so a watcher that misses
 * something, dies or runs in two processes at once changes nothing but how soon mail is seen; without one
 * (a server without IDLE, a connection lost) mail is still read every `pollSeconds`. A watcher ends when no
 * poll in this process renewed it for two poll intervals (another process reads the mailbox now).
 */
export class IdleWatchers {
  private readonly watchers = new Map<string, Watcher>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly ring: (channelId: string) => void,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The poll of `channelId` just read its mailbox in this process: keep (or start) its watcher. */
  touch(channelId: string, t: ImapTarget, keepMs: number): void {
    if (this.stopped) return;
    const key = JSON.stringify([t.host, t.port, t.tls, t.user, t.password, t.mailbox]);
    const have = this.watchers.get(channelId);
    if (have && have.key === key) {
      have.until = this.now() + keepMs;
      return;
    }
    if (have) this.end(channelId);
    const client = new ImapFlow({
      host: t.host,
      port: t.port,
      secure: t.tls,
      auth: { user: t.user, pass: t.password },
      logger: false,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
    });
    let markReady = () => {};
    const w: Watcher = { key, client, until: this.now() + keepMs, ready: new Promise((r) => (markReady = r)) };
    this.watchers.set(channelId, w);
    client.on('error', () => undefined);
    client.on('close', () => {
      if (this.watchers.get(channelId) === w) this.watchers.delete(channelId);
    });
    client.on('exists', () => this.ring(channelId));
    void (async () => {
      await client.connect();
      if (!client.capabilities.has('IDLE')) return this.end(channelId);
      // EXAMINE: nothing in the mailbox changes; imapflow then IDLEs on its own while nothing else is asked.
      await client.mailboxOpen(t.mailbox, { readOnly: true });
      const idling = client.idle();
      markReady();
      await idling;
    })().catch((err: unknown) => {
      markReady();
      this.log.debug({ err, channelId }, 'email channel: IDLE watcher ended');
      if (this.watchers.get(channelId) === w) this.end(channelId);
    });
    this.timer ??= setInterval(() => this.sweep(), 15_000);
    this.timer.unref();
  }

  /** Resolves once the channel's watcher is listening (tests). */
  async ready(channelId: string): Promise<boolean> {
    const w = this.watchers.get(channelId);
    if (!w) return false;
    await w.ready;
    return this.watchers.get(channelId) === w;
  }

  /** How many watchers are open (tests, the bench). */
  get size(): number {
    return this.watchers.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, w] of this.watchers) if (w.until < now) this.end(id);
  }

  private end(channelId: string): void {
    const w = this.watchers.get(channelId);
    if (!w) return;
    this.watchers.delete(channelId);
    void w.client.logout().catch(() => w.client.close());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const id of [...this.watchers.keys()]) this.end(id);
  }
}
