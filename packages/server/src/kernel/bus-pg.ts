import pg from 'pg';
import type { BusTransport } from './bus.js';
import type { BusEvent } from './events.js';
import { uuidv7 } from './ids.js';
import type { Logger } from './logger.js';

/** PostgreSQL caps a notification at 8000 bytes; events are sent in chunks below that. */
const MAX_PAYLOAD = 7000;

/**
 * Without Redis, several Parley processes on one PostgreSQL still agree on what they cache: changes to
 * settings, departments, users, custom fields… travel by LISTEN/NOTIFY. Only those low-volume events
 * (the `names` given) go this way; realtime traffic (messages, typing) needs Redis to cross processes.
 */
export class PgNotifyTransport implements BusTransport {
  readonly instanceId = uuidv7();
  private readonly channel: string;
  private client: pg.Client | undefined;
  private readonly signalHandlers = new Map<string, Array<() => void>>();
  private onRemote: ((events: BusEvent[]) => void) | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
    prefix: string,
    private readonly names: ReadonlySet<string>,
  ) {
    this.channel = `${prefix}_bus`
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .slice(0, 60);
  }

  async subscribe(onRemote: (events: BusEvent[]) => void): Promise<void> {
    this.onRemote = onRemote;
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', (err) => this.log.warn({ err }, 'notification connection error'));
    client.on('end', () => {
      if (this.closed) return;
      // Reconnect: a process that misses notifications would keep stale caches.
      setTimeout(
        () => void this.connect().catch((err: unknown) => this.log.warn({ err }, 'could not listen again')),
        1000,
      ).unref();
    });
    client.on('notification', (n) => {
      if (n.channel !== this.channel || !n.payload) return;
      try {
        const msg = JSON.parse(n.payload) as { from: string; events?: BusEvent[]; signal?: string };
        if (msg.from === this.instanceId) return;
        if (msg.events) this.onRemote?.(msg.events);
        if (msg.signal) for (const cb of this.signalHandlers.get(msg.signal) ?? []) cb();
      } catch (err) {
        this.log.warn({ err }, 'bad notification on the bus channel');
      }
    });
    await client.connect();
    await client.query(`listen ${this.channel}`);
    this.client = client;
  }

  publish(events: BusEvent[]): void {
    const chosen = events.filter((e) => this.names.has(e.name));
    let chunk: BusEvent[] = [];
    let size = 0;
    const flush = () => {
      if (chunk.length > 0) this.notify({ from: this.instanceId, events: chunk });
      chunk = [];
      size = 0;
    };
    for (const e of chosen) {
      const len = JSON.stringify(e).length;
      if (len > MAX_PAYLOAD) {
        this.log.warn({ event: e.name }, 'event too large for a notification; other processes will not hear it');
        continue;
      }
      if (size + len > MAX_PAYLOAD) flush();
      chunk.push(e);
      size += len;
    }
    flush();
  }

  signal(name: string): void {
    this.notify({ from: this.instanceId, signal: name });
  }

  onSignal(name: string, cb: () => void): void {
    this.signalHandlers.set(name, [...(this.signalHandlers.get(name) ?? []), cb]);
  }

  private notify(msg: unknown): void {
    this.client
      ?.query('select pg_notify($1, $2)', [this.channel, JSON.stringify(msg)])
      .catch((err: unknown) => this.log.warn({ err }, 'could not notify the other processes'));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }
}
