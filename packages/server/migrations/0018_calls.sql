-- Calls (issue 17): video/audio call links posted into a conversation and calls a phone system reports.
-- A call belongs to a contact (the conversation's, or the one its number matched); `message_id` is the
-- call card in the conversation. A phone system's own id (`external_id`) makes its reports idempotent.
create table calls (
  id uuid primary key,
  kind text not null check (kind in ('video', 'audio', 'phone')),
  direction text not null check (direction in ('inbound', 'outbound')),
  status text not null check (status in ('ringing', 'active', 'ended')),
  outcome text check (outcome in ('completed', 'declined', 'missed')),
  conversation_id uuid references conversations (id) on delete set null,
  message_id uuid,
  contact_id uuid not null references contacts (id),
  agent_id uuid references users (id) on delete set null,
  room text,
  phone text,
  phone_digits text generated always as (regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g')) stored,
  from_number text,
  to_number text,
  external_id text,
  recording_url text,
  started_at timestamptz not null,
  answered_at timestamptz,
  ended_at timestamptz,
  duration_seconds integer,
  wrap_up_notes text,
  wrap_up_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((status = 'ended') = (outcome is not null)),
  check (ended_at is null or ended_at >= started_at),
  check (answered_at is null or answered_at >= started_at)
);
create unique index calls_external on calls (external_id) where external_id is not null;
create index calls_started on calls (started_at desc, id desc);
create index calls_agent_started on calls (agent_id, started_at desc);
create index calls_contact_started on calls (contact_id, started_at desc);
create index calls_conversation on calls (conversation_id) where conversation_id is not null;
create index calls_phone_digits on calls (phone_digits text_pattern_ops);
