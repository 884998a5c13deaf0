import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { AuditService } from '../audit/index.js';
import { catalogsRoutes } from './catalogs.routes.js';
import { CatalogsService } from './catalogs.service.js';

export type { CatalogsService, PriorityView, SlaView } from './catalogs.service.js';

/**
 * Priorities and SLA policies: the catalogs a conversation refers to, which order the queue
 * (`queue.sorting`). Conversations and routing both read them; neither owns them.
 */
export function createCatalogsModule(d: { db: Db; audit: AuditService; clock: Clock }) {
  const catalogs = new CatalogsService(d.db, d.audit, d.clock);
  return { catalogs, routes: catalogsRoutes(catalogs) };
}
