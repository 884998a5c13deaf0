import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { JobRunner } from '../../kernel/jobs.js';
import type { AuditService } from '../audit/index.js';
import type { SettingsService } from '../settings/index.js';
import { businessHoursListeners } from './business-hours.listeners.js';
import { businessHoursRoutes } from './business-hours.routes.js';
import { BusinessHoursService, type AgentDepartments, type ScheduleUsers } from './business-hours.service.js';
import { HoursTransitions } from './transitions.js';

export type { AgentDepartments, BusinessHoursService, HoursSubject, ScheduleUsers } from './business-hours.service.js';
export type { HoursState } from './calendar.js';

export type BusinessHoursModule = Awaited<ReturnType<typeof createBusinessHoursModule>>;

/**
 * Business hours (issue 14, settings #43-#44, behaviour §2-3): weekly schedules in IANA zones with
 * holidays; whether a department is open now (in memory, for routing and the widget); the durable
 * open/close transitions that make routing look again. Built before departments, which refer to a
 * schedule and ask this module whether it exists; who uses a schedule is asked back through `usersOf`.
 */
export async function createBusinessHoursModule(d: {
  db: Db;
  bus: EventBus;
  jobs: JobRunner;
  clock: Clock;
  audit: AuditService;
  settings: SettingsService;
  usersOf: ScheduleUsers;
  departmentsOf: AgentDepartments;
}) {
  d.settings.declareEnforced('businessHours.enabled', 'businessHours.type');
  const transitions = new HoursTransitions(d);
  const hours = new BusinessHoursService({ ...d, transitions });
  await hours.load();
  return {
    hours,
    transitions,
    routes: businessHoursRoutes(hours),
    listeners: businessHoursListeners(hours, transitions),
  };
}
