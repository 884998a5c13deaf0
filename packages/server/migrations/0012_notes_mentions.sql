-- Internal notes and mentions (issue 18, item 2). A note is a message of kind 'note': staff read it in
-- the timeline, the visitor never gets it. The check is replaced without rescanning the table (every
-- existing row already satisfies the wider one).
alter table messages drop constraint messages_kind_check;
alter table messages add constraint messages_kind_check check (kind in ('text', 'file', 'system', 'note')) not valid;

-- A colleague named with @username in a note, who may read the conversation: their notification, kept
-- until they read it (an agent offline at the time sees it later).
create table mentions (
  id uuid primary key,
  message_id uuid not null references messages (id) on delete cascade,
  conversation_id uuid not null references conversations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  by_id uuid not null,
  by_name text not null,
  excerpt text not null,
  created_at timestamptz not null,
  read_at timestamptz,
  unique (message_id, user_id)
);
create index mentions_user on mentions (user_id, created_at desc);
create index mentions_user_unread on mentions (user_id) where read_at is null;
