-- CRM webhooks (issue 15, settings #45–#59): every delivery is written in the transaction of the event that
-- causes it (so nothing is lost), sent after commit, retried durably, and logged attempt by attempt.

-- Endpoints beyond the one the crm.* settings describe (that one has the id 'crm' in deliveries).
create table webhook_endpoints (
  id uuid primary key,
  name text not null,
  url text not null,
  secret text not null default '',
  enabled boolean not null default true,
  events text[] not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table webhook_deliveries (
  -- The X-Parley-Delivery id (stable across retries).
  id uuid primary key,
  -- The order of events (uuidv7 ids are not ordered within a millisecond).
  seq bigint generated always as identity,
  -- 'crm' (the crm.* settings) or a webhook_endpoints id.
  endpoint_id text not null,
  event text not null,
  -- Deliveries sharing a key go out one at a time, in seq order: a conversation's events arrive in order.
  order_key text not null,
  conversation_id uuid,
  -- What the body is built from (ids and the event's own facts).
  source jsonb not null,
  -- The exact bytes sent, fixed before the first attempt: every retry sends the same body.
  body text,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null,
  -- A sender holds the delivery until then (it dies: another takes it over after).
  locked_until timestamptz,
  last_status int,
  last_error text,
  redelivery_of uuid,
  created_at timestamptz not null,
  finished_at timestamptz
);
-- The head of each ordered line (the next delivery of each conversation and endpoint).
create index webhook_deliveries_heads on webhook_deliveries (endpoint_id, order_key, seq) where status = 'pending';
create index webhook_deliveries_conversation on webhook_deliveries (conversation_id, seq);
create index webhook_deliveries_log on webhook_deliveries (seq);
create index webhook_deliveries_finished on webhook_deliveries (finished_at) where status <> 'pending';

create table webhook_attempts (
  delivery_id uuid not null references webhook_deliveries (id) on delete cascade,
  attempt int not null,
  at timestamptz not null,
  url text not null,
  status int,
  duration_ms int not null,
  -- The first KB of the answer.
  response text,
  error text,
  primary key (delivery_id, attempt)
);

-- What the CRM endpoint answered to a conversation's last webhook: sent back as `crmData` (as the reference
-- product does).
create table webhook_crm_data (
  conversation_id uuid primary key,
  data text not null,
  updated_at timestamptz not null
);
