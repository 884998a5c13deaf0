import type { StaffRole } from '@parley/shared';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { PageProps } from '../lib/router';
import { InboxCount } from '../pages/offline-messages/InboxCount';
import { ConversationsCount } from '../workspace/AttentionCount';
// The pure matcher only: the route table is read without a browser too (its tests).
import { matchPath } from '../lib/router/match';

/** Navigation sections, in display order. */
export const navSections = ['Workspace', 'Administration', 'Account'] as const;
export type NavSection = (typeof navSections)[number];

export interface AppRoute {
  path: string;
  /** The document title (pages with a more specific title set their own). */
  title: string;
  /** Who may open it; undefined = every signed-in staff user. Also decides what the navigation shows. */
  roles?: readonly StaffRole[];
  /** `count`: shown after the label (e.g. the offline inbox's open items). */
  nav?: { section: NavSection; label: string; count?: ComponentType };
  /** `wide`: the page uses the whole window beside the navigation (the workspace). */
  layout?: 'wide';
  /** Routes of one group keep one page mounted while moving between them (the workspace keeps its lists). */
  group?: string;
  /** Omnichannel work (chats, their queue, inbox and shortcuts): hidden while `omnichannel.enabled` is off. */
  omnichannel?: true;
  page: LazyExoticComponent<ComponentType<PageProps>>;
}

const admin = ['admin'] as const;
const adminOrManager = ['admin', 'manager'] as const;
const workers = ['agent', 'admin', 'manager'] as const;
const staff = ['agent', 'admin', 'manager', 'monitor'] as const;
const supervisors = ['admin', 'manager', 'monitor'] as const;

const workspacePage = lazy(() =>
  import('../pages/workspace/WorkspacePage').then((m) => ({ default: m.WorkspacePage })),
);
const offlineInboxPage = lazy(() =>
  import('../pages/offline-messages/OfflineInboxPage').then((m) => ({ default: m.OfflineInboxPage })),
);
const departmentPage = lazy(() =>
  import('../pages/departments/DepartmentPage').then((m) => ({ default: m.DepartmentPage })),
);

/**
 * Every signed-in page. A new feature adds its page file and one entry here; the navigation and the
 * role checks follow. Each page is its own chunk, loaded when first opened.
 */
