import type { Config } from './config.js';
import type { EventBus } from './kernel/bus.js';
import type { Clock } from './kernel/clock.js';
import type { Db } from './kernel/db/db.js';
import type { RouteDef } from './kernel/http.js';
import type { JobRunner } from './kernel/jobs.js';
import { registerListeners } from './kernel/listeners.js';
import type { Logger } from './kernel/logger.js';
import { Mailer } from './kernel/mailer.js';
import { createEmailModule, smtpTarget } from './modules/email/index.js';
import { OutboundHttp } from './kernel/outbound-http.js';
import { AgentsService, agentsRoutes } from './modules/agents/index.js';
import { AuditService, auditRoutes } from './modules/audit/index.js';
import {
  AuthService,
  InvitationsService,
  SetupService,
  authListeners,
  authRoutes,
  invitationRoutes,
} from './modules/auth/index.js';
import { createOnboardingModule } from './modules/onboarding/index.js';
import { createCannedResponsesModule, type CannedResponsesService } from './modules/canned-responses/index.js';
import { createCallsModule, type CallsModule } from './modules/calls/index.js';
import { createChannelsModule, type ChannelsModule } from './modules/channels/index.js';
import { createEmailChannelModule, type EmailChannelModule } from './modules/email-channel/index.js';
import { createBusinessHoursModule, type BusinessHoursService } from './modules/business-hours/index.js';
import {
  ChannelBlocks,
  ChannelIdentities,
  contactCenterRoutes,
  ContactMerge,
  ContactPrivacy,
  ContactsService,
  contactsListeners,
  contactsRoutes,
  PhoneContacts,
  VerificationService,
  verificationStaffRoutes,
  VisitorsService,
} from './modules/contacts/index.js';
import { createCatalogsModule, type CatalogsService } from './modules/catalogs/index.js';
import {
  conversationCounters,
  createConversationsModule,
  type ConversationsModule,
} from './modules/conversations/index.js';
import { createMessagesModule, toMessageView, type MessagesModule } from './modules/messages/index.js';
import { CustomFieldsService, customFieldsListeners, customFieldsRoutes } from './modules/custom-fields/index.js';
import { DepartmentsService, departmentsListeners, departmentsRoutes } from './modules/departments/index.js';
import {
  OfflineMessagesService,
  offlineMessagesListeners,
  offlineMessagesRoutes,
} from './modules/offline-messages/index.js';
import { createReportsModule, type ReportsModule } from './modules/reports/index.js';
import { createRoutingModule, Staffing, type RoutingModule } from './modules/routing/index.js';
import { createSessionsModule, type SessionsModule } from './modules/sessions/index.js';
import { SettingsService, settingsListeners, settingsRoutes } from './modules/settings/index.js';
import { PreferencesService, preferencesRoutes, UsersService, usersRoutes } from './modules/users/index.js';
import { createWebhooksModule, type WebhookSources, type WebhooksModule } from './modules/webhooks/index.js';
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
  businessHours: BusinessHoursService;
  departments: DepartmentsService;
  customFields: CustomFieldsService;
  visitors: VisitorsService;
  verification: VerificationService;
  contacts: ContactsService;
  blocks: ChannelBlocks;
  agents: AgentsService;
  offline: OfflineMessagesService;
  catalogs: CatalogsService;
  messages: MessagesModule;
  conv: ConversationsModule;
  routing: RoutingModule;
  sessions: SessionsModule;
  canned: CannedResponsesService;
  webhooks: WebhooksModule;
  calls: CallsModule;
  reports: ReportsModule;
  channels: ChannelsModule;
  emailChannel: EmailChannelModule;
  routes: RouteDef[];
}

