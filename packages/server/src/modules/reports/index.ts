import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { JobRunner } from '../../kernel/jobs.js';
import type { AgentsService } from '../agents/index.js';
import type { CatalogsService } from '../catalogs/index.js';
import type { ConversationsService } from '../conversations/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersService } from '../users/index.js';
import { PendingRollups } from './pending.js';
import { RatingsService } from './ratings.service.js';
import { rebuildRollups } from './rebuild.js';
import { ReportsRecorder } from './recorder.js';
import { reportsListeners } from './reports.listeners.js';
import { reportsRoutes } from './reports.routes.js';
import { ReportsService } from './reports.service.js';

export type { ReportsService, RatingsService, ReportsRecorder };

/**
 * Reports, live monitoring and CSAT (issue 21, docs/reports.md): rollups per hour × department × agent ×
 * channel, each change's share recorded by in-transaction listeners and folded in by one writer
 * (pending.ts), the reports read from them, the live snapshot the `monitoring` WebSocket topic continues,
 * the visitors' ratings. Built after conversations and catalogs.
 */
export function createReportsModule(d: {
  db: Db;
  jobs: JobRunner;
  clock: Clock;
  settings: SettingsService;
  users: UsersService;
  departments: DepartmentsService;
  agents: AgentsService;
  catalogs: CatalogsService;
  conversations: ConversationsService;
  ratePerMinute: number;
  /** False only in the reports benchmark's "off" arm (REPORTS_ROLLUPS=false). */
  rollups?: boolean;
}) {
  const pending = new PendingRollups(d);
  const recorder = new ReportsRecorder(d.db, d.catalogs, d.conversations, pending);
  recorder.enabled = d.rollups ?? true;
  const reports = new ReportsService(
    d.db,
    d.clock,
    d.settings,
    d.users,
    d.departments,
    d.agents,
    d.conversations,
    pending,
  );
  const ratings = new RatingsService(d.db, d.clock, d.settings, d.conversations, recorder);
  return {
    reports,
    ratings,
    recorder,
    routes: reportsRoutes(reports, ratings, { ratePerMinute: d.ratePerMinute }),
    listeners: reportsListeners(recorder),
    /** Books the recurring fold of the pending changes (once per cluster). */
    start: () => pending.start(),
    /** Folds every pending change into the rollups now (the reports do before they read). */
    fold: () => pending.foldAll(),
    /** Deletes the rollups and builds them again from history. */
    rebuild: (opts?: { pageSize?: number; onProgress?: (done: number) => void }) =>
      rebuildRollups(d.db, d.conversations, d.catalogs, opts),
  };
}
export type ReportsModule = ReturnType<typeof createReportsModule>;