export const routes: AppRoute[] = [
  {
    path: '/workspace',
    omnichannel: true,
    title: 'Workspace',
    roles: workers,
    nav: { section: 'Workspace', label: 'Conversations', count: ConversationsCount },
    layout: 'wide',
    group: 'workspace',
    page: workspacePage,
  },
  {
    path: '/workspace/:id',
    omnichannel: true,
    title: 'Conversation',
    roles: workers,
    layout: 'wide',
    group: 'workspace',
    page: workspacePage,
  },
  {
    path: '/conversations',
    title: 'Conversation history',
    roles: staff,
    nav: { section: 'Workspace', label: 'History' },
    page: lazy(() => import('../pages/history/HistoryPage').then((m) => ({ default: m.HistoryPage }))),
  },
  {
    path: '/contacts',
    title: 'Contacts',
    roles: staff,
    nav: { section: 'Workspace', label: 'Contacts' },
    page: lazy(() => import('../pages/contacts/ContactsPage').then((m) => ({ default: m.ContactsPage }))),
  },
  {
    path: '/calls',
    title: 'Calls',
    roles: staff,
    page: lazy(() => import('../pages/calls/CallsPage').then((m) => ({ default: m.CallsPage }))),
  },
  {
    path: '/contacts/:id',
    title: 'Contact',
    roles: staff,
    page: lazy(() => import('../pages/contacts/ContactPage').then((m) => ({ default: m.ContactPage }))),
  },
  {
    path: '/conversations/:id',
    title: 'Conversation',
    roles: staff,
    layout: 'wide',
    page: lazy(() => import('../pages/history/TranscriptPage').then((m) => ({ default: m.TranscriptPage }))),
  },
  {
    path: '/offline-inbox',
    omnichannel: true,
    title: 'Offline messages',
    roles: staff,
    nav: { section: 'Workspace', label: 'Offline inbox', count: InboxCount },
    page: offlineInboxPage,
  },
  { path: '/offline-inbox/:id', title: 'Offline message', roles: staff, page: offlineInboxPage },
  {
    path: '/canned-responses',
    omnichannel: true,
    title: 'Canned responses',
    roles: workers,
    nav: { section: 'Workspace', label: 'Canned responses' },
    page: lazy(() =>
      import('../pages/canned-responses/CannedResponsesPage').then((m) => ({ default: m.CannedResponsesPage })),
    ),
  },
  {
    path: '/reports',
    title: 'Reports',
    roles: staff,
    nav: { section: 'Workspace', label: 'Reports' },
    page: lazy(() => import('../pages/reports/ReportsPage').then((m) => ({ default: m.ReportsPage }))),
  },
  {
    path: '/monitoring',
    omnichannel: true,
    title: 'Live monitoring',
    roles: supervisors,
    nav: { section: 'Workspace', label: 'Live monitoring' },
    page: lazy(() => import('../pages/reports/MonitoringPage').then((m) => ({ default: m.MonitoringPage }))),
  },
  {
    path: '/admin/settings',
    title: 'Settings',
    roles: adminOrManager,
    nav: { section: 'Administration', label: 'Settings' },
    page: lazy(() => import('../pages/settings/SettingsPage').then((m) => ({ default: m.SettingsPage }))),
  },
  {
    path: '/admin/users',
    title: 'Users',
    roles: admin,
    nav: { section: 'Administration', label: 'Users' },
    page: lazy(() => import('../pages/users/UsersPage').then((m) => ({ default: m.UsersPage }))),
  },
  {
    path: '/admin/users/new',
    title: 'New user',
    roles: admin,
    page: lazy(() => import('../pages/users/UserCreatePage').then((m) => ({ default: m.UserCreatePage }))),
  },
  {
    path: '/admin/users/invite',
    title: 'Invite a user',
    roles: admin,
    page: lazy(() => import('../pages/users/InviteUserPage').then((m) => ({ default: m.InviteUserPage }))),
  },
  {
    path: '/admin/users/:id',
    title: 'Edit user',
    roles: admin,
    page: lazy(() => import('../pages/users/UserEditPage').then((m) => ({ default: m.UserEditPage }))),
  },
  {
    path: '/admin/departments',
    title: 'Departments',
    roles: adminOrManager,
    nav: { section: 'Administration', label: 'Departments' },
    page: lazy(() => import('../pages/departments/DepartmentsPage').then((m) => ({ default: m.DepartmentsPage }))),
  },
  { path: '/admin/departments/new', title: 'New department', roles: adminOrManager, page: departmentPage },
  { path: '/admin/departments/:id', title: 'Edit department', roles: adminOrManager, page: departmentPage },
  {
    path: '/admin/agents',
    title: 'Agents',
    roles: adminOrManager,
    nav: { section: 'Administration', label: 'Agents' },
    page: lazy(() => import('../pages/agents/AgentsPage').then((m) => ({ default: m.AgentsPage }))),
  },
  {
    path: '/admin/custom-fields',
    title: 'Custom fields',
    roles: adminOrManager,
    nav: { section: 'Administration', label: 'Custom fields' },
    page: lazy(() => import('../pages/custom-fields/CustomFieldsPage').then((m) => ({ default: m.CustomFieldsPage }))),
  },
  {
    path: '/admin/priorities',
    title: 'Priorities and SLA policies',
    roles: adminOrManager,
    nav: { section: 'Administration', label: 'Priorities and SLA' },
    page: lazy(() => import('../pages/priorities/PrioritiesPage').then((m) => ({ default: m.PrioritiesPage }))),
  },
  {
    path: '/admin/business-hours',
    title: 'Business hours',
    roles: adminOrManager,
    nav: { section: 'Administration', label: 'Business hours' },
    page: lazy(() =>
      import('../pages/business-hours/BusinessHoursPage').then((m) => ({ default: m.BusinessHoursPage })),
    ),
  },
  {
    path: '/admin/offline-messages',
    title: 'Offline messages',
    roles: adminOrManager,
    nav: { section: 'Administration', label: 'Offline messages' },
    page: lazy(() =>
      import('../pages/offline-messages/OfflineMessagesPage').then((m) => ({ default: m.OfflineMessagesPage })),
    ),
  },
  {
    path: '/admin/widget',
    title: 'Widget installation',
    roles: adminOrManager,
    nav: { section: 'Administration', label: 'Widget installation' },
    page: lazy(() => import('../pages/widget/WidgetPage').then((m) => ({ default: m.WidgetPage }))),
  },
  {
    path: '/admin/channels',
    title: 'Channels',
    roles: admin,
    nav: { section: 'Administration', label: 'Channels' },
    page: lazy(() => import('../pages/channels/ChannelsPage').then((m) => ({ default: m.ChannelsPage }))),
  },
  {
    path: '/admin/webhooks',
    title: 'Webhooks',
    roles: admin,
    nav: { section: 'Administration', label: 'Webhooks' },
    page: lazy(() => import('../pages/webhooks/WebhooksPage').then((m) => ({ default: m.WebhooksPage }))),
  },
  {
    path: '/admin/audit',
    title: 'Audit log',
    roles: admin,
    nav: { section: 'Administration', label: 'Audit log' },
    page: lazy(() => import('../pages/audit/AuditPage').then((m) => ({ default: m.AuditPage }))),
  },
  {
    path: '/account',
    title: 'My account',
    nav: { section: 'Account', label: 'My account' },
    page: lazy(() => import('../pages/account/AccountPage').then((m) => ({ default: m.AccountPage }))),
  },
];

/** The route for a path; fixed segments win over parameters (`/admin/users/new` before `:id`). */
export function findRoute(pathname: string): { route: AppRoute; params: Record<string, string> } | undefined {
  const normalized = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  let best: { route: AppRoute; params: Record<string, string> } | undefined;
  for (const route of routes) {
    const params = matchPath(route.path, normalized);
    if (params && (!best || Object.keys(params).length < Object.keys(best.params).length)) best = { route, params };
  }
  return best;
}

/** Start pages by role, in order: agents start at work, admins and managers in the console. */
const startPages: Array<{ roles: readonly StaffRole[]; path: string }> = [
  { roles: ['agent'], path: '/workspace' },
  { roles: ['admin', 'manager'], path: '/admin/settings' },
];

/** Where "/" takes a user: their role's start page, else the first page the navigation offers them. */
export function homePath(roles: readonly StaffRole[]): string {
  const start = startPages.find((s) => s.roles.some((r) => roles.includes(r)));
  if (start) return start.path;
  const first = routes.find((r) => r.nav && (!r.roles || r.roles.some((x) => roles.includes(x))));
  return first?.path ?? '/account';
}
