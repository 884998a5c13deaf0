import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export interface WebhookEndpointsTable {
  id: string;
  name: string;
  url: string;
  secret: string;
  enabled: boolean;
  events: string[];
  created_at: Date;
  updated_at: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: string;
  seq: Generated<string>;
  endpoint_id: string;
  event: string;
  order_key: string;
  conversation_id: string | null;
  source: Json<Record<string, unknown>>;
  body: string | null;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  locked_until: Date | null;
  last_status: number | null;
  last_error: string | null;
  redelivery_of: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: Date;
  url: string;
  status: number | null;
  duration_ms: number;
  response: string | null;
  error: string | null;
}

export interface WebhookCrmDataTable {
  conversation_id: string;
  data: string;
  updated_at: Date;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    webhook_endpoints: WebhookEndpointsTable;
    webhook_deliveries: WebhookDeliveriesTable;
    webhook_attempts: WebhookAttemptsTable;
    webhook_crm_data: WebhookCrmDataTable;
  }
}
