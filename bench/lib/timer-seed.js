import { sqlUuidv7 } from './seed.js';

/**
 * On-hold conversations with the server's own on-hold auto-close timer, written with SQL because
 * holding 100,000 chats through the API would take the better part of an hour. The rows are what the
 * server writes (packages/server/src/modules/sessions/on-hold-close.ts, kernel/jobs.ts,
 * conversations/lifecycle.service.ts `placeOnHold`); if those change, these must follow.
 */
export const ON_HOLD_CLOSE_KIND = 'sessions.on-hold-close';

/**
 * `on_hold_at` at millisecond precision: the timer compares the row's `on_hold_at.toISOString()` with
 * the one in its payload, and a JavaScript Date has no microseconds.
 * @param {string} expr
 */
const ms = (expr) => `date_trunc('milliseconds', ${expr})`;

/**
 * `count` widget visitors (contact + channel identity) with one on-hold conversation each, served by the
 * given agents. Number n (0 … count - 1) went on hold at `from + n × spreadSeconds / count`.
 * @param {import('pg').Client} c
 * @param {{ count: number, agentIds: string[], tag: string, from: Date, spreadSeconds: number }} o
 * @returns {Promise<string[]>} the conversation ids, in the order of n
 */
export async function seedOnHoldConversations(c, o) {
  await c.query('drop table if exists bench_hold');
  // Conversation ids are UUIDv7 of their creation, ten minutes before the hold (as the server makes them).
  await c.query(
    `create temp table bench_hold as
     select n, hold_at, gen_random_uuid() as contact, gen_random_uuid() as visitor,
       ${sqlUuidv7("hold_at - interval '10 minutes'")} as conv,
       ($4::uuid[])[1 + n % cardinality($4::uuid[])] as agent
     from (select n, ${ms('$1::timestamptz + make_interval(secs => n * $2::float8 / $3::int)')} as hold_at
           from generate_series(0, $3::int - 1) n) s`,
    [o.from, o.spreadSeconds, o.count, o.agentIds],
  );
  await c.query(
    `insert into contacts (id, created_at, updated_at)
     select contact, hold_at - interval '10 minutes', hold_at from bench_hold`,
  );
  await c.query(
    `insert into channel_identities (id, contact_id, channel, external_id, username, created_at, updated_at, last_seen_at)
     select visitor, contact, 'widget', md5(visitor::text), 'guest-' || $1 || '-' || n,
       hold_at - interval '10 minutes', hold_at, hold_at
     from bench_hold`,
    [o.tag],
  );
  // As `placeOnHold` leaves them: assigned, then on hold (status and on_hold_at).
  await c.query(
    `insert into conversations (id, contact_id, visitor_id, channel, visitor_username, status, agent_id, created_at,
       queued_at, assigned_at, on_hold_at, last_seq, wait_seconds)
     select conv, contact, visitor, 'widget', 'guest-' || $1 || '-' || n, 'on-hold', agent, hold_at - interval '10 minutes',
       hold_at - interval '10 minutes', hold_at - interval '595 seconds', hold_at, 0, 5
     from bench_hold`,
    [o.tag],
  );
  const ids = (await c.query('select conv from bench_hold order by n')).rows.map((r) => r.conv);
  await c.query('drop table bench_hold');
  return ids;
}

/**
 * The timer `OnHoldAutoClose.arm` enqueues for each of these on-hold conversations: kind, payload
 * `{ conversationId, onHoldAt }` (the hold time as `toISOString()` writes it), due at the hold time + the
 * timeout, idempotency key `on-hold-close:<id>`, 5 attempts, created when the hold committed.
 * @param {import('pg').Client} c
 * @param {string[]} conversationIds
 * @param {number} timeoutSeconds `sessions.onHold.autoCloseSeconds`
 */
export async function armOnHoldTimers(c, conversationIds, timeoutSeconds) {
  await c.query(
    `insert into jobs (kind, payload, run_at, idempotency_key, max_attempts, created_at)
     select $1, jsonb_build_object('conversationId', id,
         'onHoldAt', to_char(on_hold_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
       on_hold_at + make_interval(secs => $3), 'on-hold-close:' || id, 5, on_hold_at
     from conversations where id = any($2::uuid[]) and status = 'on-hold'
     order by on_hold_at, id`,
    [ON_HOLD_CLOSE_KIND, conversationIds, timeoutSeconds],
  );
}

/**
 * Size of the jobs table: rows and bytes (heap, indexes, total with TOAST), after a vacuum so that the
 * figure is what a settled table costs.
 * @param {import('pg').Client} c
 */
export async function jobsTableSize(c) {
  await c.query('vacuum analyze jobs');
  const r = (
    await c.query(
      `select (select count(*) from jobs)::int as rows, pg_relation_size('jobs')::bigint as heap,
         pg_indexes_size('jobs')::bigint as indexes, pg_total_relation_size('jobs')::bigint as total`,
    )
  ).rows[0];
  return { rows: r.rows, heapBytes: Number(r.heap), indexBytes: Number(r.indexes), totalBytes: Number(r.total) };
}

/**
 * Moves these on-hold conversations' hold time to `from + n × spreadSeconds / count` (n: their order in
 * `ids`) and their pending timers with it, as if they had gone on hold then: due at the new hold time + the
 * timeout, the payload carrying the new hold time. (The burst is seeded first and timed last, so that the
 * seeding's duration does not eat into the time before it falls due.)
 * @param {import('pg').Client} c
 * @param {string[]} ids
 * @param {{ from: Date, spreadSeconds: number, timeoutSeconds: number }} o
 */
export async function moveHolds(c, ids, o) {
  await c.query(
    `update conversations c set on_hold_at = ${ms('$2::timestamptz + make_interval(secs => (t.ord - 1) * $3::float8 / $4::int)')}
     from unnest($1::uuid[]) with ordinality as t(id, ord) where c.id = t.id`,
    [ids, o.from, o.spreadSeconds, ids.length],
  );
  await c.query(
    `update jobs j set run_at = c.on_hold_at + make_interval(secs => $3), created_at = c.on_hold_at,
       payload = jsonb_build_object('conversationId', c.id,
         'onHoldAt', to_char(c.on_hold_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
     from conversations c
     where c.id = any($1::uuid[]) and j.kind = $2 and j.status = 'pending' and j.idempotency_key = 'on-hold-close:' || c.id`,
    [ids, ON_HOLD_CLOSE_KIND, o.timeoutSeconds],
  );
}
