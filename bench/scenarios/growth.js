import { request } from '../lib/http.js';
import { createAgents, signIn } from '../lib/parley.js';
import { withClient } from '../lib/pg.js';
import { seedVisitors, sqlUuidv7, uuidv7 } from '../lib/seed.js';
import { ADMIN, startParley, stopServer } from '../lib/server.js';
import { summarize } from '../lib/stats.js';

const MESSAGES_PER_CONVERSATION = 20;
const AGENTS = 10;
/** The long conversation holds this share of all messages (1k of 10k … 100k of 1M). */
const LONG_SHARE = 0.1;

/**
 * Cost growth: history and conversation-list latency as the stored data grows (10k → 100k → 1M
 * messages). Data is seeded with SQL, older than what is already there (history accumulates in the
 * past), then each request type is timed one request at a time (latency, not throughput).
 * @param {{ levels: number[], requests: number, log: (s: string) => void }} o
 */
export async function runGrowth(o) {
  const t0 = Date.now();
  const server = await startParley({ db: 'postgres', label: 'parley-growth' });
  try {
    const url = server.url;
    const admin = await signIn(url, ADMIN);
    const agents = await createAgents(url, admin, AGENTS, { prefix: 'growth', ipOffset: 3000 });
    const agentIds = agents.map((a) => a.id);
    const dbUrl = server.database.url;

    // The long conversation, and its visitor (whose token lets us read it through the widget API).
    const [longVisitor] = await withClient(dbUrl, (c) => seedVisitors(c, 1, { tag: 'long' }));
    const longId = uuidv7(Date.now() - 86_400_000 * 400);
    await withClient(dbUrl, (c) =>
      c.query(
        `insert into conversations (id, contact_id, visitor_id, channel, visitor_username, status, agent_id, created_at,
           queued_at, assigned_at, last_seq)
         select $1, contact_id, id, 'widget', username, 'open', $2, now() - interval '400 days', now() - interval '400 days',
           now() - interval '400 days', 0
         from channel_identities where id = $3`,
        [longId, agentIds[0], longVisitor.visitorId],
      ),
    );

    const levels = [];
    let conversations = 0;
    let longMessages = 0;
    for (const total of o.levels) {
      const already = conversations * MESSAGES_PER_CONVERSATION + longMessages;
      const addLong = Math.round(total * LONG_SHARE) - longMessages;
      const addConversations = Math.max(0, Math.round((total - already - addLong) / MESSAGES_PER_CONVERSATION));
      const ts = Date.now();
      await withClient(dbUrl, async (c) => {
        await seedConversations(c, conversations, addConversations, agentIds);
        await seedLong(c, longId, longMessages, addLong, longVisitor.visitorId, agentIds[0]);
        // What autovacuum does to a table that grew (PostgreSQL 13+ vacuums after inserts too), done now
        // because the seed adds in seconds what takes a deployment months: besides the statistics, it moves
        // the trigram (GIN) indexes' pending lists into the indexes; left pending, the planner prices them
        // above a sequential scan and the visitor search reads every conversation (measured: 29 ms at 1M).
        await c.query('vacuum analyze');
      });
      conversations += addConversations;
      longMessages += addLong;
      const stored = await withClient(dbUrl, async (c) => ({
        messages: Number((await c.query('select count(*) from messages')).rows[0].count),
        conversations: Number((await c.query('select count(*) from conversations')).rows[0].count),
      }));
      const seedSeconds = (Date.now() - ts) / 1000;
      const sample = await withClient(dbUrl, async (c) =>
        (await c.query(`select id from conversations where id <> $1 order by random() limit 200`, [longId])).rows.map(
          (r) => r.id,
        ),
      );
      const agentCookie = agents[0].cookie;
      const visitorHeaders = { 'x-parley-visitor-token': longVisitor.token };
      const pick = () => sample[Math.floor(Math.random() * sample.length)];
      const mid = Math.max(2, Math.floor(longMessages / 2));
      const queries = {
        'history: a conversation, latest 50': () => [`/api/v1/conversations/${pick()}/messages?limit=50`, admin],
        'history: long conversation, latest 50': () => [`/api/v1/conversations/${longId}/messages?limit=50`, admin],
        'history: long conversation, 50 from the middle': () => [
          `/api/v1/conversations/${longId}/messages?before=${mid}&limit=50`,
          admin,
        ],
        'history: widget, long conversation, latest 50': () => [
          `/api/v1/widget/conversations/${longId}/messages?limit=50`,
          visitorHeaders,
        ],
        'list: admin, newest 25': () => ['/api/v1/conversations?limit=25', admin],
        'list: admin, open': () => ['/api/v1/conversations?status=open&limit=25', admin],
        'list: agent, own + queue': () => ['/api/v1/conversations?limit=25', agentCookie],
        'list: agent, own closed': () => ['/api/v1/conversations?status=closed&limit=25', agentCookie],
        'list: admin, search visitor name': () => [
          `/api/v1/conversations?q=guest-g${Math.floor(Math.random() * conversations)}x&limit=25`,
          admin,
        ],
      };
      const timings = {};
      for (const [name, make] of Object.entries(queries)) {
        const samples = [];
        for (let i = 0; i < o.requests + 10; i++) {
          const [path, auth] = make();
          const headers = typeof auth === 'string' ? { cookie: auth } : auth;
          const t = performance.now();
          const r = await request(url, 'GET', path, { headers });
          const ms = performance.now() - t;
          if (r.status !== 200) throw new Error(`${name}: GET ${path} → ${r.status} ${r.text.slice(0, 200)}`);
          if (i >= 10) samples.push(ms); // the first ten warm the caches
        }
        const s = summarize(samples);
        timings[name] = { p50: s.p50, p99: s.p99, mean: s.mean };
      }
      levels.push({
        messages: stored.messages,
        conversations: stored.conversations,
        longMessages,
        seedSeconds,
        timings,
      });
      o.log(
        `  growth: ${stored.messages.toLocaleString('en-US')} messages in ${stored.conversations.toLocaleString('en-US')} conversations` +
          ` (seeded in ${seedSeconds.toFixed(1)} s): ` +
          Object.entries(timings)
            .map(([k, v]) => `${k.replace(/^[a-z]+: /, '')} ${v.p50.toFixed(1)}`)
            .join(', ') +
          ' ms (p50)',
      );
    }
    const first = levels[0];
    const last = levels[levels.length - 1];
    const growth = Object.fromEntries(
      Object.keys(first.timings).map((k) => [k, last.timings[k].p50 / first.timings[k].p50]),
    );
    return { levels, growth, dataGrowth: last.messages / first.messages, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await stopServer(server);
  }
}

/**
 * `count` closed conversations (numbers `from`…), each with its visitor, contact and 20 messages, all
 * older than the ones seeded before. Ten per agent stay open.
 * @param {import('pg').Client} c
 */
async function seedConversations(c, from, count, agentIds) {
  if (count <= 0) return;
  await c.query('drop table if exists bench_seed');
  await c.query(
    `create temp table bench_seed as
     select n, t, gen_random_uuid() as contact, gen_random_uuid() as visitor, ${sqlUuidv7('t')} as conv,
       ($3::uuid[])[1 + n % cardinality($3::uuid[])] as agent,
       case when n < $4 then 'open' else 'closed' end as status
     from (select g as n, now() - interval '1 hour' - g * interval '61 seconds' as t
           from generate_series($1::int, $1::int + $2::int - 1) g) s`,
    [from, count, agentIds, agentIds.length * 10],
  );
  await c.query(`insert into contacts (id, created_at, updated_at) select contact, t, t from bench_seed`);
  await c.query(
    `insert into channel_identities (id, contact_id, channel, external_id, username, name, created_at, updated_at, last_seen_at)
     select visitor, contact, 'widget', md5(visitor::text), 'guest-g' || n || 'x', 'Visitor ' || n, t, t, t from bench_seed`,
  );
  await c.query(
    `insert into conversations (id, contact_id, visitor_id, channel, visitor_username, visitor_name, status, agent_id,
       created_at, queued_at, assigned_at, closed_at, closed_by_type, closed_by_id, last_seq, last_message_at,
       last_message_preview, first_visitor_message_at, response_count)
     select conv, contact, visitor, 'widget', 'guest-g' || n || 'x', 'Visitor ' || n, status, agent, t, t, t + interval '5 seconds',
       case when status = 'closed' then t + interval '10 minutes' end, case when status = 'closed' then 'agent' end,
       case when status = 'closed' then agent end, $1, t + interval '200 seconds', 'Thanks, that helps', t + interval '10 seconds', 10
     from bench_seed`,
    [MESSAGES_PER_CONVERSATION],
  );
  await c.query(
    `insert into messages (id, conversation_id, seq, updated_seq, author_type, author_id, author_name, kind, text, created_at)
     select ${sqlUuidv7("t + s * interval '10 seconds'")}, conv, s, s,
       case when s % 2 = 1 then 'visitor' else 'agent' end, case when s % 2 = 1 then visitor else agent end,
       case when s % 2 = 1 then 'Visitor ' || n else 'Agent' end, 'text',
       'Message ' || s || ' of conversation ' || n || ': could you tell me more about my order, please?',
       t + s * interval '10 seconds'
     from bench_seed cross join generate_series(1, $1::int) s`,
    [MESSAGES_PER_CONVERSATION],
  );
  await c.query('drop table bench_seed');
}

/**
 * More history for the long conversation: messages `from + 1`…`from + count`.
 * @param {import('pg').Client} c
 */
async function seedLong(c, longId, from, count, visitorId, agentId) {
  if (count <= 0) return;
  await c.query(
    `insert into messages (id, conversation_id, seq, updated_seq, author_type, author_id, author_name, kind, text, created_at)
     select ${sqlUuidv7("now() - interval '400 days' + s * interval '1 second'")}, $1, s, s,
       case when s % 2 = 1 then 'visitor' else 'agent' end, case when s % 2 = 1 then $4::uuid else $5::uuid end,
       case when s % 2 = 1 then 'Long visitor' else 'Agent' end, 'text',
       'Long conversation, message ' || s || ': still there?', now() - interval '400 days' + s * interval '1 second'
     from generate_series($2::int + 1, $2::int + $3::int) s`,
    [longId, from, count, visitorId, agentId],
  );
  await c.query(`update conversations set last_seq = $2 where id = $1`, [longId, from + count]);
}
