-- Priorities (lower weight = dispatched first) and SLA policies, for queue.sorting = priority | sla.
create table priorities (
  id uuid primary key,
  name text not null,
  weight integer not null check (weight between 1 and 1000),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index priorities_name on priorities (lower(name));

create table sla_policies (
  id uuid primary key,
  name text not null,
  description text not null default '',
  due_minutes integer not null check (due_minutes between 1 and 525600),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index sla_policies_name on sla_policies (lower(name));

insert into priorities (id, name, weight, created_at, updated_at) values
  ('00000000-0000-7000-8000-000000000001', 'Highest', 1, now(), now()),
  ('00000000-0000-7000-8000-000000000002', 'High', 2, now(), now()),
  ('00000000-0000-7000-8000-000000000003', 'Medium', 3, now(), now()),
  ('00000000-0000-7000-8000-000000000004', 'Low', 4, now(), now()),
  ('00000000-0000-7000-8000-000000000005', 'Lowest', 5, now(), now());

create index inquiries_department on inquiries (department_id);
