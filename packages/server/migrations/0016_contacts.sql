-- The Contact Center (issue 16 items 1-6): the contacts list is searched by name prefix, username, email,
-- phone (any format) and searchable custom fields, filtered and sorted; these are its indexes.

-- A phone's digits ('+49 151 2345-6789' -> '4915123456789'): staff-entered phones are stored in E.164,
-- older ones (the pre-chat form, lead capture) as typed; the search compares digits, so both are found.
create function parley_phone_digits(phones text[]) returns text[]
  language sql immutable strict parallel safe
  as $$ select coalesce(array_agg(regexp_replace(p, '[^0-9]', '', 'g')), '{}') from unnest(phones) as p $$;

alter table contacts add column phone_digits text[] generated always as (parley_phone_digits(phones)) stored;
create index contacts_phone_digits on contacts using gin (phone_digits);
-- name prefix search, and the sort by name
create index contacts_name_lower on contacts (lower(name) text_pattern_ops);
-- searchable custom fields: containment (custom_fields @> '{"key": "value"}')
create index contacts_custom_fields on contacts using gin (custom_fields jsonb_path_ops);
create index contacts_last_chat on contacts (last_chat_at desc nulls last, id);
create index contacts_created on contacts (created_at desc, id);
create index contacts_manager on contacts (contact_manager_id) where contact_manager_id is not null;
create index channel_identities_username_lower on channel_identities (lower(username));
