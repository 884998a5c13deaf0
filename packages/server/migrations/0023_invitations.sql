-- Staff invited by email (issue 19 item 3): an invited user has no password until they open their
-- one-time link. One pending invitation per user (re-inviting replaces it); only the token's hash is kept.
create table invitations (
  user_id uuid primary key references users(id) on delete cascade,
  token_hash text not null unique,
  invited_by uuid references users(id) on delete set null,
  created_at timestamptz not null,
  expires_at timestamptz not null
);

-- The onboarding checklist's "Dismiss", per admin, kept with their other preferences.
alter table user_preferences add column onboarding_dismissed_at timestamptz;
