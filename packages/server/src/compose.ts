import type { Config } from './config.js';
import type { EventBus } from './kernel/bus.js';
import type { Clock } from './kernel/clock.js';
import type { Db } from './kernel/db/db.js';
import type { RouteDef } from './kernel/http.js';
import type { JobRunner } from './kernel/jobs.js';
import type { Logger } from './kernel/logger.js';
import { Mailer } from './kernel/mailer.js';
import { AgentsService, agentsRoutes } from './modules/agents/index.js';
import { AuditService, auditRoutes } from './modules/audit/index.js';
import { AuthService, SetupService, authRoutes } from './modules/auth/index.js';
import { contactsRoutes, VisitorsService } from './modules/contacts/index.js';
import {
  AgentDirectory,
  ConversationsRepo,
  Timeline,
  createConversationsModule,
  type ConversationDeps,
  type ConversationsModule,
} from './modules/conversations/index.js';
import { CustomFieldsService, customFieldsRoutes } from './modules/custom-fields/index.js';
import { DepartmentsService, departmentsRoutes } from './modules/departments/index.js';
import { OfflineMessagesService, offlineMessagesRoutes } from './modules/offline-messages/index.js';
import { createRoutingModule, type RoutingModule } from './modules/routing/index.js';
import { SettingsService, settingsRoutes } from './modules/settings/index.js';
import { UsersService, usersRoutes } from './modules/users/index.js';
import { widgetRoutes } from './modules/widget/index.js';

export interface Kernel {
  config: Config;
  db: Db;
  bus: EventBus;
  jobs: JobRunner;
  clock: Clock;
  log: Logger;
}

export interface Modules {
  mailer: Mailer;
  audit: AuditService;
  settings: SettingsService;
  users: UsersService;
  auth: AuthService;
  setup: SetupService;
  departments: DepartmentsService;
  customFields: CustomFieldsService;
  visitors: VisitorsService;
  agents: AgentsService;
  offline: OfflineMessagesService;
  conv: ConversationsModule;
  convDeps: ConversationDeps;
  routing: RoutingModule;
  routes: RouteDef[];
}

/** Builds every module in dependency order and collects their routes. */
export async function composeModules(k: Kernel): Promise<Modules> {
  const { config, db, bus, jobs, clock, log } = k;
  const mailer = new Mailer(config.SMTP_URL, config.SMTP_FROM, log.child({ part: 'mail' }));
  const audit = new AuditService(db, clock);
  const settings = new SettingsService(db, bus, audit, clock, log);
  await settings.load();
  const users = new UsersService(db, bus, audit, clock);
  const auth = new AuthService(db, users, audit, bus, clock, log);
  const setup = new SetupService(db, users, clock, log);
  const departments = new DepartmentsService(db, bus, audit, settings, users, clock);
  const customFields = new CustomFieldsService(db, bus, audit, clock);
  const visitors = new VisitorsService(db, bus, settings, departments, customFields, clock);
  const repo = new ConversationsRepo(db);
  const agents = new AgentsService(db, bus, audit, users, departments, clock, (ids) => repo.openCounts(ids));
  const offline = new OfflineMessagesService(db, bus, jobs, mailer, settings, departments, clock);
  const convDeps: ConversationDeps = {
    db,
    bus,
    clock,
    settings,
    repo,
    timeline: new Timeline(db, bus, clock, { maxBatch: 500, maxInFlight: db.dialect === 'pglite' ? 1 : 2 }),
    directory: new AgentDirectory(users, bus),
    departments,
    visitors,
    customFields,
    users,
    agents,
    audit,
  };
  const conv = createConversationsModule(convDeps, {
    uploadDir: config.uploadDir,
    uploadMaxBytes: config.UPLOAD_MAX_BYTES,
    jobs,
    mailer,
  });

  const routing = createRoutingModule({
    db,
    bus,
    clock,
    log: log.child({ part: 'routing' }),
    settings,
    users,
    agents,
    departments,
    visitors,
    conv,
    audit,
    jobs,
    convDeps,
  });

  const routes: RouteDef[] = [
    ...authRoutes(auth, setup, users),
    ...usersRoutes(users),
    ...settingsRoutes(settings),
    ...auditRoutes(audit),
    ...departmentsRoutes(departments),
    ...customFieldsRoutes(customFields),
    ...agentsRoutes(agents),
    ...contactsRoutes(visitors),
    ...conv.routes,
    ...offlineMessagesRoutes(offline),
    ...routing.routes,
    ...widgetRoutes({
      settings,
      bus,
      visitors,
      departments,
      customFields,
      agents,
      offline,
      conv,
      convDeps,
      ratePerMinute: config.WIDGET_RATE_PER_MINUTE,
      online: (departmentId) => routing.online(departmentId),
      queuePosition: (conversationId) => routing.queuePosition(conversationId),
    }),
  ];
  return {
    mailer,
    audit,
    settings,
    users,
    auth,
    setup,
    departments,
    customFields,
    visitors,
    agents,
    offline,
    conv,
    convDeps,
    routing,
    routes,
  };
}
