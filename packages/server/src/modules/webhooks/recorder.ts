import type { WebhookEvent } from '@parley/shared';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { BodyBuilder } from './bodies.js';
import type { DeliverySource } from './payloads.js';
import type { WebhookTargets } from './targets.js';
import './webhooks.tables.js';

interface Pending {
  id: string;
  body: string | null;
  endpoint_id: string;
  event: string;
  order_key: string;
  conversation_id: string | null;
  source: string;
  next_attempt_at: Date;
  created_at: Date;
}

const BAG = 'webhooks';

/**
 * Writes deliveries in the transaction of the event that causes them (the listeners in
 * webhooks.listeners.ts run in-transaction), so a committed event always has its deliveries and a
 * rolled-back one has none. The rows of one transaction go in one insert just before commit (a batch
 * of chat messages costs one statement); the sender is woken after commit.
 *
 * A conversation's own events (start, queued, taken, forward, close, lead capture) are rare: their
 * bodies are built right here, so they show the conversation as it was at that moment even when they go
 * out much later (a receiver that was down). A chat message is frequent: its row holds the message
 * itself, and the room around it is read when it is first sent (so the message path pays no reads).
 */
export class DeliveryRecorder {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly targets: WebhookTargets,
    private readonly bodies: BodyBuilder,
    private readonly wake: () => void,
  ) {
    db.onBeforeCommit<Pending[]>(BAG, async (rows, trx) => {
      if (rows.length > 0) await trx.insertInto('webhook_deliveries').values(rows).execute();
    });
  }

  /** Records the event for every endpoint that wants it (nothing, and no query, when none does). */
  async record(event: WebhookEvent, source: DeliverySource): Promise<void> {
    const endpoints = this.targets.forEvent(event);
    if (endpoints.length === 0) return;
    const now = this.clock.now();
    const conversationId = 'conversationId' in source ? source.conversationId : null;
    const pending: Pending[] = [];
    for (const endpointId of endpoints) {
      const id = uuidv7(now.getTime());
      pending.push({
        id,
        body: source.kind === 'message' ? null : await this.bodies.build({ endpoint_id: endpointId, event, source }),
        endpoint_id: endpointId,
        event,
        order_key: conversationId ?? id,
        conversation_id: conversationId,
        source: JSON.stringify(source),
        next_attempt_at: now,
        created_at: now,
      });
    }
    const rows = this.db.bag<Pending[]>(BAG, () => {
      this.db.afterCommit(this.wake);
      return [];
    });
    rows.push(...pending);
  }
}
