-- Each running Parley process beats here every few seconds. A realtime connection counts for presence
-- (and its agent for routing) only while its process beats, so a process killed with -9 stops making
-- its agents look online within seconds, and a survivor clears its connection rows.
create table presence_instances (
  id uuid primary key,
  started_at timestamptz not null,
  last_beat timestamptz not null
);
create index presence_instances_last_beat on presence_instances (last_beat);
create index presence_connections_instance on presence_connections (instance_id);
