-- Issue 15, item 8: offline messages to an inbox agents work from (settings #34-#35).
-- inbox_state is null for a message received while livechat.offline.toChannel.enabled was off: it stays in
-- the admin list only. Otherwise open -> claimed -> done (reopen: back to open).
alter table offline_messages add column subject text not null default '';
alter table offline_messages add column inbox_state text check (inbox_state in ('open', 'claimed', 'done'));
alter table offline_messages add column claimed_by uuid references users (id) on delete set null;
alter table offline_messages add column claimed_by_name text;
alter table offline_messages add column claimed_at timestamptz;
alter table offline_messages add column done_by_name text;
alter table offline_messages add column done_at timestamptz;
create index offline_messages_inbox on offline_messages (inbox_state, id) where inbox_state is not null;

-- The email replies of an inbox item: who, when, what, and whether it went out (a durable job sends it).
create table offline_message_replies (
  id uuid primary key,
  offline_message_id uuid not null references offline_messages (id) on delete cascade,
  author_id uuid references users (id) on delete set null,
  author_name text not null,
  text text not null,
  -- The Message-ID this reply carries; later replies name the earlier ones (In-Reply-To, References).
  message_id text not null,
  state text not null default 'pending' check (state in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null,
  sent_at timestamptz
);
create index offline_message_replies_item on offline_message_replies (offline_message_id, id);
