/** How far a sweep over conversations has looked (migration 0009): one row per sweep. */
export interface SessionSweepsTable {
  /** The sweep: 'visitor-abandonment'. */
  name: string;
  /** Every conversation at or before (after_at, after_id), in the sweep's order, has been considered. */
  after_at: Date;
  after_id: string;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    session_sweeps: SessionSweepsTable;
  }
}
