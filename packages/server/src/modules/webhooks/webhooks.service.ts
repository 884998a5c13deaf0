import {
  CRM_ENDPOINT_ID,
  type WebhookDeliveryDetail,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookEvent,
  type WebhookTestResult,
  type webhookDeliveryQuery,
  type webhookEndpointBody,
  type webhookEndpointPatch,
} from '@parley/shared';
import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { AuditService } from '../audit/index.js';
import { rcType, sampleBody } from './payloads.js';
import type { WebhookSender } from './sender.js';
import type { WebhookTargets } from './targets.js';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from './webhooks.tables.js';
import './webhooks.tables.js';

type DeliveryRow = Selectable<WebhookDeliveriesTable>;

function endpointView(e: Selectable<WebhookEndpointsTable>): WebhookEndpointView {
  return {
    id: e.id,
    name: e.name,
    url: e.url,
    hasSecret: e.secret !== '',
    enabled: e.enabled,
    events: e.events as WebhookEvent[],
    createdAt: e.created_at.toISOString(),
    updatedAt: e.updated_at.toISOString(),
  };
}

function deliveryView(d: DeliveryRow): WebhookDeliveryView {
  return {
    id: d.id,
    endpointId: d.endpoint_id,
    event: d.event,
    type: d.event === 'test' ? 'LivechatSession' : (rcType[d.event as WebhookEvent] ?? null),
    conversationId: d.conversation_id,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.next_attempt_at.toISOString() : null,
    lastStatus: d.last_status,
    lastError: d.last_error,
    redeliveryOf: d.redelivery_of,
    createdAt: d.created_at.toISOString(),
    finishedAt: d.finished_at?.toISOString() ?? null,
  };
}

