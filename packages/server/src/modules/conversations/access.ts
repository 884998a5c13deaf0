import type { StaffActor, VisitorActor } from '../../kernel/http.js';
import { fail } from '../../kernel/errors.js';
import type { ConversationsRepo } from './conversations.repo.js';
import type { ConversationRow } from './presenters.js';

/**
 * The one rule for who on the staff reaches which conversation (docs/security.md, "Conversations"):
 * - admins and managers reach every conversation and may act on it;
 * - monitors read every conversation and never write;
 * - agents and bots read the conversations of their departments, the queue (of their departments, or all
 *   of it when `routing.showQueueToAllAgents`; a queued chat without a department is everyone's), those
 *   assigned to them and those they served before; they take queued chats of their departments (or
 *   without one) and act only on the chats assigned to them.
 * Every conversation route, the conversation list, the queue and every WebSocket subscription ask here.
 */
export type StaffAction = 'read' | 'act' | 'take';

/** What the rule needs to know besides the conversation. */
export interface AccessFacts {
  departmentsOf(userId: string): Promise<string[]>;
  showQueueToAllAgents(): boolean;
  repo: Pick<ConversationsRepo, 'servedBy'>;
}

/** Who may see the conversation list: everything, or an agent's scope (turned into SQL by the repo). */
export type ListScope = { all: true } | { all: false; userId: string; departmentIds: string[]; wholeQueue: boolean };

const isManager = (actor: StaffActor) => actor.roles.some((r) => r === 'admin' || r === 'manager');
const isMonitor = (actor: StaffActor) => actor.roles.includes('monitor');

/** Admins, managers and monitors see every conversation. */
export function isSupervisor(actor: StaffActor): boolean {
  return isManager(actor) || isMonitor(actor);
}

async function mayRead(actor: StaffActor, c: ConversationRow, f: AccessFacts): Promise<boolean> {
  if (isSupervisor(actor) || c.agent_id === actor.userId) return true;
  if (c.status === 'queued' && (c.department_id === null || f.showQueueToAllAgents())) return true;
  if (c.department_id !== null && (await f.departmentsOf(actor.userId)).includes(c.department_id)) return true;
  return f.repo.servedBy(c.id, actor.userId);
}

/**
 * Throws unless the actor may do `action` on the conversation. What the actor may not read looks like it
 * does not exist (404), so ids cannot be probed; what they read but may not change answers 403.
 */
export async function assertStaffMay(
  actor: StaffActor,
  c: ConversationRow,
  action: StaffAction,
  f: AccessFacts,
): Promise<void> {
  if (!(await mayRead(actor, c, f))) fail('conversation.not-found', undefined, 'params.id');
  if (action === 'read') return;
  if (action === 'act') {
    if (c.agent_id === actor.userId || isManager(actor)) return;
    fail('conversation.not-assigned-to-you');
  }
  // take: a queued chat of one of the agent's departments, or of none (behaviour §2: department member).
  if (!actor.roles.some((r) => r === 'agent' || r === 'bot')) fail('auth.forbidden');
  if (c.department_id !== null && !(await f.departmentsOf(actor.userId)).includes(c.department_id))
    fail('conversation.not-in-your-department');
}

/** May the actor see a queued conversation of this department in their queue (the read rule, queued)? */
export async function mayWatchQueued(actor: StaffActor, departmentId: string | null, f: AccessFacts): Promise<boolean> {
  if (isSupervisor(actor) || departmentId === null || f.showQueueToAllAgents()) return true;
  return (await f.departmentsOf(actor.userId)).includes(departmentId);
}

/** The conversation-list scope of an actor (the same rule as assertStaffMay's read). */
export async function listScope(actor: StaffActor, f: AccessFacts): Promise<ListScope> {
  if (isSupervisor(actor)) return { all: true };
  return {
    all: false,
    userId: actor.userId,
    departmentIds: await f.departmentsOf(actor.userId),
    wholeQueue: f.showQueueToAllAgents(),
  };
}

/** A visitor reaches only their own conversations; anything else looks like it does not exist. */
export function assertVisitorOwns(actor: VisitorActor, c: ConversationRow | undefined): asserts c is ConversationRow {
  if (!c || c.visitor_id !== actor.visitorId) fail('conversation.not-found', undefined, 'params.id');
}
