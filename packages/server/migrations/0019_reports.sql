-- Reports (issue 21, docs/reports.md): rollups kept by in-transaction listeners, never scans of
-- conversations or messages. One row per bucket × department × agent × channel × tag, at two grains:
-- 0 = the UTC hour, 1 = the UTC day (a report over a long range reads whole days from grain 1 and only its
-- ragged ends from grain 0). '' stands for "none" in department_id and agent_id, and for "every
-- conversation" in tag (a closed conversation also adds a row per tag it carries).
-- Durations are seconds: a count, a sum and a histogram per measure (*_h: counts per log-scale bin, bin 0
-- = under a second, bin b = [1.25^(b-1), 1.25^b) s, trimmed after the last non-zero bin), so medians and
-- 90th percentiles are read from summed bins.
create table report_rollups (
  grain smallint not null,
  bucket timestamptz not null,
  department_id text not null,
  agent_id text not null,
  channel text not null,
  tag text not null,
  started integer not null default 0,
  closed integer not null default 0,
  missed integer not null default 0,
  abandoned integer not null default 0,
  transferred integer not null default 0,
  fr_n integer not null default 0,
  fr_sum double precision not null default 0,
  fr_h integer[],
  ar_n integer not null default 0,
  ar_sum double precision not null default 0,
  ar_h integer[],
  res_n integer not null default 0,
  res_sum double precision not null default 0,
  res_h integer[],
  hd_n integer not null default 0,
  hd_sum double precision not null default 0,
  hd_h integer[],
  q_n integer not null default 0,
  q_sum double precision not null default 0,
  q_h integer[],
  rating_n integer not null default 0,
  rating_sum integer not null default 0,
  rating_h integer[],
  sla_n integer not null default 0,
  sla_met integer not null default 0,
  primary key (grain, bucket, department_id, agent_id, channel, tag)
);

-- Conversations by the hour they started, counted under the status they are in now (a change of status
-- moves one count): the report's "by status".
create table report_status_counts (
  bucket timestamptz not null,
  channel text not null,
  status text not null,
  n integer not null default 0,
  primary key (bucket, channel, status)
);

-- CSAT: the visitor's rating of their closed conversation (once).
create table conversation_ratings (
  conversation_id uuid primary key,
  visitor_id uuid not null,
  agent_id uuid,
  department_id uuid,
  rating smallint not null check (rating between 1 and 5),
  comment text not null default '',
  created_at timestamptz not null
);
create index conversation_ratings_created on conversation_ratings (created_at desc);

-- SLA breaches: closed chats whose first response missed their policy's due time (written at the close).
create table report_sla_breaches (
  conversation_id uuid primary key,
  closed_at timestamptz not null,
  department_id uuid,
  agent_id uuid,
  sla_id uuid not null,
  sla_name text not null,
  due_seconds double precision not null,
  first_response_seconds double precision
);
create index report_sla_breaches_closed on report_sla_breaches (closed_at desc);
