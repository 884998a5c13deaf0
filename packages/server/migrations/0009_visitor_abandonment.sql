-- Visitor abandonment (issue 13, settings #87-#92): one sweep over the open conversations waiting on their
-- visitor, not a job per agent message. A conversation waits on its visitor while it is open, its visitor
-- has not written since the agent (unanswered_since is null) and an agent has written (last_agent_message_at);
-- it is due at last_agent_message_at + sessions.visitorAbandonment.seconds.
--
-- No index names last_agent_message_at or unanswered_since, on purpose: every message updates those columns of
-- the conversation's row, and an index on them turns that update from a HOT one (no index touched) into one
-- that writes an entry in each of the table's indexes (three of them trigram GIN). Measured on PostgreSQL 15
-- with a partial index on (last_agent_message_at) where status = 'open' and unanswered_since is null: the
-- share of HOT updates of the message path fell from 89-99% to 24%. The sweep reads the open rows instead,
-- at most once per its gap (sessions/abandonment.ts).
--
-- How far a sweep has looked, in its order (after_at, after_id): every conversation at or before that
-- position was considered at its due time, acted on or left alone, like a timer that fired once.
create table session_sweeps (
  name text primary key,
  after_at timestamptz not null,
  after_id uuid not null
);
