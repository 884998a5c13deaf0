-- Contacts: one person across channels. Channel identities: one way a contact reaches us.
create table contacts (
  id uuid primary key,
  name text,
  emails text[] not null default '{}',
  phones text[] not null default '{}',
  custom_fields jsonb not null default '{}',
  contact_manager_id uuid references users (id) on delete set null,
  unknown boolean not null default true,
  conflicting_fields jsonb not null default '[]',
  last_chat_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index contacts_emails on contacts using gin (emails);
create index contacts_phones on contacts using gin (phones);

create table channel_identities (
  id uuid primary key,
  contact_id uuid not null references contacts (id),
  channel text not null,
  -- widget: sha256 of the visitor token (the token itself is never stored); email: the address; …
  external_id text not null,
  username text not null,
  name text,
  email text,
  phone text,
  department_id uuid,
  custom_fields jsonb not null default '{}',
  verified boolean not null default false,
  verified_at timestamptz,
  blocked boolean not null default false,
  ip text,
  user_agent text,
  referrer text,
  consent_at timestamptz,
  consent_text_hash text,
  last_agent_id uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  last_seen_at timestamptz not null
);
create unique index channel_identities_external on channel_identities (channel, external_id);
create index channel_identities_contact on channel_identities (contact_id);
create sequence guest_number;

create table custom_fields (
  id text primary key,
  label text not null,
  scope text not null check (scope in ('visitor', 'conversation')),
  type text not null check (type in ('text', 'select')),
  options text[] not null default '{}',
  regex text,
  required boolean not null default false,
  visible boolean not null default true,
  searchable boolean not null default false,
  position integer not null default 0,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table departments (
  id uuid primary key,
  name text not null,
  description text not null default '',
  enabled boolean not null default true,
  show_on_registration boolean not null default true,
  show_on_offline_form boolean not null default true,
  email text not null default '',
  fallback_department_id uuid references departments (id) on delete set null,
  allowed_forward_ids uuid[] not null default '{}',
  request_tag_before_closing boolean not null default false,
  closing_tags text[] not null default '{}',
  waiting_queue_message text not null default '',
  max_chats_per_agent integer,
  business_hours_id uuid,
  archived boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index departments_name on departments (lower(name));

create table department_agents (
  department_id uuid not null references departments (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  position integer not null default 0,
  primary key (department_id, user_id)
);
create index department_agents_user on department_agents (user_id);

-- Agent state: availability is the agent's choice; presence is derived from their connections.
create table agents (
  user_id uuid primary key references users (id) on delete cascade,
  availability text not null default 'unavailable' check (availability in ('available', 'unavailable')),
  presence text not null default 'offline' check (presence in ('online', 'away', 'offline')),
  max_chats integer,
  last_assigned_at timestamptz,
  presence_changed_at timestamptz,
  updated_at timestamptz not null
);

-- One row per live realtime connection of a staff user, per process; presence is computed from them.
create table presence_connections (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  instance_id uuid not null,
  idle boolean not null default false,
  heartbeat_at timestamptz not null
);
create index presence_connections_user on presence_connections (user_id);

create table conversations (
  id uuid primary key,
  contact_id uuid not null references contacts (id),
  visitor_id uuid not null references channel_identities (id),
  channel text not null,
  -- copies of the visitor's name/email for lists and search, refreshed on visitor.updated
  visitor_username text not null,
  visitor_name text,
  visitor_email text,
  department_id uuid references departments (id) on delete set null,
  status text not null check (status in ('queued', 'open', 'on-hold', 'closed')),
  agent_id uuid references users (id) on delete set null,
  topic text not null default '',
  tags text[] not null default '{}',
  priority_id uuid,
  sla_id uuid,
  custom_fields jsonb not null default '{}',
  requested_agent_id uuid,
  last_seq integer not null default 0,
  last_message_at timestamptz,
  last_message_preview text,
  created_at timestamptz not null,
  queued_at timestamptz,
  assigned_at timestamptz,
  on_hold_at timestamptz,
  closed_at timestamptz,
  closed_by_type text check (closed_by_type in ('agent', 'visitor', 'system')),
  closed_by_id uuid,
  close_comment text,
  transcript_email text,
  -- metrics (behaviour §5), in seconds
  first_visitor_message_at timestamptz,
  unanswered_since timestamptz,
  last_agent_message_at timestamptz,
  first_response_seconds double precision,
  reaction_seconds double precision,
  response_total_seconds double precision not null default 0,
  response_count integer not null default 0,
  wait_seconds double precision,
  chat_duration_seconds double precision,
  service_duration_seconds double precision
);
-- At most one non-closed conversation per channel identity, enforced by the database.
create unique index conversations_one_active on conversations (visitor_id) where status <> 'closed';
create index conversations_agent_status on conversations (agent_id, status);
create index conversations_status_created on conversations (status, created_at desc, id desc);
create index conversations_contact on conversations (contact_id, created_at desc);
create index conversations_created on conversations (created_at desc, id desc);

-- The queue: one row per conversation waiting for an agent.
create table inquiries (
  conversation_id uuid primary key references conversations (id) on delete cascade,
  department_id uuid,
  queued_at timestamptz not null,
  priority_weight integer not null default 99,
  sla_due_at timestamptz,
  requested_agent_id uuid
);
create index inquiries_order on inquiries (queued_at, conversation_id);

create table messages (
  id uuid primary key,
  conversation_id uuid not null references conversations (id) on delete cascade,
  seq integer not null,
  -- the last change (edit, delete) takes a new sequence number, so resume sees it
  updated_seq integer not null,
  client_id text,
  author_type text not null check (author_type in ('visitor', 'agent', 'bot', 'system')),
  author_id uuid,
  author_name text,
  kind text not null check (kind in ('text', 'file', 'system')),
  system_type text,
  text text not null default '',
  attachment jsonb,
  data jsonb,
  created_at timestamptz not null,
  edited_at timestamptz,
  deleted_at timestamptz
);
create unique index messages_seq on messages (conversation_id, seq);
create unique index messages_client_id on messages (conversation_id, client_id) where client_id is not null;
create index messages_updated on messages (conversation_id, updated_seq);

create table message_edits (
  id uuid primary key,
  message_id uuid not null references messages (id) on delete cascade,
  previous_text text not null,
  action text not null check (action in ('edited', 'deleted')),
  by_type text not null,
  by_id uuid,
  at timestamptz not null
);
create index message_edits_message on message_edits (message_id, at);

create table uploads (
  id uuid primary key,
  conversation_id uuid not null references conversations (id) on delete cascade,
  uploader_type text not null,
  uploader_id uuid,
  filename text not null,
  content_type text not null,
  size bigint not null,
  storage_key text not null,
  created_at timestamptz not null
);
create index uploads_conversation on uploads (conversation_id);

create table conversation_transfers (
  id uuid primary key,
  conversation_id uuid not null references conversations (id) on delete cascade,
  from_agent_id uuid,
  to_agent_id uuid,
  from_department_id uuid,
  to_department_id uuid,
  comment text not null default '',
  by_type text not null,
  by_id uuid,
  forced boolean not null default false,
  at timestamptz not null
);
create index conversation_transfers_conversation on conversation_transfers (conversation_id, at);

create table page_views (
  id uuid primary key,
  visitor_id uuid not null references channel_identities (id) on delete cascade,
  conversation_id uuid references conversations (id) on delete set null,
  url text not null,
  title text not null default '',
  at timestamptz not null
);
create index page_views_visitor on page_views (visitor_id, at desc);

create table offline_messages (
  id uuid primary key,
  visitor_id uuid references channel_identities (id) on delete set null,
  department_id uuid references departments (id) on delete set null,
  name text not null,
  email text not null,
  message text not null,
  ip text,
  created_at timestamptz not null
);
create index offline_messages_created on offline_messages (created_at desc);
