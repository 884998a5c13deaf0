import { z } from 'zod';

/**
 * Reports and live monitoring (issue 21, docs/reports.md). Every figure comes from rollups per hour ×
 * department × agent × channel kept by in-transaction listeners; durations are seconds.
 */

/** A calendar date, `YYYY-MM-DD`, read in the report's time zone. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** `GET /api/v1/reports?from=&to=&tz=&departmentId=&agentId=&tag=&channel=`: both ends included. */
export const reportQuery = z.strictObject({
  from: day,
  to: day,
  /** An IANA time zone (`Europe/Berlin`); UTC by default. */
  tz: z.string().min(1).max(64).default('UTC'),
  departmentId: z.uuid().optional(),
  agentId: z.uuid().optional(),
  tag: z.string().min(1).max(100).optional(),
  channel: z.string().min(1).max(40).optional(),
});
export type ReportQuery = z.infer<typeof reportQuery>;

/** Average, median and 90th percentile (median and p90 from log-scale histograms: within about 12 %). */
export const durationStatsSchema = z.object({
  count: z.number(),
  avg: z.number().nullable(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
});
export type DurationStats = z.infer<typeof durationStatsSchema>;

export const reportAgentRowSchema = z.object({
  agentId: z.string(),
  name: z.string(),
  chats: z.number(),
  firstResponseAvg: z.number().nullable(),
  handlingAvg: z.number().nullable(),
  transfers: z.number(),
  ratingAvg: z.number().nullable(),
  ratings: z.number(),
});
export type ReportAgentRow = z.infer<typeof reportAgentRowSchema>;

export const reportDepartmentRowSchema = z.object({
  /** null: conversations without a department. */
  departmentId: z.string().nullable(),
  name: z.string(),
  started: z.number(),
  closed: z.number(),
  missed: z.number(),
  transferred: z.number(),
  firstResponseAvg: z.number().nullable(),
  resolutionAvg: z.number().nullable(),
  ratingAvg: z.number().nullable(),
});
export type ReportDepartmentRow = z.infer<typeof reportDepartmentRowSchema>;

export const reportSchema = z.object({
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  /** Hour buckets are UTC hours: in a zone whose offset is not whole hours, an hour counts in the local hour it starts in. */
  wholeHourZone: z.boolean(),
  conversations: z.object({
    started: z.number(),
    closed: z.number(),
    /** Closed without any agent's answer, by an agent or the system (timeouts). */
    missed: z.number(),
    /** Closed by the visitor before any agent's answer. */
    abandoned: z.number(),
    transferred: z.number(),
    /** Conversations started in the range, by their status now. */
    byStatus: z.record(z.string(), z.number()),
    /** Conversations started in the range, by channel. */
    byChannel: z.record(z.string(), z.number()),
  }),
  firstResponse: durationStatsSchema,
  averageResponse: durationStatsSchema,
  resolution: durationStatsSchema,
  handling: durationStatsSchema,
  queue: durationStatsSchema,
  /** One entry per day of the range (in the zone). */
  daily: z.array(z.object({ date: z.string(), started: z.number(), closed: z.number() })),
  /** Conversations started, by weekday (1 = Monday … 7 = Sunday) and hour (0–23) in the zone. */
  heatmap: z.array(z.object({ weekday: z.number(), hour: z.number(), started: z.number() })),
  agents: z.array(reportAgentRowSchema),
  departments: z.array(reportDepartmentRowSchema),
  tags: z.array(z.object({ tag: z.string(), closed: z.number() })),
  csat: z.object({
    enabled: z.boolean(),
    count: z.number(),
    average: z.number().nullable(),
    /** How many ratings of 1, 2, 3, 4, 5. */
    distribution: z.array(z.number()),
  }),
  sla: z.object({
    /** Closed chats with an SLA policy. */
    total: z.number(),
    met: z.number(),
    /** met / total, null when there is none. */
    compliance: z.number().nullable(),
  }),
});
export type Report = z.infer<typeof reportSchema>;

/** `GET /api/v1/reports/sla-breaches`: closed chats whose first response missed their SLA's due time. */
export const slaBreachSchema = z.object({
  conversationId: z.string(),
  closedAt: z.string(),
  departmentId: z.string().nullable(),
  agentId: z.string().nullable(),
  slaId: z.string(),
  slaName: z.string(),
  dueSeconds: z.number(),
  /** null: nobody answered. */
  firstResponseSeconds: z.number().nullable(),
});
export const slaBreachListSchema = z.object({ items: z.array(slaBreachSchema) });
export type SlaBreach = z.infer<typeof slaBreachSchema>;

/** `GET /api/v1/reports/ratings`: the CSAT report's comments, newest first. */
export const ratingViewSchema = z.object({
  conversationId: z.string(),
  rating: z.number(),
  comment: z.string(),
  agentId: z.string().nullable(),
  departmentId: z.string().nullable(),
  createdAt: z.string(),
});
export type RatingView = z.infer<typeof ratingViewSchema>;
export const ratingListSchema = z.object({ items: z.array(ratingViewSchema) });
/** `GET /api/v1/conversations/:id/rating`. */
export const conversationRatingSchema = z.object({ rating: ratingViewSchema.nullable() });

/**
 * `GET /api/v1/widget/conversations/:id/rating`: the question to ask and the visitor's rating, if given (the
 * question is not among the widget's public settings: every page view would carry it).
 */
export const visitorRatingSchema = z.object({
  /** `livechat.csat.enabled` (not a public setting either: the widget asks here once the chat is closed). */
  enabled: z.boolean(),
  question: z.string(),
  rating: z.object({ rating: z.number(), comment: z.string() }).nullable(),
});
export type VisitorRating = z.infer<typeof visitorRatingSchema>;

/** `POST /api/v1/widget/conversations/:id/rating`: the visitor's rating of their closed conversation. */
export const ratingBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().max(2000).default(''),
});

/** An active conversation as live monitoring keeps it (one entry per queued, open or on-hold chat). */
export const liveConversationSchema = z.object({
  id: z.string(),
  status: z.enum(['queued', 'open', 'on-hold', 'closed']),
  departmentId: z.string().nullable(),
  agentId: z.string().nullable(),
  channel: z.string(),
  createdAt: z.string(),
  queuedAt: z.string().nullable(),
});
export type LiveConversation = z.infer<typeof liveConversationSchema>;

export const liveAgentSchema = z.object({
  userId: z.string(),
  name: z.string(),
  presence: z.enum(['online', 'away', 'offline']),
  availability: z.enum(['available', 'unavailable']),
  maxChats: z.number().nullable(),
  departmentIds: z.array(z.string()),
});
export type LiveAgent = z.infer<typeof liveAgentSchema>;

/**
 * `GET /api/v1/monitoring?tz=`: what live monitoring starts from; the `monitoring` WebSocket topic then
 * sends each change (`monitoring.conversation`, `monitoring.agent`), which the page applies.
 */
export const liveSnapshotSchema = z.object({
  at: z.string(),
  tz: z.string(),
  /** Local midnight of today in `tz`: a conversation created (closed) since then counts as today's. */
  todayStart: z.string(),
  startedToday: z.number(),
  closedToday: z.number(),
  conversations: z.array(liveConversationSchema),
  agents: z.array(liveAgentSchema),
  departments: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type LiveSnapshot = z.infer<typeof liveSnapshotSchema>;
export const monitoringQuery = z.strictObject({ tz: z.string().min(1).max(64).default('UTC') });
