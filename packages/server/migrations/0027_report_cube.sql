-- Reports at any size (issue 21, docs/reports.md "How it stays instant"): every report query reads one
-- slice of the rollups with about one row per bucket, whatever the number of departments, agents and
-- channels.
--
-- 1. The rollups become a cube: besides the row of its own department × agent × channel, each change also
--    adds to the rows where one or more of the three is '*' (every department, every agent, every channel),
--    8 rows per grain and tag. A report reads the rows whose unfiltered dimensions are '*' (its totals and
--    histograms: one row per bucket), or the rows of one explicit dimension (the agent, department and
--    channel tables). '*' is never an id, a channel or '' ("none").
-- 2. Indexes that put the dimensions a read fixes before the bucket, and the one it groups by (the agent,
--    department, channel or tag table) last, so each read is one index range scan of about its own rows
--    (not of every bucket in history, as a dimension before the bucket would make it).
-- 3. report_hourly: the counts the daily series and the heat map need (started, closed) per UTC hour, in
--    the same cube, as one row per UTC day with an array of the day's hours (element 1 = 00:00 UTC, trimmed
--    after the last non-zero hour): a year of one slice is 365 narrow rows, not 8,760 wide ones.
-- 4. report_hist_add / report_hist_sum(int[]): histograms added element-wise (the upsert and the reports use
--    them; plpgsql: about 3× faster than the same in SQL, which the migration's cube feels).
-- Existing rollups are turned into the cube here; `npm run reports:rebuild` rebuilds both from history.

create function report_hist_add(a integer[], b integer[]) returns integer[]
  language plpgsql immutable parallel safe
  as $$
declare
  r integer[];
begin
  if a is null then return b; end if;
  if b is null then return a; end if;
  if cardinality(a) < cardinality(b) then r := a; a := b; b := r; end if;
  r := a;
  for i in 1 .. cardinality(b) loop
    r[i] := coalesce(r[i], 0) + coalesce(b[i], 0);
  end loop;
  return r;
end
$$;

create aggregate report_hist_sum(integer[]) (sfunc = report_hist_add, stype = integer[]);

alter table report_rollups drop constraint report_rollups_pkey;

insert into report_rollups
select grain, bucket,
  case when grouping(department_id) = 1 then '*' else department_id end,
  case when grouping(agent_id) = 1 then '*' else agent_id end,
  case when grouping(channel) = 1 then '*' else channel end,
  tag,
  sum(started), sum(closed), sum(missed), sum(abandoned), sum(transferred),
  sum(fr_n), sum(fr_sum), report_hist_sum(fr_h),
  sum(ar_n), sum(ar_sum), report_hist_sum(ar_h),
  sum(res_n), sum(res_sum), report_hist_sum(res_h),
  sum(hd_n), sum(hd_sum), report_hist_sum(hd_h),
  sum(q_n), sum(q_sum), report_hist_sum(q_h),
  sum(rating_n), sum(rating_sum), report_hist_sum(rating_h),
  sum(sla_n), sum(sla_met)
from report_rollups
group by grain, bucket, tag, cube (department_id, agent_id, channel)
having grouping(department_id, agent_id, channel) <> 0;

-- Room on each page for the upserts' new row versions (HOT updates: no new index entries).
alter table report_rollups set (fillfactor = 80);
-- Totals, histograms (every dimension fixed) and the channel table.
alter table report_rollups add primary key (grain, tag, department_id, agent_id, bucket, channel);
create index report_rollups_by_agent on report_rollups (grain, tag, department_id, channel, bucket, agent_id);
create index report_rollups_by_department on report_rollups (grain, tag, agent_id, channel, bucket, department_id);
create index report_rollups_by_tag on report_rollups (grain, department_id, agent_id, channel, bucket, tag);

create table report_hourly (
  tag text not null,
  department_id text not null,
  agent_id text not null,
  channel text not null,
  day timestamptz not null,
  started integer[],
  closed integer[],
  primary key (tag, department_id, agent_id, channel, day)
);

-- Element h (1-based: h - 1 is the UTC hour) of a day's arrays: h - 1 zeros, then the hour's count.
insert into report_hourly
select tag, department_id, agent_id, channel, date_trunc('day', bucket at time zone 'UTC') at time zone 'UTC',
  report_hist_sum(array_fill(0, array[extract(hour from bucket at time zone 'UTC')::int]) || started),
  report_hist_sum(array_fill(0, array[extract(hour from bucket at time zone 'UTC')::int]) || closed)
from report_rollups
where grain = 0 and (started <> 0 or closed <> 0)
group by 1, 2, 3, 4, 5;

-- Fresh statistics for the planner after the bulk insert.
analyze report_rollups;
analyze report_hourly;
