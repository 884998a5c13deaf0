import type { ColumnType, Generated } from 'kysely';

type Count = Generated<number>;

/**
 * One bucket × department × agent × channel × tag (migration 0019 explains each column). `grain`: 0 the
 * UTC hour, 1 the UTC day, 2 the UTC month (the month grain came after the migration was written). Since
 * migration 0027 a cube: department, agent and channel may be '*' (every one), see rollups.ts `cubeOf`.
 */
export interface ReportRollupsTable {
  grain: number;
  bucket: Date;
  department_id: string;
  agent_id: string;
  channel: string;
  tag: string;
  started: Count;
  closed: Count;
  missed: Count;
  abandoned: Count;
  transferred: Count;
  fr_n: Count;
  fr_sum: Count;
  fr_h: number[] | null;
  ar_n: Count;
  ar_sum: Count;
  ar_h: number[] | null;
  res_n: Count;
  res_sum: Count;
  res_h: number[] | null;
  hd_n: Count;
  hd_sum: Count;
  hd_h: number[] | null;
  q_n: Count;
  q_sum: Count;
  q_h: number[] | null;
  rating_n: Count;
  rating_sum: Count;
  rating_h: number[] | null;
  sla_n: Count;
  sla_met: Count;
}

/**
 * The started and closed counts per UTC hour, in the same cube (migration 0027), one row per UTC day:
 * element h of the arrays is the hour h (trimmed after the last non-zero). The daily series and the heat map.
 */
export interface ReportHourlyTable {
  tag: string;
  department_id: string;
  agent_id: string;
  channel: string;
  day: Date;
  started: number[] | null;
  closed: number[] | null;
}

export interface ReportStatusCountsTable {
  bucket: Date;
  channel: string;
  status: string;
  n: Count;
}

export interface ConversationRatingsTable {
  conversation_id: string;
  visitor_id: string;
  agent_id: string | null;
  department_id: string | null;
  rating: number;
  comment: string;
  created_at: Date;
}

export interface ReportSlaBreachesTable {
  conversation_id: string;
  closed_at: Date;
  department_id: string | null;
  agent_id: string | null;
  sla_id: string;
  sla_name: string;
  due_seconds: number;
  first_response_seconds: number | null;
}

/** A change not yet folded into the rollups (migration 0028, pending.ts): what `rowsOf` and the status move take. */
export interface ReportPendingTable {
  id: Generated<number>;
  change: ColumnType<unknown, string, string>;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    report_pending: ReportPendingTable;
    report_rollups: ReportRollupsTable;
    report_hourly: ReportHourlyTable;
    report_status_counts: ReportStatusCountsTable;
    conversation_ratings: ConversationRatingsTable;
    report_sla_breaches: ReportSlaBreachesTable;
  }
}
