import type { ConversationView } from '@parley/shared';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { AgentsService } from '../agents/index.js';
import type { AuditService } from '../audit/index.js';
import type { CustomFieldsService } from '../custom-fields/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersService } from '../users/index.js';
import type { VisitorsService } from '../contacts/index.js';
import type { AgentDirectory } from './agent-directory.js';
import type { ConversationsRepo } from './conversations.repo.js';
import { toConversationView, type ConversationRow } from './presenters.js';
import type { CatalogsService } from '../catalogs/index.js';
import type { MessageSearch, MessagesModule, MessagesService, Timeline } from '../messages/index.js';
import type { RoutingPolicy } from './routing-policy.js';
import type { AccessFacts } from './access.js';

/** What the conversations module needs from the rest of Parley (compose.ts gives it). */
export interface ConversationsModuleInput {
  db: Db;
  bus: EventBus;
  clock: Clock;
  settings: SettingsService;
  departments: DepartmentsService;
  visitors: VisitorsService;
  customFields: CustomFieldsService;
  users: UsersService;
  agents: AgentsService;
  audit: AuditService;
  catalogs: CatalogsService;
  routing: RoutingPolicy;
  messages: MessagesModule;
}

/** What the parts of the conversations module share: the input, and what the module builds from it. */
export interface ConversationDeps extends Omit<ConversationsModuleInput, 'messages'> {
  repo: ConversationsRepo;
  timeline: Timeline;
  directory: AgentDirectory;
  messages: MessagesService;
  search: MessageSearch;
}

/** Puts the conversation in the queue with its priority/SLA ordering. */
export async function enqueue(
  d: ConversationDeps,
  c: ConversationRow,
  departmentId: string | null,
  queuedAt: Date,
  excludedAgentId: string | null = null,
): Promise<void> {
  const o = await d.catalogs.queueOrdering(c.priority_id, c.sla_id, queuedAt);
  await d.repo.enqueue(c.id, departmentId, queuedAt, c.requested_agent_id, o, excludedAgentId);
}

export async function viewOf(d: ConversationDeps, row: ConversationRow): Promise<ConversationView> {
  return toConversationView(row, await d.directory.one(row.agent_id));
}

export async function viewsOf(d: ConversationDeps, rows: ConversationRow[]): Promise<ConversationView[]> {
  const agents = await d.directory.info(rows.map((r) => r.agent_id));
  return rows.map((r) => toConversationView(r, r.agent_id ? (agents.get(r.agent_id) ?? null) : null));
}

/** Emits the snapshot every realtime view needs (inside the transaction that made the change). */
export async function emitChanged(
  d: ConversationDeps,
  row: ConversationRow,
  previous: Pick<ConversationRow, 'agent_id' | 'status'> | null,
): Promise<void> {
  d.bus.emit('conversation.changed', {
    conversation: await viewOf(d, row),
    visitorId: row.visitor_id,
    previousAgentId: previous?.agent_id ?? null,
    previousStatus: previous?.status ?? null,
  });
}

/** What the staff access rule (access.ts) needs from this module's neighbours. */
export function accessFacts(d: ConversationDeps): AccessFacts {
  return {
    departmentsOf: (userId) => d.departments.departmentsOf(userId),
    showQueueToAllAgents: () => d.settings.get('routing.showQueueToAllAgents'),
    repo: d.repo,
  };
}
