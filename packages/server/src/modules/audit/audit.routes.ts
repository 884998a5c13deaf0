import { auditListQuery } from '@parley/shared';
import { route, type RouteDef } from '../../kernel/http.js';
import type { AuditService } from './audit.service.js';

export function auditRoutes(audit: AuditService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/audit/actions',
      summary: 'The actions found in the audit log (for filtering)',
      tags: ['audit'],
      access: { roles: ['admin'] },
      handler: async () => ({ items: await audit.actions() }),
    }),
    route({
      method: 'GET',
      path: '/api/v1/audit',
      summary: 'Read the audit log, newest first (page with `before`)',
      tags: ['audit'],
      access: { roles: ['admin'] },
      query: auditListQuery,
      handler: async ({ query }) => {
        const items = await audit.list(query);
        return { items, nextBefore: items.length === query.limit ? items[items.length - 1]!.id : null };
      },
    }),
  ];
}
