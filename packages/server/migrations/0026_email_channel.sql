-- The email channel (issue 22 item 2): each email channel's mailbox account (its passwords — the rest of
-- its settings are the channel's non-secret `settings`), the mailbox position read so far (UIDVALIDITY
-- and the last UID, advanced past every mail once it is stored or skipped), and the connection's status.
create table email_channel_accounts (
  channel_id text primary key references channels (id) on delete cascade,
  imap_password text not null default '',
  smtp_password text not null default '',
  uid_validity bigint,
  last_uid bigint not null default 0,
  -- a mail that failed for a reason of its own: skipped after a few tries so the reader never sticks
  failing_uid bigint,
  failing_count integer not null default 0,
  state text not null default 'connecting' check (state in ('ok', 'error', 'connecting', 'disabled')),
  detail text,
  state_at timestamptz,
  received_count bigint not null default 0,
  skipped_count bigint not null default 0,
  updated_at timestamptz not null
);

-- Each email conversation's thread: its token (in the reply address's +tag and the subject), the
-- person's address and the subject replies carry.
create table email_channel_threads (
  conversation_id uuid primary key references conversations (id) on delete cascade,
  channel_id text not null references channels (id) on delete cascade,
  token text not null unique,
  address text not null,
  subject text not null,
  created_at timestamptz not null
);

-- Every Message-ID of a thread, both ways (the person's mails and Parley's replies): a reply's
-- In-Reply-To / References find their conversation here; the mail's full text (quoted history and
-- signature included) is kept beside the stripped one the conversation shows.
create table email_channel_messages (
  seq bigint generated always as identity,
  channel_id text not null references channels (id) on delete cascade,
  message_id text not null,
  conversation_id uuid not null references conversations (id) on delete cascade,
  direction text not null check (direction in ('in', 'out')),
  parley_message_id uuid,
  original_text text,
  created_at timestamptz not null,
  primary key (channel_id, message_id)
);
create index email_channel_messages_conversation on email_channel_messages (conversation_id, seq);

-- The loop breaker's memory: mails counted per sender in the current hour.
create table email_channel_senders (
  channel_id text not null references channels (id) on delete cascade,
  address text not null,
  window_start timestamptz not null,
  count integer not null,
  primary key (channel_id, address)
);
