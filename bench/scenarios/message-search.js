import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from '../lib/http.js';
import { createAgents, signIn } from '../lib/parley.js';
import { withClient } from '../lib/pg.js';
import { sqlUuidv7 } from '../lib/seed.js';
import { ADMIN, ROOT, startParley, stopServer } from '../lib/server.js';
import { summarize } from '../lib/stats.js';

const MESSAGES_PER_CONVERSATION = 20;
const AGENTS = 10;
const VOCABULARY = 20_000;
/** How many messages hold the rare word, whatever the size. */
const RARE = 50;

/** The index of migration 0021, as the migration writes it (dropped for the seed and the A/B, then rebuilt). */
function indexDefinition() {
  const text = readFileSync(join(ROOT, 'packages', 'server', 'migrations', '0021_message_search.sql'), 'utf8');
  const m = /create index messages_text_search[\s\S]*?;/i.exec(text.replace(/^--.*$/gm, ''));
  if (!m) throw new Error('0021_message_search.sql: no "create index messages_text_search" found');
  return m[0];
}

/**
 * Message search (issue 18 item 4, issue 16 item 10): `size` messages seeded with set-based SQL (20 per
 * conversation; each message 8-13 words drawn Zipf-like from a 20,000-word vocabulary, "order" in 10 % of
 * them, "arrived broken" in 1 % — "arrived" and "broken" apart in 2 % more — and the rare word in 50), then
 * History's search through the HTTP API, one request at a time: p50/p95 of a common word, a rare word, a
 * phrase and a word nobody wrote, for an admin (every conversation) and an agent (the 10 % assigned to them).
 * Then the write path: an agent's message sends with the GIN index and without it, alternating, in one run.
 * @param {{ size: number, requests: number, sends: number, rounds: number, log: (s: string) => void }} o
 */
