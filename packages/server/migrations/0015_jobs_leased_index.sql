-- The job runner's next-due look-up (kernel/jobs.ts, msUntilNextDue) as two index-ordered reads instead of
-- a scan of every pending job: the earliest run_at of the unleased ones (jobs_due) and the earliest lease end
-- of the few leased ones (this index). Only leased (network) jobs ever set locked_until, so the index stays
-- tiny and a timer's row never enters it.
create index jobs_leased on jobs (locked_until) where status = 'pending' and locked_until is not null;
