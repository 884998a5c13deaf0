import type { CallListQuery, CallPage, CallView, PbxReport } from '@parley/shared';
import { sql, type Expression, type SqlBool } from 'kysely';
import { fail } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import { seconds, type CallRow, type CallsDeps, type CallsService } from './calls.service.js';
import { callScope, presentCalls } from './presenters.js';

type ListQuery = CallListQuery & { limit: number; offset: number };

const invalid = (field: string, message: string): never => fail('request.invalid', `${field}: ${message}`, field);

/**
 * The call log (issue 17 items 2-4, 6): the Calls tab's list (search, filters, newest first) and the
 * phone system's reports (a PBX or VoIP service tells Parley about calls; the same `externalId` again
 * updates the record as the call goes on).
 */
export class CallLog {
  constructor(
    private readonly d: CallsDeps,
    private readonly calls: CallsService,
  ) {}

  async list(actor: StaffActor, q: ListQuery): Promise<CallPage> {
    const where: Expression<SqlBool>[] = [];
    if (q.q) {
      const ors: Expression<SqlBool>[] = [];
      const ids = await this.d.phones.matching(q.q);
      if (ids.length) ors.push(sql<SqlBool>`calls.contact_id = any(${sql.val(ids)}::uuid[])`);
      const digits = q.q.replace(/[^0-9]/g, '');
      if (digits.length >= 3 && /^[+(]?[0-9][0-9 ().-]*$/.test(q.q))
        ors.push(sql<SqlBool>`calls.phone_digits like ${`%${digits}%`}`);
      where.push(ors.length ? sql<SqlBool>`(${sql.join(ors, sql` or `)})` : sql<SqlBool>`false`);
    }
    if (q.direction) where.push(sql<SqlBool>`calls.direction = ${q.direction}`);
    if (q.kind) where.push(sql<SqlBool>`calls.kind = ${q.kind}`);
    if (q.outcome) where.push(sql<SqlBool>`calls.outcome = ${q.outcome}`);
    if (q.agentId) where.push(sql<SqlBool>`calls.agent_id = ${q.agentId}`);
    if (q.contactId) {
      if (!(await this.d.phones.exists(q.contactId))) invalid('query.contactId', 'no such contact');
      where.push(sql<SqlBool>`calls.contact_id = ${q.contactId}`);
    }
    if (q.from && q.to && q.from > q.to) invalid('query.to', 'the range ends before it starts');
    if (q.from) where.push(sql<SqlBool>`calls.started_at >= ${new Date(q.from)}`);
    if (q.to) where.push(sql<SqlBool>`calls.started_at <= ${new Date(q.to)}`);
    if (q.wrapUp === 'pending') where.push(sql<SqlBool>`calls.status = 'ended' and calls.wrap_up_notes is null`);
    if (q.wrapUp === 'done') where.push(sql<SqlBool>`calls.wrap_up_notes is not null`);
    let query = callScope(this.d.db.q.selectFrom('calls'), actor);
    if (where.length) query = query.where((eb) => eb.and(where));
    const [rows, total] = await Promise.all([
      query
        .selectAll('calls')
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(q.limit)
        .offset(q.offset)
        .execute(),
      query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: await presentCalls(this.d, rows), total: total.n };
  }

  /** A phone system's report: a new call, or news of one reported before (same externalId). */
  async report(input: PbxReport): Promise<{ call: CallView; created: boolean }> {
    const from = this.d.phones.normalise(input.from) ?? fail('call.phone-invalid', undefined, 'body.from');
    const to = this.d.phones.normalise(input.to) ?? fail('call.phone-invalid', undefined, 'body.to');
    const startedAt = new Date(input.startedAt);
    if (input.agentId) {
      const [u] = await this.d.users.byIds([input.agentId]);
      if (!u || !u.active || !u.roles.some((r) => r === 'agent' || r === 'manager' || r === 'admin'))
        invalid('body.agentId', 'no such agent');
    }
    if (input.contactId && !(await this.d.phones.exists(input.contactId))) invalid('body.contactId', 'no such contact');
    const number = input.direction === 'inbound' ? from : to;
    const now = this.d.clock.now();

    const { row, created } = await this.d.db.tx(async (trx) => {
      // One report of an external id at a time (two arriving together make one record).
      await sql`select pg_advisory_xact_lock(hashtext(${`calls:${input.externalId}`}))`.execute(trx);
      const before = await trx
        .selectFrom('calls')
        .selectAll()
        .where('external_id', '=', input.externalId)
        .executeTakeFirst();
      // A later report adds what it knows; what an earlier one said stays unless said again.
      const answeredAt = input.answeredAt ? new Date(input.answeredAt) : (before?.answered_at ?? null);
      const endedAt = input.endedAt ? new Date(input.endedAt) : (before?.ended_at ?? null);
      if (answeredAt && answeredAt < startedAt) fail('call.times-invalid', undefined, 'body.answeredAt');
      if (endedAt && endedAt < startedAt) fail('call.times-invalid', undefined, 'body.endedAt');
      if (endedAt && answeredAt && endedAt < answeredAt) fail('call.times-invalid', undefined, 'body.endedAt');
      if (input.outcome && !endedAt) invalid('body.outcome', 'an outcome needs endedAt');
      if (input.outcome === 'completed' && !answeredAt) invalid('body.outcome', 'a completed call needs answeredAt');
      const outcome = endedAt ? (input.outcome ?? before?.outcome ?? (answeredAt ? 'completed' : 'missed')) : null;
      const fields = {
        status: endedAt ? 'ended' : answeredAt ? 'active' : 'ringing',
        outcome,
        answered_at: answeredAt,
        ended_at: endedAt,
        duration_seconds: endedAt && answeredAt ? seconds(answeredAt, endedAt) : null,
        recording_url: input.recordingUrl ?? before?.recording_url ?? null,
        agent_id: input.agentId ?? before?.agent_id ?? null,
        updated_at: now,
      } as const;
      let row: CallRow;
      if (before) {
        if (before.kind !== 'phone') invalid('body.externalId', 'this id belongs to another call');
        if (startedAt.getTime() !== before.started_at.getTime())
          invalid('body.startedAt', 'differs from the first report of this call');
        row = await trx
          .updateTable('calls')
          .set(fields)
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      } else {
        const contactId = input.contactId ?? (await this.d.phones.contactFor(number));
        row = await trx
          .insertInto('calls')
          .values({
            id: uuidv7(now.getTime()),
            kind: 'phone',
            direction: input.direction,
            conversation_id: null,
            message_id: null,
            contact_id: contactId,
            room: null,
            phone: number,
            from_number: from,
            to_number: to,
            external_id: input.externalId,
            started_at: startedAt,
            wrap_up_notes: null,
            wrap_up_at: null,
            created_at: now,
            ...fields,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        this.d.bus.emit('call.started', {
          callId: row.id,
          kind: 'phone',
          direction: row.direction,
          conversationId: null,
          contactId: row.contact_id,
          agentId: row.agent_id,
        });
      }
      if (row.status === 'ended' && before?.status !== 'ended') this.calls.emitEnded(row);
      return { row, created: !before };
    });
    return { call: (await presentCalls(this.d, [row]))[0]!, created };
  }
}
