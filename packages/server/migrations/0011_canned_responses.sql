-- Canned responses (issue 18, setting #60): global, department and personal shortcuts to a text with
-- placeholders. The scope decides which owner column is set; a shortcut is unique (case aside) per owner:
-- once globally, once per department, once per person.
create table canned_responses (
  id uuid primary key,
  scope text not null check (scope in ('global', 'department', 'personal')),
  department_id uuid references departments (id) on delete cascade,
  owner_id uuid references users (id) on delete cascade,
  shortcut text not null,
  text text not null,
  tags text[] not null default '{}',
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (
    (scope = 'global' and department_id is null and owner_id is null)
    or (scope = 'department' and department_id is not null and owner_id is null)
    or (scope = 'personal' and owner_id is not null and department_id is null)
  )
);
create unique index canned_responses_global_shortcut on canned_responses (lower(shortcut)) where scope = 'global';
create unique index canned_responses_department_shortcut on canned_responses (department_id, lower(shortcut))
  where scope = 'department';
create unique index canned_responses_personal_shortcut on canned_responses (owner_id, lower(shortcut))
  where scope = 'personal';
