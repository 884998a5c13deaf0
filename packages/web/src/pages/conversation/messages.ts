import type { MessageView } from '@parley/shared';

/** Messages per page of history. */
export const PAGE = 50;

/** Whether messages exist above a page of history: it came full and does not start at the first message. */
export function hasOlderThan(page: readonly MessageView[], size = PAGE): boolean {
  return page.length === size && (page[0]?.seq ?? 0) > 1;
}

/**
 * The messages of `incoming` that change what is held, in order: new ones, and newer versions (by
 * `updatedSeq`) of held ones; a replay or a second delivery of the same version changes nothing. With
 * `skipBelow`, a message not held whose seq is below it is skipped (a live change of a message older than
 * the loaded range: it arrives with its page when that is loaded).
 */
export function changesToHold(
  held: ReadonlyMap<string, MessageView>,
  incoming: readonly MessageView[],
  skipBelow?: number,
): MessageView[] {
  const seen = new Map<string, MessageView>();
  const out: MessageView[] = [];
  for (const m of incoming) {
    const have = seen.get(m.id) ?? held.get(m.id);
    if (have && have.updatedSeq >= m.updatedSeq) continue;
    if (!have && skipBelow !== undefined && m.seq < skipBelow) continue;
    seen.set(m.id, m);
    out.push(m);
  }
  return out;
}

/** The messages of mine still on their way: those `stored` confirms (by client id) are dropped. */
export function stillPending<P extends { clientId: string }>(
  pending: readonly P[],
  stored: readonly MessageView[],
): P[] {
  const confirmed = new Set(stored.map((m) => m.clientId).filter(Boolean));
  return pending.filter((p) => !confirmed.has(p.clientId));
}

/** The highest change number seen: what a resubscription asks the server to replay after. */
export function latestSeq(since: number, items: readonly MessageView[]): number {
  return items.reduce((max, m) => Math.max(max, m.updatedSeq), since);
}

/**
 * The messages of mine to send again now that the server is back: those that failed because it could not
 * be reached (not those it refused), while the conversation is not closed. They go with their client id,
 * so one the server did store before the connection dropped is not stored twice.
 */
export function toResend<P extends { state: 'sending' | 'failed'; offline?: boolean }>(
  pending: readonly P[],
  status: string | undefined,
): P[] {
  if (status === 'closed') return [];
  return pending.filter((p) => p.state === 'failed' && p.offline === true);
}
