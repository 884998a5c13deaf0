import type { StaffActor, VisitorActor } from '../../kernel/http.js';
import { fail } from '../../kernel/errors.js';
import type { ConversationsRepo } from './conversations.repo.js';
import type { ConversationRow } from './presenters.js';

/** Supervisors see every conversation; agents see theirs, the queue, and what they served before. */
export function isSupervisor(actor: StaffActor): boolean {
  return actor.roles.some((r) => r === 'admin' || r === 'manager' || r === 'monitor');
}

export async function assertStaffCanView(
  actor: StaffActor,
  c: ConversationRow,
  repo: ConversationsRepo,
): Promise<void> {
  if (isSupervisor(actor) || c.agent_id === actor.userId || c.status === 'queued') return;
  if (await repo.servedBy(c.id, actor.userId)) return;
  fail('conversation.not-found', undefined, 'params.id');
}

/** The serving agent acts on a conversation; admins and managers may too. */
export function assertCanAct(actor: StaffActor, c: ConversationRow): void {
  if (c.agent_id === actor.userId) return;
  if (actor.roles.includes('admin') || actor.roles.includes('manager')) return;
  fail('conversation.not-assigned-to-you');
}

/** A visitor reaches only their own conversations; anything else looks like it does not exist. */
export function assertVisitorOwns(actor: VisitorActor, c: ConversationRow | undefined): asserts c is ConversationRow {
  if (!c || c.visitor_id !== actor.visitorId) fail('conversation.not-found', undefined, 'params.id');
}
