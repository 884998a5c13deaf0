-- Business hours (issue 14, settings #43-#44): weekly schedules in an IANA time zone, and holidays or special
-- days per schedule. The intervals are kept as JSON ({monday: [{opens, closes, overnight}], ...}): they are
-- read whole, validated by the shared zod schema, and never queried piece by piece.
create table business_hours (
  id uuid primary key,
  name text not null,
  time_zone text not null,
  days jsonb not null,
  -- The schedule for everyone in single mode, and for departments without one in multiple mode.
  is_default boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index business_hours_name on business_hours (lower(name));
create unique index business_hours_one_default on business_hours (is_default) where is_default;

create table business_hours_holidays (
  id uuid primary key,
  schedule_id uuid not null references business_hours (id) on delete cascade,
  -- A calendar date in the schedule's zone (YYYY-MM-DD), not an instant: text, so no driver turns it into a
  -- Date at some zone's midnight.
  date text not null check (date ~ '^\d{4}-\d{2}-\d{2}$'),
  name text not null default '',
  closed boolean not null,
  intervals jsonb not null default '[]',
  created_at timestamptz not null
);
create unique index business_hours_holidays_date on business_hours_holidays (schedule_id, date);

-- departments.business_hours_id accepted anything until now and no schedule existed: whatever it held
-- pointed at nothing. It becomes a real reference; a schedule in use cannot be deleted (restrict).
update departments set business_hours_id = null where business_hours_id is not null;
alter table departments
  add constraint departments_business_hours_fk foreign key (business_hours_id)
  references business_hours (id) on delete restrict;
