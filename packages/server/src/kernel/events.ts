import type { SettingKey } from '@parley/shared';

/**
 * The one catalog of domain events: name (past tense) → payload. Payloads are JSON (they cross
 * processes through the outbox and Redis).
 */
export interface EventMap {
  'setting.changed': { key: SettingKey; actorId: string | null };
  'user.created': { userId: string; roles: string[] };
  'user.updated': { userId: string; changed: string[] };
  'user.deactivated': { userId: string };
}

export type EventName = keyof EventMap;

export interface BusEvent<N extends EventName = EventName> {
  id: string;
  name: N;
  payload: EventMap[N];
  /** ISO time of the emitting transaction (the app clock). */
  at: string;
}
