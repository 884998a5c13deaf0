-- Failed sign-ins, counted where every process sees them (docs/security.md, "Sign-in throttling").
-- key: 'ip:<address>' (all accounts from one address), 'pair:<email> <address>' (one account from one
-- address), 'account:<email>' (one account from everywhere). Keyed by the email asked for, known or not,
-- so the answers do not tell which accounts exist. `blocked_until`: for a pair, refused until then; for
-- an account over its cap, the next attempt from an unfamiliar address is let in at that time.
create table sign_in_failures (
  key text primary key,
  failures integer not null,
  window_ends_at timestamptz not null,
  blocked_until timestamptz
);
create index sign_in_failures_window on sign_in_failures (window_ends_at);

-- Addresses each user signed in from lately: an attack on their account from elsewhere does not slow
-- them down there.
create table sign_in_sources (
  user_id uuid not null references users (id) on delete cascade,
  ip text not null,
  last_success_at timestamptz not null,
  primary key (user_id, ip)
);
create index sign_in_sources_last_success on sign_in_sources (last_success_at);
