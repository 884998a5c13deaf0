import { CRM_ENDPOINT_ID, type WebhookEvent } from '@parley/shared';
import type { Db } from '../../kernel/db/db.js';
import type { SettingsService } from '../settings/index.js';
import type { WebhookEndpointsTable } from './webhooks.tables.js';
import './webhooks.tables.js';

export interface Destination {
  url: string;
  secret: string;
  /** The CRM endpoint keeps `crmData` (what it answered) and gets the reference's token header. */
  crm: boolean;
}

/**
 * Who gets an event: the CRM endpoint of the crm.* settings when its URL is set and its `crm.on.<event>`
 * switch is on, and every enabled endpoint subscribed to it. Read on every message, so the endpoints
 * are held in memory (re-read on `webhook-endpoint.changed`, in every process).
 */
export class WebhookTargets {
  private endpoints: WebhookEndpointsTable[] = [];

  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
  ) {}

  async load(): Promise<void> {
    this.endpoints = await this.db.kysely.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').execute();
  }

  /** Endpoint ids to deliver this event to (no query). */
  forEvent(event: WebhookEvent): string[] {
    const out: string[] = [];
    if (this.settings.get('crm.webhookUrl') && this.crmSubscribed(event)) out.push(CRM_ENDPOINT_ID);
    for (const e of this.endpoints) if (e.enabled && e.events.includes(event)) out.push(e.id);
    return out;
  }

  private crmSubscribed(event: WebhookEvent): boolean {
    if (event === 'navigationHistory')
      return this.settings.get('crm.on.navigationHistory') && this.settings.get('livechat.navigation.asMessage');
    return this.settings.get(`crm.on.${event}`);
  }

  /** Whether navigation messages ride in `messages` of the bodies for this endpoint. */
  withNavigation(endpointId: string): boolean {
    if (endpointId === CRM_ENDPOINT_ID) return this.settings.get('crm.on.navigationHistory');
    return this.endpoints.some((e) => e.id === endpointId && e.events.includes('navigationHistory'));
  }

  /** Where a delivery goes now (a changed URL or secret applies to retries), or why it cannot go. */
  destination(endpointId: string): Destination | { gone: string } {
    if (endpointId === CRM_ENDPOINT_ID) {
      const url = this.settings.get('crm.webhookUrl');
      if (!url) return { gone: 'crm.webhookUrl is empty' };
      return { url, secret: this.settings.get('crm.secretToken'), crm: true };
    }
    const e = this.endpoints.find((x) => x.id === endpointId);
    if (!e) return { gone: 'the endpoint was deleted' };
    if (!e.enabled) return { gone: 'the endpoint is disabled' };
    return { url: e.url, secret: e.secret, crm: false };
  }
}
