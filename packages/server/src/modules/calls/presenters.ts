import type { CallView } from '@parley/shared';
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../../kernel/db/schema.js';
import type { StaffActor } from '../../kernel/http.js';
import type { PhoneContacts } from '../contacts/index.js';
import type { UsersService } from '../users/index.js';
import type { CallRow } from './calls.service.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Admins, managers and monitors see every call; agents their own (issue 17 item 6). */
export function callScope<O>(
  q: SelectQueryBuilder<Database, 'calls', O>,
  actor: StaffActor,
): SelectQueryBuilder<Database, 'calls', O> {
  const all = actor.roles.some((r) => r === 'admin' || r === 'manager' || r === 'monitor');
  return all ? q : q.where('calls.agent_id', '=', actor.userId);
}

/** The staff view of calls: contact names and agent names read once for the whole list. */
export async function presentCalls(
  d: { users: Pick<UsersService, 'byIds'>; phones: Pick<PhoneContacts, 'summaries'> },
  rows: CallRow[],
): Promise<CallView[]> {
  const agentIds = [...new Set(rows.map((r) => r.agent_id).filter((x): x is string => !!x))];
  const [agents, contacts] = await Promise.all([
    agentIds.length ? d.users.byIds(agentIds) : Promise.resolve([]),
    d.phones.summaries(rows.map((r) => r.contact_id)),
  ]);
  const names = new Map(agents.map((u) => [u.id, u.name]));
  return rows.map((r) => {
    const c = contacts.get(r.contact_id);
    return {
      id: r.id,
      kind: r.kind,
      direction: r.direction,
      status: r.status,
      outcome: r.outcome,
      conversationId: r.conversation_id,
      contact: { id: r.contact_id, name: c?.name ?? null, unknown: c?.unknown ?? true },
      agent: r.agent_id ? { id: r.agent_id, name: names.get(r.agent_id) ?? '' } : null,
      phone: r.phone,
      fromNumber: r.from_number,
      toNumber: r.to_number,
      startedAt: r.started_at.toISOString(),
      answeredAt: iso(r.answered_at),
      endedAt: iso(r.ended_at),
      durationSeconds: r.duration_seconds,
      recordingUrl: r.recording_url,
      externalId: r.external_id,
      wrapUpNotes: r.wrap_up_notes,
      wrapUpAt: iso(r.wrap_up_at),
      createdAt: r.created_at.toISOString(),
    };
  });
}