/** Admins' side of webhooks: further endpoints, the delivery log, Redeliver and Send test. */
export class WebhooksService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly targets: WebhookTargets,
    private readonly sender: WebhookSender,
  ) {}

  /**
   * A contact's erasure (contacts' GDPR), in the caller's transaction: the deliveries about these
   * conversations (their bodies and sources carry the visitor's data) and of offline messages from these
   * emails, their attempts, and what the CRM answered for the conversations, are deleted. Deliveries not
   * sent yet are not sent.
   */
  async forget(conversationIds: string[], emails: string[]): Promise<void> {
    if (conversationIds.length) {
      await this.db.q.deleteFrom('webhook_deliveries').where('conversation_id', 'in', conversationIds).execute();
      await this.db.q.deleteFrom('webhook_crm_data').where('conversation_id', 'in', conversationIds).execute();
    }
    if (emails.length) {
      await this.db.q
        .deleteFrom('webhook_deliveries')
        .where('conversation_id', 'is', null)
        .where(sql<boolean>`source->>'kind' = 'offline'`)
        .where(sql<boolean>`lower(source->>'email') = any(${sql.val(emails)}::text[])`)
        .execute();
    }
  }

  async endpoints(): Promise<WebhookEndpointView[]> {
    const rows = await this.db.q.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').execute();
    return rows.map(endpointView);
  }

  async createEndpoint(actor: StaffActor, input: z.output<typeof webhookEndpointBody>): Promise<WebhookEndpointView> {
    const now = this.clock.now();
    const row = {
      id: uuidv7(now.getTime()),
      name: input.name,
      url: input.url,
      secret: input.secret,
      enabled: input.enabled,
      events: [...new Set(input.events)],
      created_at: now,
      updated_at: now,
    };
    await this.db.tx(async (trx) => {
      await trx.insertInto('webhook_endpoints').values(row).execute();
      await this.audit.record(actor, {
        action: 'webhook-endpoint.created',
        targetType: 'webhook-endpoint',
        targetId: row.id,
        changes: { name: row.name, url: row.url, events: row.events, enabled: row.enabled },
      });
      this.bus.emit('webhook-endpoint.changed', { endpointId: row.id });
    });
    return endpointView(row);
  }

  async updateEndpoint(
    actor: StaffActor,
    id: string,
    patch: z.output<typeof webhookEndpointPatch>,
  ): Promise<WebhookEndpointView> {
    return this.db.tx(async (trx) => {
      const before = await trx
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) fail('webhook.endpoint-not-found', undefined, 'params.id');
      const row = await trx
        .updateTable('webhook_endpoints')
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.url !== undefined ? { url: patch.url } : {}),
          ...(patch.secret !== undefined ? { secret: patch.secret } : {}),
          ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
          ...(patch.events !== undefined ? { events: [...new Set(patch.events)] } : {}),
          updated_at: this.clock.now(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      // A disabled endpoint's waiting deliveries end now (they would hold their conversations' lines).
      if (patch.enabled === false) await this.failPending(id, 'the endpoint was disabled');
      await this.audit.record(actor, {
        action: 'webhook-endpoint.updated',
        targetType: 'webhook-endpoint',
        targetId: id,
        changes: { ...patch, ...(patch.secret !== undefined ? { secret: patch.secret ? 'changed' : 'removed' } : {}) },
      });
      this.bus.emit('webhook-endpoint.changed', { endpointId: id });
      return endpointView(row);
    });
  }

  async deleteEndpoint(actor: StaffActor, id: string): Promise<void> {
    await this.db.tx(async (trx) => {
      const r = await trx.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) fail('webhook.endpoint-not-found', undefined, 'params.id');
      await this.failPending(id, 'the endpoint was deleted');
      await this.audit.record(actor, {
        action: 'webhook-endpoint.deleted',
        targetType: 'webhook-endpoint',
        targetId: id,
      });
      this.bus.emit('webhook-endpoint.changed', { endpointId: id });
    });
  }

  private async failPending(endpointId: string, reason: string): Promise<void> {
    await this.db.q
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', last_error: reason, finished_at: this.clock.now(), locked_until: null })
      .where('endpoint_id', '=', endpointId)
      .where('status', '=', 'pending')
      .execute();
  }

  async deliveries(
    q: z.output<typeof webhookDeliveryQuery>,
  ): Promise<{ items: WebhookDeliveryView[]; nextCursor: string | null }> {
    let query = this.db.q.selectFrom('webhook_deliveries').selectAll().orderBy('seq', 'desc').limit(q.limit);
    if (q.endpointId) query = query.where('endpoint_id', '=', q.endpointId);
    if (q.event) query = query.where('event', '=', q.event);
    if (q.status) query = query.where('status', '=', q.status);
    if (q.conversationId) query = query.where('conversation_id', '=', q.conversationId);
    if (q.before) {
      const before = q.before;
      query = query.where('seq', '<', (eb) =>
        eb.selectFrom('webhook_deliveries').select('seq').where('id', '=', before),
      );
    }
    const rows = await query.execute();
    const last = rows[rows.length - 1];
    return { items: rows.map(deliveryView), nextCursor: rows.length === q.limit && last ? last.id : null };
  }

  async delivery(id: string): Promise<WebhookDeliveryDetail> {
    const d = await this.db.q.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!d) fail('webhook.delivery-not-found', undefined, 'params.id');
    const attempts = await this.db.q
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('delivery_id', '=', id)
      .orderBy('attempt')
      .execute();
    return {
      ...deliveryView(d),
      body: d.body,
      attemptLog: attempts.map((a) => ({
        attempt: a.attempt,
        at: a.at.toISOString(),
        url: a.url,
        status: a.status,
        durationMs: a.duration_ms,
        response: a.response,
        error: a.error,
      })),
    };
  }

  /**
   * Sends a finished delivery again, as a new delivery (its own id, so a receiver that de-duplicates
   * still takes it) with the same body, to the endpoint's current URL. It waits behind nothing.
   */
  async redeliver(actor: StaffActor, id: string): Promise<WebhookDeliveryView> {
    const row = await this.db.tx(async (trx) => {
      const d = await trx.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
      if (!d) fail('webhook.delivery-not-found', undefined, 'params.id');
      if (d.status === 'pending') fail('webhook.still-pending');
      const now = this.clock.now();
      const copyId = uuidv7(now.getTime());
      const copy = await trx
        .insertInto('webhook_deliveries')
        .values({
          id: copyId,
          endpoint_id: d.endpoint_id,
          event: d.event,
          order_key: copyId,
          conversation_id: d.conversation_id,
          source: JSON.stringify(d.source),
          body: d.body,
          next_attempt_at: now,
          redelivery_of: d.id,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(actor, { action: 'webhook.redelivered', targetType: 'webhook-delivery', targetId: d.id });
      return copy;
    });
    this.sender.announce();
    return deliveryView(row);
  }

  /** "Send test": posts a sample closed session at once and answers what the endpoint said (also logged). */
  async test(actor: StaffActor, endpointId: string): Promise<WebhookTestResult> {
    const dest = this.targets.destination(endpointId);
    if ('gone' in dest) {
      if (endpointId === CRM_ENDPOINT_ID) fail('webhook.no-url', undefined, 'crm.webhookUrl');
      fail('webhook.endpoint-not-found', dest.gone, 'body.endpointId');
    }
    const now = this.clock.now();
    const id = uuidv7(now.getTime());
    const body = JSON.stringify(sampleBody(now));
    await this.db.q
      .insertInto('webhook_deliveries')
      .values({
        id,
        endpoint_id: endpointId,
        event: 'test',
        order_key: id,
        conversation_id: null,
        source: JSON.stringify({ kind: 'test', by: actor.userId }),
        body,
        attempts: 1,
        // Held by this request, so the background sender leaves it alone.
        locked_until: new Date(now.getTime() + 600_000),
        next_attempt_at: now,
        created_at: now,
      })
      .execute();
    const r = await this.sender.sendNow({
      id,
      endpoint_id: endpointId,
      event: 'test',
      conversation_id: null,
      source: {},
      body,
      attempts: 1,
    });
    return {
      deliveryId: id,
      ok: r.ok,
      status: r.status,
      durationMs: r.durationMs,
      response: r.response,
      error: r.error,
    };
  }

  /** Deliveries finished before this are deleted (the log keeps `days` days). */
  async prune(olderThan: Date): Promise<number> {
    const r =
      await sql`delete from webhook_deliveries where status <> 'pending' and finished_at < ${olderThan}`.execute(
        this.db.q,
      );
    return Number(r.numAffectedRows ?? 0);
  }
}