/** Builds every module in dependency order and collects their routes. */
export async function composeModules(k: Kernel): Promise<Modules> {
  const { config, db, bus, jobs, clock, log } = k;
  const outbound = new OutboundHttp({ allowPrivate: config.OUTBOUND_ALLOW_PRIVATE });
  const audit = new AuditService(db, clock);
  const settings = new SettingsService(db, bus, audit, clock, log);
  await settings.load();
  const mailer = new Mailer(smtpTarget(config, settings), log.child({ part: 'mail' }));
  const email = createEmailModule({ mailer, jobs, audit, settings });
  const users = new UsersService(db, bus, audit, clock);
  const auth = new AuthService(db, users, audit, bus, clock, log);
  const setup = new SetupService(db, users, clock, log);
  // Business hours come before departments (which refer to a schedule); who uses a schedule is asked back.
  const businessHours = await createBusinessHoursModule({
    db,
    bus,
    jobs,
    clock,
    audit,
    settings,
    usersOf: (scheduleId) => departments.namesUsingSchedule(scheduleId),
    departmentsOf: async (userId) => {
      const ids = await departments.departmentsOf(userId);
      return (await departments.list()).filter((d) => ids.includes(d.id));
    },
  });
  const hours = businessHours.hours;
  const departments = new DepartmentsService(db, bus, audit, settings, users, clock, hours);
  const customFields = new CustomFieldsService(db, bus, audit, clock);
  const visitors = new VisitorsService(db, bus, settings, departments, customFields, clock);
  const contacts = new ContactsService(db, audit, customFields, users, clock);
  const blocks = new ChannelBlocks(db, audit, clock);
  // Merging and GDPR (issue 16 items 9, 11): the other modules' data reached through their faces, once built.
  const merge = new ContactMerge(db, audit, customFields, users, contacts, clock, () => ({
    moveContact: async (from, to) => {
      await built.calls!.calls.moveContact(from, to);
      return built.conv!.conversations.moveContact(from, to);
    },
  }));
  const privacy = new ContactPrivacy(db, audit, contacts, clock, () => ({
    conversationsPage: (contactId, afterId, limit) => built.conv!.conversations.exportPage(contactId, afterId, limit),
    messagesPage: (conversationId, afterSeq, limit) =>
      messages.messages.history(conversationId, { after: afterSeq, limit }),
    files: async (conversationId) =>
      (await messages.uploads.listOf(conversationId)).map((f) => ({
        ...f,
        download: `/api/v1/conversations/${conversationId}/files/${f.id}`,
      })),
    offlineMessages: (visitorIds, emails) => offline.ofPerson(visitorIds, emails),
    calls: (contactId) => built.calls!.calls.ofContact(contactId),
    erase: async ({ contactId, visitorIds, emails, pattern }) => {
      const ids = await built.conv!.conversations.eraseContact(contactId, pattern);
      await messages.messages.eraseVisitorContent(ids, pattern);
      await messages.transcripts.forget(ids);
      await built.calls!.calls.eraseContact(contactId, pattern);
      const files = await messages.uploads.removeAllOf(ids);
      await offline.forgetPerson(visitorIds, emails);
      await built.webhooks!.service.forget(ids, emails);
      await built.emailChannel!.email.forget(ids);
      return { conversations: ids.length, files };
    },
  }));
  // Agents' load is their open conversations: asked of the conversations module once it exists.
  const built: {
    conv?: ConversationsModule;
    webhooks?: WebhooksModule;
    calls?: CallsModule;
    emailChannel?: EmailChannelModule;
  } = {};
  const openChats = (ids: string[]) => built.conv!.conversations.openCounts(ids);
  const agents = new AgentsService(db, bus, audit, users, departments, clock, openChats);
  const offline = new OfflineMessagesService(db, bus, jobs, mailer, settings, departments, clock, users);
  const catalogs = createCatalogsModule({ db, audit, clock });
  const messages = createMessagesModule({
    db,
    bus,
    clock,
    settings,
    visitors,
    jobs,
    mailer,
    counters: conversationCounters(db),
    // Notes and mentions follow the conversations' read rule (asked of the module once it exists).
    noteAccess: {
      assertMayRead: async (actor, id) => void (await built.conv!.conversations.forStaff(actor, id)),
      readers: async (id, usernames) => {
        const staff = (await users.withAnyRole(['admin', 'manager', 'agent', 'monitor'])).filter(
          (u) => !usernames || usernames.includes(u.username.toLowerCase()),
        );
        const may = await Promise.all(
          staff.map((u) =>
            built
              .conv!.conversations.forStaff(
                { kind: 'staff', userId: u.id, roles: u.roles, name: u.name, email: u.email, via: 'session' },
                id,
              )
              .then(
                () => true,
                () => false,
              ),
          ),
        );
        return staff.filter((_, i) => may[i]);
      },
    },
    uploadDir: config.uploadDir,
    uploadMaxBytes: config.UPLOAD_MAX_BYTES,
  });
  // Who can take a chat now: the routing policy conversations declare (start department, fallbacks).
  const staffing = new Staffing({ clock, settings, users, agents, departments, openChats, hours });
  const conv = (built.conv = createConversationsModule({
    db,
    bus,
    clock,
    settings,
    departments,
    visitors,
    customFields,
    users,
    agents,
    audit,
    catalogs: catalogs.catalogs,
    routing: staffing,
    messages,
  }));
  // Identity verification (issue 16 items 7-8): conversations follow a channel that joins a contact.
  const verification = new VerificationService(db, bus, settings, mailer, clock, visitors, () => ({
    moveVisitorToContact: (visitorId, contactId) => conv.conversations.moveVisitorToContact(visitorId, contactId),
    announce: (visitorId, what, data) => conv.conversations.announceVerification(visitorId, what, data),
  }));
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
    jobs,
    staffing,
    hours,
    outbound,
  });
  const sessions = createSessionsModule({
    db,
    jobs,
    clock,
    settings,
    conv,
    agents,
    queueTimeout: { dueAt: (conversationId) => routing.queueTimeoutAt(conversationId) },
  });
  const canned = createCannedResponsesModule({
    db,
    clock,
    audit,
    settings,
    departments,
    users,
    conversations: conv.conversations,
  });

  // Calls (issue 17): links in conversations, the phone system's reports, the Calls tab.
  const calls = (built.calls = createCallsModule({
    db,
    bus,
    clock,
    settings,
    users,
    conversations: conv.conversations,
    messages,
    visitors,
    phones: new PhoneContacts(db, clock),
    ratePerMinute: config.WIDGET_RATE_PER_MINUTE,
  }));

  // Channels (issue 22): the widget, email and API channels as objects; inbound for the non-widget ones.
  const channels = createChannelsModule({
    db,
    bus,
    clock,
    jobs,
    log: log.child({ part: 'channels' }),
    audit,
    outbound,
    departments,
    identities: new ChannelIdentities(db, bus, clock),
    visitors,
    conv,
    messages,
    publicUrl: config.publicUrl,
    ratePerMinute: config.WIDGET_RATE_PER_MINUTE,
  });
  // The email channel (issue 22 item 2): IMAP in, SMTP out; joins the channels module as the `email` type.
  const emailChannel = (built.emailChannel = createEmailChannelModule({
    db,
    clock,
    jobs,
    log: log.child({ part: 'email-channel' }),
    settings,
    channels: channels.channels,
    inbound: channels.inbound,
    uploads: messages.uploads,
    mayRead: async (actor, id) => void (await conv.conversations.forStaff(actor, id)),
  }));

  const webhooks = (built.webhooks = await createWebhooksModule({
    db,
    bus,
    jobs,
    clock,
    log: log.child({ part: 'webhooks' }),
    settings,
    audit,
    outbound,
    publicUrl: config.publicUrl,
    sources: webhookSources({ conv, visitors, users, messages, calls: calls.calls }),
  }));

  // Reports (issue 21): each conversation change's share recorded in its transaction, folded into the rollups.
  const reports = createReportsModule({
    db,
    jobs,
    clock,
    settings,
    users,
    departments,
    agents,
    catalogs: catalogs.catalogs,
    conversations: conv.conversations,
    ratePerMinute: config.WIDGET_RATE_PER_MINUTE,
    rollups: config.REPORTS_ROLLUPS,
  });

  const preferences = new PreferencesService(db, clock);
  // Invitations (issue 19 item 3): auth keeps the links; the departments module places an invited agent.
  const invitations = new InvitationsService({
    db,
    users,
    audit,
    mailer,
    clock,
    publicUrl: config.publicUrl,
    joinDepartments: async (userId, departmentIds, actor) => {
      for (const [i, id] of departmentIds.entries()) {
        const d = await departments.usable(id, `body.departmentIds.${i}`);
        await departments.setAgents(id, [...d.agents.map((a) => a.userId), userId], actor);
      }
    },
  });
  const onboarding = createOnboardingModule({
    agents: () => users.withAnyRole(['agent']),
    departmentCount: async () => (await departments.list()).length,
    emailConfigured: () => mailer.configured,
    widgetSeenOutside: () => visitors.pageViewedOutside(new URL(config.publicUrl).origin),
    anyConversationClosed: () => conv.conversations.anyClosed(),
    dismissed: (userId) => preferences.onboardingDismissed(userId),
    setDismissed: (userId, dismissed) => preferences.setOnboardingDismissed(userId, dismissed),
  });

  const moduleRoutes: RouteDef[] = [
    ...authRoutes(auth, setup, users),
    ...invitationRoutes(invitations, auth),
    ...onboarding.routes,
    ...usersRoutes(users),
    ...preferencesRoutes(preferences),
    ...settingsRoutes(settings),
    ...email.routes,
    ...auditRoutes(audit),
    ...businessHours.routes,
    ...departmentsRoutes(departments),
    ...customFieldsRoutes(customFields),
    ...agentsRoutes(agents),
    ...contactsRoutes(visitors),
    ...verificationStaffRoutes(
      verification,
      async (actor, id) => (await conv.conversations.forStaff(actor, id)).visitor_id,
    ),
    ...contactCenterRoutes({
      contacts,
      blocks,
      merge,
      privacy,
      history: async (actor, contactId, limit) => (await conv.conversations.list(actor, { contactId, limit })).items,
    }),
    ...conv.routes,
    ...messages.routes,
    ...offlineMessagesRoutes(offline),
    ...catalogs.routes,
    ...sessions.routes,
    ...canned.routes,
    ...webhooks.routes,
    ...reports.routes,
    ...calls.routes,
    ...channels.routes,
    ...emailChannel.routes,
  ];
  // Visitor routes of other modules (call links, ratings) are held to the widget's rules like its own:
  // allowed domains and the signed identity, applied in one place so no route can forget them.
  const onWidgetPath = (r: RouteDef) => r.path.startsWith('/api/v1/widget/');
  const routes: RouteDef[] = [
    ...moduleRoutes.filter((r) => !onWidgetPath(r)),
    ...widgetRoutes(
      {
        settings,
        bus,
        visitors,
        blocks,
        departments,
        customFields,
        agents,
        offline,
        conv,
        messages,
        ratePerMinute: config.WIDGET_RATE_PER_MINUTE,
        online: (departmentId) => routing.online(departmentId),
        nextOpening: async (departmentId) =>
          hours.nextOpening(departmentId ? await departments.find(departmentId) : undefined),
        queuePosition: (conversationId) => routing.queuePosition(conversationId),
        emailEnabled: () => mailer.configured,
        verification,
      },
      moduleRoutes.filter(onWidgetPath),
    ),
  ];

  // ── listeners: every module's reactions to events, registered here and nowhere else ──────────────
  // Within an event, listeners run in the order registered: a cache is forgotten before what reads it.
  // (The realtime gateway registers its own list after these, in app.ts.)
  // -- settings, accounts and catalogs: caches first, then what happens once --
  registerListeners(bus, settingsListeners(settings));
  registerListeners(bus, authListeners(auth));
  registerListeners(bus, businessHours.listeners);
  registerListeners(bus, departmentsListeners(departments));
  registerListeners(bus, customFieldsListeners(customFields));
  registerListeners(bus, contactsListeners(visitors));
  registerListeners(bus, offlineMessagesListeners(offline));
  // -- end of settings, accounts and catalogs --
  // -- conversations, their messages, routing --
  registerListeners(bus, conv.listeners);
  registerListeners(bus, messages.listeners);
  registerListeners(bus, routing.listeners);
  registerListeners(bus, sessions.listeners);
  registerListeners(bus, calls.listeners);
  registerListeners(bus, channels.listeners);
  registerListeners(bus, emailChannel.listeners);
  // -- what leaves Parley: webhooks (in-transaction, after the modules above wrote their rows) --
  registerListeners(bus, webhooks.listeners);
  // -- the reports' rollups (in-transaction) --
  registerListeners(bus, reports.listeners);

  return {
    mailer,
    audit,
    settings,
    users,
    auth,
    setup,
    businessHours: hours,
    departments,
    customFields,
    visitors,
    verification,
    contacts,
    blocks,
    agents,
    offline,
    catalogs: catalogs.catalogs,
    messages,
    conv,
    routing,
    sessions,
    canned: canned.canned,
    webhooks,
    reports,
    calls,
    channels,
    emailChannel,
    routes,
  };
}

