-- Reports' changes waiting to be folded into the rollups (issue 21, docs/reports.md "How it stays instant").
-- Each conversation change writes one narrow row here in its own transaction (never lost, never counted for
-- a rolled-back change) instead of upserting the cube's 24–48 rows, whose '*' rows every concurrent start
-- and close of the hour would wait for. One folder at a time (an advisory lock) turns a batch of them into
-- summed rollup rows and deletes them in one transaction: a recurring job every second, and every report
-- before it reads, so a report still counts every change committed before it was asked.
create table report_pending (
  id bigserial primary key,
  -- { "r": [[at, {departmentId, agentId, channel, tags?}, delta], …], "s": [createdAt, channel, from, to] }
  change jsonb not null
);
