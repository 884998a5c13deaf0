-- Session timers (issue 13). A chat a timer took from an agent (unanswered, agent offline) waits in the
-- queue with that agent excluded, so the dispatcher never gives it back to them.
alter table inquiries add column excluded_agent_id uuid;
-- Why a transfer happened when nobody asked for it: 'unanswered', 'agent-offline' (null for a person's).
alter table conversation_transfers add column reason text;
