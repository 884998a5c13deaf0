import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { AuditService } from '../audit/index.js';
import type { ConversationsService } from '../conversations/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersService } from '../users/index.js';
import { cannedResponsesRoutes } from './canned-responses.routes.js';
import { CannedResponsesService } from './canned-responses.service.js';
import { CannedRenderService } from './render.service.js';

export type { CannedResponsesService } from './canned-responses.service.js';

/**
 * Canned responses (issue 18, setting #60): global, department and personal shortcuts to texts with
 * placeholders, filled server-side for a conversation the agent may act on. Built after conversations.
 */
export function createCannedResponsesModule(d: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  settings: SettingsService;
  departments: DepartmentsService;
  users: UsersService;
  conversations: ConversationsService;
}) {
  const canned = new CannedResponsesService(d.db, d.audit, d.settings, d.departments, d.users, d.clock);
  const render = new CannedRenderService(canned, d.conversations, d.departments);
  return { canned, routes: cannedResponsesRoutes(canned, render) };
}
