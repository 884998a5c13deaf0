import type { ClientFrame } from '@parley/shared';

/** The realtime connection's reconnection rules as pure functions (the socket glue is in realtime.ts). */

export type Topic = 'my-conversations' | 'queue' | 'presence' | 'monitoring';

export const MAX_BACKOFF_MS = 30_000;

/**
 * The wait before reconnection attempt `attempt` (0 after a connection was ready): 1 s, 2 s, 4 s… up to
 * 30 s, each jittered into its upper half so that many browsers do not come back at the same instant.
 * `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, random: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
  return base / 2 + random * (base / 2);
}

/** Subscribing to a conversation, asking for a replay of what came after `since` when the caller holds some. */
export function followFrame(id: string, since: number | undefined): ClientFrame {
  return since === undefined
    ? { type: 'subscribe', topic: 'conversation', id }
    : { type: 'subscribe', topic: 'conversation', id, since };
}

/**
 * What a (re)connected socket sends once the server said `ready`: every topic held, every conversation
 * followed from the last sequence number its holder has, and the idle state if the user is away.
 */
export function framesOnReady(
  topics: Iterable<Topic>,
  follows: Iterable<[string, number | undefined]>,
  idle: boolean,
): ClientFrame[] {
  const frames: ClientFrame[] = [];
  for (const topic of topics) frames.push({ type: 'subscribe', topic });
  for (const [id, since] of follows) frames.push(followFrame(id, since));
  if (idle) frames.push({ type: 'activity', idle: true });
  return frames;
}
