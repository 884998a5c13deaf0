create table users (
  id uuid primary key,
  email text not null,
  username text not null,
  name text not null,
  password_hash text,
  roles text[] not null default '{}',
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index users_email on users (lower(email));
create unique index users_username on users (lower(username));

create table staff_sessions (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  last_seen_at timestamptz not null,
  ip text,
  user_agent text
);
create index staff_sessions_user on staff_sessions (user_id);

create table access_tokens (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null,
  expires_at timestamptz,
  last_used_at timestamptz
);
create index access_tokens_user on access_tokens (user_id);

-- One-time links to create the first administrator (each starting process may add one).
create table setup_tokens (
  token_hash text primary key,
  created_at timestamptz not null
);

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null,
  updated_by uuid
);

create table audit_log (
  id uuid primary key,
  at timestamptz not null,
  actor_id uuid,
  actor_label text not null,
  action text not null,
  target_type text not null,
  target_id text,
  changes jsonb not null default '{}',
  ip text
);
create index audit_log_at on audit_log (at desc, id desc);
