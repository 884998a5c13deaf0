import { Redis } from 'ioredis';
import type { BusTransport } from './bus.js';
import type { BusEvent } from './events.js';
import { uuidv7 } from './ids.js';
import type { Logger } from './logger.js';

/** Fans committed events out to every Parley process through Redis pub/sub. */
export class RedisTransport implements BusTransport {
  readonly instanceId = uuidv7();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly signalHandlers = new Map<string, Array<() => void>>();

  private readonly EVENTS: string;
  private readonly SIGNALS: string;

  constructor(
    url: string,
    private readonly log: Logger,
    prefix = 'parley',
  ) {
    this.EVENTS = `${prefix}:events`;
    this.SIGNALS = `${prefix}:signals`;
    const opts = { lazyConnect: true, maxRetriesPerRequest: 3 };
    this.pub = new Redis(url, opts);
    this.sub = new Redis(url, opts);
    for (const c of [this.pub, this.sub]) c.on('error', (err) => this.log.warn({ err }, 'redis connection error'));
  }

  async subscribe(onRemote: (events: BusEvent[]) => void): Promise<void> {
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.sub.on('message', (channel: string, raw: string) => {
      try {
        const msg = JSON.parse(raw) as { from: string; events?: BusEvent[]; signal?: string };
        if (msg.from === this.instanceId) return;
        if (channel === this.EVENTS && msg.events) onRemote(msg.events);
        if (channel === this.SIGNALS && msg.signal) for (const cb of this.signalHandlers.get(msg.signal) ?? []) cb();
      } catch (err) {
        this.log.warn({ err }, 'bad message on the redis bus');
      }
    });
    await this.sub.subscribe(this.EVENTS, this.SIGNALS);
  }

  publish(events: BusEvent[]): void {
    if (events.length === 0) return;
    this.pub
      .publish(this.EVENTS, JSON.stringify({ from: this.instanceId, events }))
      .catch((err: unknown) => this.log.warn({ err }, 'could not publish events to redis'));
  }

  signal(name: string): void {
    this.pub
      .publish(this.SIGNALS, JSON.stringify({ from: this.instanceId, signal: name }))
      .catch((err: unknown) => this.log.warn({ err }, 'could not publish a signal to redis'));
  }

  onSignal(name: string, cb: () => void): void {
    const list = this.signalHandlers.get(name) ?? [];
    list.push(cb);
    this.signalHandlers.set(name, list);
  }

  async close(): Promise<void> {
    this.sub.disconnect();
    await this.pub.quit().catch(() => this.pub.disconnect());
  }
}