/** What webhook bodies read of conversations, visitors, staff and messages, through those modules' faces. */
function webhookSources(m: {
  conv: ConversationsModule;
  visitors: VisitorsService;
  users: UsersService;
  messages: MessagesModule;
  calls: CallsModule['calls'];
}): WebhookSources {
  return {
    call: (callId) => m.calls.view(callId),
    async conversation(id) {
      const c = await m.conv.conversations.peek(id);
      if (!c) return undefined;
      return {
        id: c.id,
        visitorId: c.visitor_id,
        departmentId: c.department_id,
        agentId: c.agent_id,
        topic: c.topic,
        tags: c.tags,
        customFields: c.custom_fields,
        createdAt: c.created_at,
        lastMessageAt: c.last_message_at,
        assignedAt: c.assigned_at,
        closedAt: c.closed_at,
        closedByType: c.closed_by_type,
        closedById: c.closed_by_id,
      };
    },
    async visitor(visitorId) {
      const { visitor: v, emails, phones } = await m.visitors.withContact(visitorId);
      const uniq = (xs: Array<string | null>) => [...new Set(xs.filter((x): x is string => !!x))];
      return {
        id: v.id,
        username: v.username,
        name: v.name,
        departmentId: v.department_id,
        ip: v.ip,
        userAgent: v.user_agent,
        customFields: v.custom_fields,
        emails: uniq([v.email, ...emails]),
        phones: uniq([v.phone, ...phones]),
      };
    },
    async staff(userIds) {
      const users = await m.users.byIds(userIds);
      return users.map((u) => ({ id: u.id, username: u.username, name: u.name, email: u.email }));
    },
    async messages(conversationId, limit) {
      const rows = await m.messages.messages.history(conversationId, { limit });
      return rows.map(toMessageView);
    },
  };
}
