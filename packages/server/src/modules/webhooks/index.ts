import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { JobRunner } from '../../kernel/jobs.js';
import type { Logger } from '../../kernel/logger.js';
import type { OutboundHttp } from '../../kernel/outbound-http.js';
import type { AuditService } from '../audit/index.js';
import type { SettingsService } from '../settings/index.js';
import { BodyBuilder, type WebhookSources } from './bodies.js';
import type { DeliverySource } from './payloads.js';
import { DeliveryRecorder } from './recorder.js';
import { WebhookSender } from './sender.js';
import { WebhookTargets } from './targets.js';
import { webhooksListeners } from './webhooks.listeners.js';
import { webhooksRoutes } from './webhooks.routes.js';
import { WebhooksService } from './webhooks.service.js';

export type { WebhookSources } from './bodies.js';
export type { WebhooksService } from './webhooks.service.js';

/** The delivery log keeps two weeks. */
const KEEP_DAYS = 14;
const PRUNE = 'webhooks.prune';

export interface WebhooksModuleInput {
  db: Db;
  bus: EventBus;
  jobs: JobRunner;
  clock: Clock;
  log: Logger;
  settings: SettingsService;
  audit: AuditService;
  outbound: OutboundHttp;
  sources: WebhookSources;
  publicUrl: string;
}

export type WebhooksModule = Awaited<ReturnType<typeof createWebhooksModule>>;

/**
 * CRM webhooks (issue 15, settings #45–#56, #59; docs/webhooks.md): the reference product's bodies, written
 * with the event (recorder.ts), sent and retried durably in order per conversation (sender.ts), logged
 * attempt by attempt, with further endpoints, Redeliver and Send test (webhooks.service.ts).
 */
export async function createWebhooksModule(d: WebhooksModuleInput) {
  const targets = new WebhookTargets(d.db, d.settings);
  await targets.load();
  const bodies = new BodyBuilder(d.db, d.sources, targets, d.publicUrl);
  const sender = new WebhookSender({
    db: d.db,
    clock: d.clock,
    log: d.log,
    settings: d.settings,
    targets,
    outbound: d.outbound,
    transport: d.bus.transport,
    buildBody: (c, memo) => bodies.build({ ...c, source: c.source as unknown as DeliverySource }, memo),
  });
  const recorder = new DeliveryRecorder(d.db, d.clock, targets, bodies, () => sender.announce());
  const service = new WebhooksService(d.db, d.bus, d.clock, d.audit, targets, sender);
  d.settings.declareEnforced(
    'crm.webhookUrl',
    'crm.secretToken',
    'crm.on.chatStart',
    'crm.on.chatClose',
    'crm.on.chatTaken',
    'crm.on.chatQueued',
    'crm.on.forward',
    'crm.on.offlineMessage',
    'crm.on.visitorMessage',
    'crm.on.agentMessage',
    'crm.on.navigationHistory',
    'crm.on.call',
    'crm.on.leadCapture',
    'crm.httpTimeoutMs',
  );
  d.jobs.register({
    kind: PRUNE,
    run: async () => {
      await service.prune(new Date(d.clock.now().getTime() - KEEP_DAYS * 86_400_000));
      return { runAgainAt: new Date(d.clock.now().getTime() + 86_400_000) };
    },
  });
  return {
    service,
    sender,
    routes: webhooksRoutes(service),
    listeners: webhooksListeners(recorder, targets),
    /** Background work of a serving process: the sender, and the log's daily pruning (one job for the cluster). */
    async start() {
      sender.start();
      await d.db.tx(() => d.jobs.enqueue(PRUNE, {}, { idempotencyKey: PRUNE }));
    },
    stop: () => sender.stop(),
  };
}
