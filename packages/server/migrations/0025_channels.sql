-- Channels (issue 22): each way conversations reach Parley. conversations.channel and
-- channel_identities.channel hold the channel's id; the built-in website widget's is 'widget', so no
-- existing row changes.
create table channels (
  id text primary key,
  type text not null check (type in ('widget', 'email', 'api')),
  name text not null,
  department_id uuid references departments (id) on delete set null,
  enabled boolean not null default true,
  -- type-specific, non-secret settings
  settings jsonb not null default '{}',
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index channels_name_lower on channels (lower(name));
insert into channels (id, type, name, department_id, enabled, settings, created_at, updated_at)
  values ('widget', 'widget', 'Website', null, true, '{}', now(), now());

-- An API channel's credentials: only the token's hash; the signing secret in clear (it signs callbacks).
create table channel_api_credentials (
  channel_id text primary key references channels (id) on delete cascade,
  token_hash text not null unique,
  token_hint text not null,
  secret text not null,
  callback_url text,
  updated_at timestamptz not null
);

-- Inbound messages by the caller's client id, per channel: a repeat is answered with the first result
-- even after its conversation closed.
create table channel_inbound (
  channel_id text not null references channels (id) on delete cascade,
  client_id text not null,
  conversation_id uuid not null,
  message_id uuid,
  created_at timestamptz not null,
  primary key (channel_id, client_id)
);

-- The lists and History filtered by channel.
create index conversations_channel_created on conversations (channel, created_at desc, id desc);
