import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Clock } from './clock.js';
import type { Db } from './db/db.js';
import type { Database } from './db/schema.js';
import type { BusEvent, EphemeralMap, EphemeralName, EventMap, EventName } from './events.js';
import { uuidv7 } from './ids.js';
import type { Logger } from './logger.js';

/**
 * How events reach other Parley processes. In-process (the default) reaches nobody else; Redis pub/sub
 * fans them out (see bus-redis.ts).
 */
export interface BusTransport {
  readonly instanceId: string;
  publish(events: BusEvent[]): void;
  /** Called with events committed by OTHER processes. */
  subscribe(onRemote: (events: BusEvent[]) => void): Promise<void>;
  signal(name: string): void;
  onSignal(name: string, cb: () => void): void;
  close(): Promise<void>;
}

export class InProcessTransport implements BusTransport {
  readonly instanceId = uuidv7();
  publish(): void {}
  async subscribe(): Promise<void> {}
  signal(): void {}
  onSignal(): void {}
  async close(): Promise<void> {}
}

/**
 * - `local`: runs in the process that committed the event (or that relays it after a crash), once.
 *   For work that must happen once: enqueueing jobs, emails, webhooks.
 * - `broadcast`: runs in EVERY process. For pushing to the websockets each process holds, and for
 *   invalidating caches.
 */
export type ListenerScope = 'local' | 'broadcast';
type Handler<N extends EventName> = (event: BusEvent<N>) => void | Promise<void>;

const BAG = 'bus';

/**
 * The event bus with outbox semantics: `emit` (inside `db.tx`) records the event in the transaction,
 * and the rows are written to `outbox` just before commit. Listeners run only after the commit; a
 * rolled-back transaction delivers nothing. Delivered rows are deleted in batches; rows a crashed
 * process left behind are delivered by `relayStale`.
 */
