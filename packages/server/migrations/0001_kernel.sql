-- Transactional outbox: events are written in the same transaction as the change they describe and
-- deleted once delivered. Rows older than a few seconds were left by a process that stopped between
-- commit and delivery; the relay delivers them.
create table outbox (
  id uuid primary key,
  name text not null,
  payload jsonb not null,
  created_at timestamptz not null
);
create index outbox_created_at on outbox (created_at);

-- Durable jobs and timers, claimed with FOR UPDATE SKIP LOCKED.
create table jobs (
  id bigserial primary key,
  kind text not null,
  payload jsonb not null default '{}',
  run_at timestamptz not null,
  idempotency_key text,
  status text not null default 'pending' check (status in ('pending', 'failed')),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null
);
create index jobs_due on jobs (run_at) where status = 'pending';
create unique index jobs_pending_key on jobs (idempotency_key) where status = 'pending';
