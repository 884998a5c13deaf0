import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { PhoneContacts, VisitorsService } from '../contacts/index.js';
import type { ConversationsService } from '../conversations/index.js';
import type { MessagesModule } from '../messages/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersService } from '../users/index.js';
import { CallLog } from './call-log.service.js';
import { callsListeners } from './calls.listeners.js';
import { callsRoutes } from './calls.routes.js';
import { CallsService } from './calls.service.js';
import './calls.tables.js';

export type { CallsService } from './calls.service.js';
export type { CallLog } from './call-log.service.js';

export type CallsModule = ReturnType<typeof createCallsModule>;

/**
 * Calls (issue 17): video and audio call links in conversations (Jitsi, settings calls.*), call records
 * with wrap-up notes, the phone system's reports, and the Calls tab's list. Built after conversations.
 */
export function createCallsModule(d: {
  db: Db;
  bus: EventBus;
  clock: Clock;
  settings: SettingsService;
  users: UsersService;
  conversations: ConversationsService;
  messages: MessagesModule;
  visitors: VisitorsService;
  phones: PhoneContacts;
  ratePerMinute: number;
}) {
  const calls = new CallsService(d);
  const log = new CallLog(d, calls);
  return { calls, log, routes: callsRoutes(calls, log, d.ratePerMinute), listeners: callsListeners(calls) };
}
