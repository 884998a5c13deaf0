import { createHash, randomBytes } from 'node:crypto';

/**
 * Rows written straight into Parley's PostgreSQL tables when going through the API would take minutes
 * (thousands of visitors: registration is rate-limited; hundreds of agents: every password is hashed
 * with argon2). The rows are what the API itself writes (see packages/server/migrations and the
 * services named below); if those change, these must follow.
 */

/** A time-ordered UUID (v7), as Parley's `uuidv7()` makes them. */
export function uuidv7(now = Date.now()) {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Parley's `hashToken`: widget tokens and session tokens are stored as their SHA-256. */
export const hashToken = (t) => createHash('sha256').update(t).digest('hex');
const secretToken = () => randomBytes(32).toString('base64url');

/** SQL for a UUIDv7 from a timestamp expression (PostgreSQL 15 has no uuidv7()). */
export const sqlUuidv7 = (ts) =>
  `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from ${ts}) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`;

/**
 * Widget visitors (VisitorsService.register: a contact and a `widget` channel identity keyed by the
 * token's hash), each optionally with one conversation in the given state.
 * @param {import('pg').Client} c
 * @param {number} n
 * @param {{ conversation?: 'closed' | 'none', tag?: string }} [o]
 * @returns {Promise<Array<{ token: string, visitorId: string, conversationId: string | null }>>}
 */
export async function seedVisitors(c, n, o = {}) {
  const tag = o.tag ?? randomBytes(3).toString('hex');
  const out = [];
  for (let from = 0; from < n; from += 5000) {
    const count = Math.min(5000, n - from);
    const contactIds = [];
    const visitorIds = [];
    const hashes = [];
    const names = [];
    const conversationIds = [];
    for (let i = 0; i < count; i++) {
      const token = secretToken();
      const visitorId = uuidv7();
      contactIds.push(uuidv7());
      visitorIds.push(visitorId);
      hashes.push(hashToken(token));
      names.push(`bench-${tag}-${from + i}`);
      const conversationId = o.conversation === 'closed' ? uuidv7() : null;
      if (conversationId) conversationIds.push(conversationId);
      out.push({ token, visitorId, conversationId });
    }
    await c.query(
      `insert into contacts (id, created_at, updated_at) select id, now(), now() from unnest($1::uuid[]) as id`,
      [contactIds],
    );
    await c.query(
      `insert into channel_identities (id, contact_id, channel, external_id, username, created_at, updated_at, last_seen_at)
       select v, ct, 'widget', h, u, now(), now(), now()
       from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) as t(v, ct, h, u)`,
      [visitorIds, contactIds, hashes, names],
    );
    if (conversationIds.length > 0) {
      await c.query(
        `insert into conversations (id, contact_id, visitor_id, channel, visitor_username, status, created_at,
           queued_at, assigned_at, closed_at, closed_by_type, last_seq)
         select cv, ct, v, 'widget', u, 'closed', now() - interval '1 hour', now() - interval '1 hour', null, now(),
           'visitor', 0
         from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]) as t(cv, ct, v, u)`,
        [conversationIds, contactIds, visitorIds, names],
      );
    }
  }
  return out;
}

/**
 * Agents with a live session each (UsersService.create + AuthService.signIn without argon2: the
 * password hash is copied from an agent created through the API, the session token is made here).
 * @param {import('pg').Client} c
 * @param {number} n
 * @param {{ passwordHash: string, tag?: string }} o
 * @returns {Promise<Array<{ id: string, email: string, cookie: string }>>}
 */
export async function seedAgents(c, n, o) {
  const tag = o.tag ?? randomBytes(3).toString('hex');
  const ids = [];
  const emails = [];
  const usernames = [];
  const names = [];
  const sessionIds = [];
  const tokens = [];
  for (let i = 0; i < n; i++) {
    ids.push(uuidv7());
    emails.push(`bench-agent-${tag}-${i}@example.test`);
    usernames.push(`bench-agent-${tag}-${i}`);
    names.push(`Bench agent ${i}`);
    sessionIds.push(uuidv7());
    tokens.push(secretToken());
  }
  await c.query(
    `insert into users (id, email, username, name, password_hash, roles, active, created_at, updated_at)
     select id, e, u, nm, $5, '{agent}', true, now(), now()
     from unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) as t(id, e, u, nm)`,
    [ids, emails, usernames, names, o.passwordHash],
  );
  await c.query(
    `insert into staff_sessions (id, user_id, token_hash, created_at, expires_at, last_seen_at)
     select s, u, h, now(), now() + interval '1 day', now()
     from unnest($1::uuid[], $2::uuid[], $3::text[]) as t(s, u, h)`,
    [sessionIds, ids, tokens.map(hashToken)],
  );
  return ids.map((id, i) => ({ id, email: emails[i], cookie: `parley_session=${tokens[i]}` }));
}
