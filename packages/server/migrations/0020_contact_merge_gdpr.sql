-- Merging contacts and erasing one (issue 16 items 9 and 11; docs/contact-center.md).
-- A contact merged into another keeps its row, emptied, pointing at the survivor: old links resolve.
alter table contacts add column merged_into uuid references contacts (id);
-- Set when the contact's personal data was erased (GDPR): the row stays, empty, for the conversations.
alter table contacts add column erased_at timestamptz;
-- Merging into a contact that was itself a survivor re-points the older redirects (one update).
create index contacts_merged_into on contacts (merged_into) where merged_into is not null;
