-- Identity verification (issue 16 items 7-8): a channel identity verified by a signed user id (the host
-- site's HMAC) or by an emailed one-time code, and the codes themselves (only their hash is kept).
alter table channel_identities add column signed_user_id text;
alter table channel_identities add column verified_email text;
alter table channel_identities add column verified_via text;
create index channel_identities_signed_user on channel_identities (signed_user_id) where signed_user_id is not null;
create index channel_identities_verified_email on channel_identities (verified_email) where verified_email is not null;

create table verification_codes (
  id uuid primary key,
  visitor_id uuid not null references channel_identities (id) on delete cascade,
  email text not null,
  -- sha256 of visitor id + code: a leaked table does not give the codes
  code_hash text not null,
  ip text,
  attempts int not null default 0,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null
);
create index verification_codes_visitor on verification_codes (visitor_id, created_at);
create index verification_codes_ip on verification_codes (ip, created_at);
