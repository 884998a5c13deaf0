-- The contacts list's name prefix search and its count (issue 16's benchmark; docs/contact-center.md).
-- The key is the lower-cased name (prefix LIKE); the sort columns and the row's liveness ride along, so a
-- prefix's top rows in any sort order and its capped total are read from the index alone (an index-only
-- scan; `name` is included because the planner uses an expression index index-only only when the
-- expression's columns are in it). Replaces contacts_name_lower (0016), whose key it shares.
drop index contacts_name_lower;
create index contacts_name_search on contacts (lower(name) text_pattern_ops)
  include (name, id, last_chat_at, created_at, merged_into, erased_at);