export async function runMessageSearch(o) {
  const t0 = Date.now();
  const server = await startParley({ db: 'postgres', label: 'parley-search' });
  try {
    const url = server.url;
    const dbUrl = server.database.url;
    const admin = await signIn(url, ADMIN);
    const agents = await createAgents(url, admin, AGENTS, { prefix: 'search', ipOffset: 3500 });
    const conversations = Math.ceil(o.size / MESSAGES_PER_CONVERSATION);
    const definition = indexDefinition();

    const ts = Date.now();
    await withClient(dbUrl, async (c) => {
      await c.query(`set maintenance_work_mem = '256MB'`);
      await c.query('drop index messages_text_search');
      await seed(
        c,
        conversations,
        agents.map((a) => a.id),
      );
    });
    const seedSeconds = (Date.now() - ts) / 1000;
    const ti = Date.now();
    await withClient(dbUrl, async (c) => {
      await c.query(`set maintenance_work_mem = '256MB'`);
      await c.query(definition);
      await c.query('vacuum analyze');
    });
    const indexSeconds = (Date.now() - ti) / 1000;
    const stored = await withClient(dbUrl, async (c) => ({
      messages: Number((await c.query('select count(*) from messages')).rows[0].count),
      conversations: Number((await c.query('select count(*) from conversations')).rows[0].count),
      indexMiB: Number((await c.query(`select pg_relation_size('messages_text_search') as b`)).rows[0].b) / 1024 / 1024,
      tableMiB: Number((await c.query(`select pg_relation_size('messages') as b`)).rows[0].b) / 1024 / 1024,
      matches: await matchCounts(c, ['order', 'zanzibar', '"arrived broken"']),
    }));
    o.log(
      `  message-search: ${stored.messages.toLocaleString('en-US')} messages in ${stored.conversations.toLocaleString('en-US')} conversations` +
        ` (seeded in ${seedSeconds.toFixed(0)} s, GIN index built in ${indexSeconds.toFixed(0)} s: ${stored.indexMiB.toFixed(0)} MiB beside a ${stored.tableMiB.toFixed(0)} MiB table);` +
        ` matching messages: ${Object.entries(stored.matches)
          .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
          .join(', ')}`,
    );

    const queries = {
      'common word ("order")': 'order',
      'rare word ("zanzibar")': 'zanzibar',
      'phrase ("arrived broken")': '"arrived broken"',
      'no match ("qqqxqq")': 'qqqxqq',
    };
    const who = { admin, agent: agents[0].cookie };
    const timings = {};
    for (const [name, q] of Object.entries(queries)) {
      for (const [role, cookie] of Object.entries(who)) {
        const samples = [];
        let rows = 0;
        for (let i = 0; i < o.requests + 5; i++) {
          const path = `/api/v1/conversations?limit=25&q=${encodeURIComponent(q)}`;
          const t = performance.now();
          const r = await request(url, 'GET', path, { headers: { cookie } });
          const ms = performance.now() - t;
          if (r.status !== 200) throw new Error(`${name}: GET ${path} → ${r.status} ${r.text.slice(0, 200)}`);
          rows = JSON.parse(r.text).items.length;
          if (i >= 5) samples.push(ms); // the first five warm the caches
        }
        const s = summarize(samples);
        timings[`${role}: ${name}`] = { p50: s.p50, p95: percentile(samples, 95), rows };
      }
    }
    o.log(
      '  message-search: ' +
        Object.entries(timings)
          .map(([k, v]) => `${k} p50 ${v.p50.toFixed(1)} / p95 ${v.p95.toFixed(1)} ms (${v.rows} rows)`)
          .join('; '),
    );

    // The write path: the same agent's sends into an open conversation, with the index and without it.
    const open = await withClient(
      dbUrl,
      async (c) =>
        (await c.query(`select id from conversations where status = 'open' and agent_id = $1 limit 1`, [agents[0].id]))
          .rows[0].id,
    );
    const send = async (n) => {
      const samples = [];
      for (let i = 0; i < n; i++) {
        const text = `Your order ${i} arrived broken? Please send a photo of the parcel and the receipt number ${Math.random().toString(36).slice(2)}`;
        const t = performance.now();
        const r = await request(url, 'POST', `/api/v1/conversations/${open}/messages`, {
          headers: { cookie: agents[0].cookie },
          body: { text },
        });
        samples.push(performance.now() - t);
        if (r.status !== 201) throw new Error(`send → ${r.status} ${r.text.slice(0, 200)}`);
      }
      return samples;
    };
    await send(50); // warm-up
    const withIndex = [];
    const withoutIndex = [];
    for (let round = 0; round < o.rounds; round++) {
      withIndex.push(...(await send(o.sends)));
      await withClient(dbUrl, (c) => c.query('drop index messages_text_search'));
      withoutIndex.push(...(await send(o.sends)));
      await withClient(dbUrl, async (c) => {
        await c.query(`set maintenance_work_mem = '256MB'`);
        await c.query(definition);
      });
    }
    const a = summarize(withIndex);
    const b = summarize(withoutIndex);
    const write = {
      sends: withIndex.length,
      withIndex: { p50: a.p50, p95: percentile(withIndex, 95), mean: a.mean },
      withoutIndex: { p50: b.p50, p95: percentile(withoutIndex, 95), mean: b.mean },
      ratioP50: a.p50 / b.p50,
      ratioMean: a.mean / b.mean,
    };
    o.log(
      `  message-search: message send, ${o.rounds} alternating rounds of ${o.sends}: with the index p50 ${a.p50.toFixed(2)} ms` +
        ` (mean ${a.mean.toFixed(2)}), without p50 ${b.p50.toFixed(2)} ms (mean ${b.mean.toFixed(2)}): ratio ${write.ratioP50.toFixed(2)} (p50), ${write.ratioMean.toFixed(2)} (mean)`,
    );
    return { stored, seedSeconds, indexSeconds, timings, write, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await stopServer(server);
  }
}

/** How many messages each query matches (what the searches below must find among). */
async function matchCounts(c, queries) {
  const out = {};
  for (const q of queries) {
    const r = await c.query(
      `select count(*) from messages where to_tsvector('simple', text) @@ websearch_to_tsquery('simple', $1)
       and kind <> 'system' and deleted_at is null`,
      [q],
    );
    out[q] = Number(r.rows[0].count);
  }
  return out;
}

function percentile(values, p) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * `count` conversations of 20 messages each, closed except one open per agent; each agent is assigned a tenth.
 * @param {import('pg').Client} c
 * @param {number} count
 * @param {string[]} agentIds
 */
async function seed(c, count, agentIds) {
  const total = count * MESSAGES_PER_CONVERSATION;
  await c.query(
    `create temp table bench_seed as
     select n, t, gen_random_uuid() as contact, gen_random_uuid() as visitor, ${sqlUuidv7('t')} as conv,
       ($2::uuid[])[1 + n % cardinality($2::uuid[])] as agent,
       case when n < cardinality($2::uuid[]) then 'open' else 'closed' end as status
     from (select g as n, now() - interval '1 hour' - g * interval '31 seconds' as t
           from generate_series(0, $1::int - 1) g) s`,
    [count, agentIds],
  );
  await c.query(`insert into contacts (id, created_at, updated_at) select contact, t, t from bench_seed`);
  await c.query(
    `insert into channel_identities (id, contact_id, channel, external_id, username, name, created_at, updated_at, last_seen_at)
     select visitor, contact, 'widget', md5(visitor::text), 'guest-s' || n || 'x', 'Visitor ' || n, t, t, t from bench_seed`,
  );
  await c.query(
    `insert into conversations (id, contact_id, visitor_id, channel, visitor_username, visitor_name, status, agent_id,
       created_at, queued_at, assigned_at, closed_at, closed_by_type, closed_by_id, last_seq, last_message_at,
       last_message_preview, first_visitor_message_at, response_count)
     select conv, contact, visitor, 'widget', 'guest-s' || n || 'x', 'Visitor ' || n, status, agent, t, t, t + interval '5 seconds',
       case when status = 'closed' then t + interval '10 minutes' end, case when status = 'closed' then 'agent' end,
       case when status = 'closed' then agent end, $1, t + interval '200 seconds', 'Thanks, that helps', t + interval '10 seconds', 10
     from bench_seed`,
    [MESSAGES_PER_CONVERSATION],
  );
  // Words of a 20,000-word vocabulary of pseudo-words (word k: the first 4-9 letters of md5(k)), drawn
  // Zipf-like (power(random(), 3): the first words very common). The words' subquery names its own row (g),
  // so it runs once per message.
  await c.query(
    `insert into messages (id, conversation_id, seq, updated_seq, author_type, author_id, author_name, kind, text, created_at)
     select ${sqlUuidv7("t + s * interval '1 second'")}, conv, s, s,
       case when s % 2 = 1 then 'visitor' else 'agent' end, case when s % 2 = 1 then visitor else agent end,
       case when s % 2 = 1 then 'Visitor ' || n else 'Agent' end, 'text',
       (select string_agg(substr(md5(k::text), 1, 4 + k % 6), ' ')
          from (select 1 + floor(power(random(), 3) * $2::int)::int + 0 * g as k
                from generate_series(1, 8 + (n + s) % 6) g) w) ||
       case when random() < 0.10 then ' order' else '' end ||
       case when random() < 0.01 then ' arrived broken' when random() < 0.02 then ' arrived'
         when random() < 0.01 then ' broken' else '' end ||
       case when (n * $1::int + s) % $3::int = 7 then ' zanzibar' else '' end,
       t + s * interval '1 second'
     from bench_seed cross join generate_series(1, $1::int) s`,
    [MESSAGES_PER_CONVERSATION, VOCABULARY, Math.max(1, Math.floor(total / RARE))],
  );
  await c.query('drop table bench_seed');
}
