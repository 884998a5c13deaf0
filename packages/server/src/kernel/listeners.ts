import type { EventBus } from './bus.js';
import type { BusEvent, EphemeralMap, EphemeralName, EventName } from './events.js';

/**
 * When a listener runs (design.md, "Declared listeners"):
 * - `in-transaction`: inside the transaction that emitted the event, before commit. Its writes (jobs,
 *   state changes) commit or roll back with the change: exactly once, no outbox needed.
 * - `after-commit`: after the commit, once, in the process that committed it (or the one that relays it
 *   from the outbox after a crash). For work that must happen once: emails, webhooks, re-routing.
 * - `after-commit-everywhere`: after the commit, in every process. For pushing to the sockets each
 *   process holds and for forgetting cached state.
 */
export type ListenerTiming = 'in-transaction' | 'after-commit' | 'after-commit-everywhere';

export interface Listener {
  event: EventName;
  when: ListenerTiming;
  handle(event: BusEvent): void | Promise<void>;
}

/** One declared reaction, typed by its event's payload. */
export function listener<N extends EventName>(
  event: N,
  when: ListenerTiming,
  handle: (event: BusEvent<N>) => void | Promise<void>,
): Listener {
  return { event, when, handle: handle as (event: BusEvent) => void | Promise<void> };
}

/** Several events, one reaction. */
export function listeners<N extends EventName>(
  events: readonly N[],
  when: ListenerTiming,
  handle: (event: BusEvent<N>) => void | Promise<void>,
): Listener[] {
  return events.map((e) => listener(e, when, handle));
}

/**
 * A reaction to an ephemeral signal (typing, queue positions): nothing is stored or committed; it runs
 * at once in every process, for whoever is connected there.
 */
export interface EphemeralListener {
  ephemeral: EphemeralName;
  handle(payload: EphemeralMap[EphemeralName]): void;
}

export function ephemeralListener<N extends EphemeralName>(
  name: N,
  handle: (payload: EphemeralMap[N]) => void,
): EphemeralListener {
  return { ephemeral: name, handle: handle as (payload: EphemeralMap[EphemeralName]) => void };
}

/** What compose.ts calls once per module with the list from its `<module>.listeners.ts`. */
export function registerListeners(bus: EventBus, list: readonly (Listener | EphemeralListener)[]): void {
  for (const l of list) {
    if ('ephemeral' in l) bus.onEphemeral(l.ephemeral, (p) => l.handle(p));
    else if (l.when === 'in-transaction') bus.inTransaction(l.event, async (e) => l.handle(e));
    else bus.on(l.event, (e) => l.handle(e), l.when === 'after-commit' ? 'local' : 'broadcast');
  }
}
