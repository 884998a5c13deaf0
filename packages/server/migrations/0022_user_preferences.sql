-- A staff user's own preferences (issue 18, item 3: which alerts, sound, desktop notifications).
-- One row per user who changed something; no row means the defaults.
create table user_preferences (
  user_id uuid primary key references users(id) on delete cascade,
  alerts jsonb not null,
  updated_at timestamptz not null
);