export class EventBus {
  private readonly handlers = new Map<string, Array<{ scope: ListenerScope; fn: Handler<EventName> }>>();
  private delivered: string[] = [];
  private readonly inTx = new Map<string, Array<(event: BusEvent) => Promise<void>>>();
  private readonly unstored = new Set<string>();
  /** Listener work still running (so tests and shutdown can wait for it). */
  private readonly running = new Set<Promise<void>>();
  private deleteTimer: NodeJS.Timeout | undefined;
  private pendingDeletes: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly transport: BusTransport = new InProcessTransport(),
  ) {
    db.onBeforeCommit<BusEvent[]>(BAG, (events, trx) => this.writeOutbox(events, trx));
  }

  async start(): Promise<void> {
    await this.transport.subscribe((events) => this.deliver(events, 'remote'));
  }

  on<N extends EventName>(name: N, fn: Handler<N>, scope: ListenerScope = 'local'): void {
    const list = this.handlers.get(name) ?? [];
    list.push({ scope, fn: fn as Handler<EventName> });
    this.handlers.set(name, list);
  }

  /**
   * Delivers at once to broadcast listeners here and in every process, without storing anything:
   * for signals that only matter to whoever is connected now (typing, queue positions).
   */
  emitEphemeral<N extends EphemeralName>(name: N, payload: EphemeralMap[N]): void {
    const event = { id: uuidv7(), name, payload, at: this.clock.now().toISOString() } as unknown as BusEvent;
    this.deliver([event], 'remote');
    this.transport.publish([event]);
  }

  onEphemeral<N extends EphemeralName>(name: N, fn: (payload: EphemeralMap[N]) => void): void {
    this.on(name as unknown as EventName, (e) => fn(e.payload as unknown as EphemeralMap[N]), 'broadcast');
  }

  emit<N extends EventName>(name: N, payload: EventMap[N]): void {
    const events = this.db.bag<BusEvent[]>(BAG, () => {
      const bag: BusEvent[] = [];
      this.db.afterCommit(() => this.afterCommit(bag));
      return bag;
    });
    events.push({ id: uuidv7(), name, payload, at: this.clock.now().toISOString() } as BusEvent);
  }

  /**
   * Just before commit, inside the transaction: runs the in-transaction listeners (which may emit more
   * events), then writes the events that need the outbox.
   */
  private async writeOutbox(events: BusEvent[], trx: Transaction<Database>): Promise<void> {
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      for (const fn of this.inTx.get(e.name) ?? []) await fn(e);
    }
    // The outbox is there so after-commit listeners run even if this process dies after the commit: an
    // event nobody listens to after commit (or opted out with withoutOutbox) is not written.
    const stored = events.filter((e) => this.needsOutbox(e.name));
    if (stored.length === 0) return;
    await trx
      .insertInto('outbox')
      .values(
        stored.map((e) => ({ id: e.id, name: e.name, payload: JSON.stringify(e.payload), created_at: new Date(e.at) })),
      )
      .execute();
  }

  /**
   * A listener that runs INSIDE the emitting transaction, before commit: its writes (jobs, state changes)
   * commit or roll back with the change itself — exactly once, with no outbox needed.
   */
  inTransaction<N extends EventName>(name: N, fn: (event: BusEvent<N>) => Promise<void>): void {
    const list = this.inTx.get(name) ?? [];
    list.push(fn as (event: BusEvent) => Promise<void>);
    this.inTx.set(name, list);
  }

  /**
   * These events are not written to the outbox: their after-commit listeners only push to the
   * connected clients (who catch up by sequence number), and anything that must happen exactly once
   * for them listens `inTransaction`. High-volume events (every chat message) save a write and a delete.
   */
  withoutOutbox(...names: EventName[]): void {
    for (const n of names) this.unstored.add(n);
  }

  private needsOutbox(name: string): boolean {
    return !this.unstored.has(name) && (this.handlers.get(name)?.length ?? 0) > 0;
  }

  private afterCommit(events: BusEvent[]): void {
    const settled = this.deliver(events, 'origin');
    this.transport.publish(events);
    // The rows go only once the local listeners finished: if the process dies before, the relay
    // delivers them again (local listeners are idempotent, e.g. jobs keyed by event id).
    const markDelivered = () => {
      for (const e of events) if (this.needsOutbox(e.name)) this.delivered.push(e.id);
      if (this.delivered.length > 0) this.scheduleDelete();
    };
    if (settled) void settled.then(markDelivered);
    else markDelivered();
  }

  /**
   * Runs the listeners for events committed here (`origin`) or in another process (`remote`).
   * Returns a promise when some listener is asynchronous.
   */
  private deliver(events: BusEvent[], from: 'origin' | 'remote'): Promise<void> | undefined {
    let pending: Promise<void>[] | undefined;
    for (const event of events) {
      for (const h of this.handlers.get(event.name) ?? []) {
        if (from === 'remote' && h.scope === 'local') continue;
        try {
          const r = h.fn(event);
          if (r instanceof Promise) {
            const tracked = r.catch((err: unknown) => this.listenerFailed(event, err));
            this.running.add(tracked);
            void tracked.finally(() => this.running.delete(tracked));
            (pending ??= []).push(tracked);
          }
        } catch (err) {
          this.listenerFailed(event, err);
        }
      }
    }
    return pending ? Promise.all(pending).then(() => undefined) : undefined;
  }

  private listenerFailed(event: BusEvent, err: unknown): void {
    this.log.error({ err, event: event.name, eventId: event.id }, 'event listener failed');
  }

  private scheduleDelete(): void {
    if (this.deleteTimer) return;
    this.deleteTimer = setTimeout(() => {
      this.deleteTimer = undefined;
      void this.flushDeletes();
    }, 20);
  }

  /** Deletes delivered outbox rows (batched: one statement for many events). */
  flushDeletes(): Promise<void> {
    if (this.deleteTimer) {
      clearTimeout(this.deleteTimer);
      this.deleteTimer = undefined;
    }
    const ids = this.delivered;
    this.delivered = [];
    if (ids.length > 0) {
      this.pendingDeletes = this.pendingDeletes
        .then(() => this.db.kysely.deleteFrom('outbox').where('id', 'in', ids).execute())
        .then(
          () => undefined,
          (err: unknown) => this.log.warn({ err }, 'could not delete delivered outbox rows; the relay will retry'),
        );
    }
    return this.pendingDeletes;
  }

  /**
   * Delivers outbox rows older than `olderThanMs`: events whose process stopped between commit and
   * delivery. Claimed with SKIP LOCKED, so several relays never deliver one row twice at once.
   */
  async relayStale(olderThanMs = 30_000, limit = 500): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - olderThanMs);
    // Claim: touching created_at hides the rows from other relays for another `olderThanMs`.
    const events = await this.db.tx(async (trx) => {
      const rows = await sql<{ id: string; name: EventName; payload: unknown; created_at: Date }>`
        select id, name, payload, created_at from outbox where created_at < ${cutoff}
        order by id limit ${limit} for update skip locked`.execute(trx);
      if (rows.rows.length === 0) return [];
      const ids = rows.rows.map((r) => r.id);
      await trx.updateTable('outbox').set({ created_at: now }).where('id', 'in', ids).execute();
      return rows.rows.map(
        (r) => ({ id: r.id, name: r.name, payload: r.payload, at: r.created_at.toISOString() }) as BusEvent,
      );
    });
    if (events.length === 0) return 0;
    // Deliver, then delete: a relay that dies in between leaves the rows for the next one.
    await this.deliver(events, 'origin');
    this.transport.publish(events);
    await this.db.kysely
      .deleteFrom('outbox')
      .where(
        'id',
        'in',
        events.map((e) => e.id),
      )
      .execute();
    return events.length;
  }

  /** Resolves once every listener started so far (and any they caused) has finished. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async close(): Promise<void> {
    await this.drain();
    await this.flushDeletes();
    await this.transport.close();
  }
}
