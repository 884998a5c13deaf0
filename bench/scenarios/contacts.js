import { call, request } from '../lib/http.js';
import { signIn, withCookie } from '../lib/parley.js';
import { withClient } from '../lib/pg.js';
import { sqlUuidv7 } from '../lib/seed.js';
import { ADMIN, startParley, stopServer } from '../lib/server.js';
import { percentileSorted, summarize } from '../lib/stats.js';

/** @param {number[]} v */
const p95 = (v) => percentileSorted(Float64Array.from(v).sort(), 95);

/** Issue 16's targets. */
export const CONTACT_SEARCH_TARGET_MS = 25;
export const CONTACT_PAGE_TARGET_MS = 50;
export const CONTACT_MERGE_TARGET_MS = 1000;

const FIRST = [
  'maria',
  'anna',
  'marco',
  'john',
  'mary',
  'peter',
  'paul',
  'laura',
  'sofia',
  'lukas',
  'emma',
  'noah',
  'olivia',
  'liam',
  'mia',
  'leon',
  'hannah',
  'felix',
  'julia',
  'david',
  'sarah',
  'jonas',
  'lea',
  'tim',
  'nina',
  'ben',
  'clara',
  'max',
  'ella',
  'finn',
  'ida',
  'tom',
  'lina',
  'jan',
  'eva',
  'kim',
  'ali',
  'omar',
  'yara',
  'zoe',
];
const LAST = Array.from({ length: 250 }, (_, i) => {
  const roots = ['schmidt', 'muller', 'rossi', 'garcia', 'smith', 'jones', 'novak', 'silva', 'kowalski', 'jensen'];
  return `${roots[i % roots.length]}${i < roots.length ? '' : String.fromCharCode(97 + (i % 26)) + Math.floor(i / 26)}`;
});
/** Conversations of the contact whose page is timed, and of each contact of a merged pair. */
const CONVERSATIONS = 1000;
const MERGES = 5;
const CHUNK = 200_000;

/**
 * The Contact Center at scale (issue 16): `contacts` contacts with three channel identities each (widget,
 * email, phone) and custom fields, seeded with set-based SQL on PostgreSQL (the two tables' secondary
 * indexes dropped during the load and built again after, as a bulk import would); then, one request at a
 * time (latency, not throughput), each search kind, the contact page of a contact with 1,000 conversations,
 * and merges of two contacts with 1,000 conversations each. Times are measured by the client on loopback
 * (the server's time plus the loopback HTTP round trip).
 * @param {{ contacts: number, requests: number, log: (s: string) => void }} o
 */
export async function runContacts(o) {
  const t0 = Date.now();
  const server = await startParley({ db: 'postgres', label: 'parley-contacts' });
  try {
    const url = server.url;
    const admin = await signIn(url, ADMIN);
    await call(url, 'POST', '/api/v1/custom-fields', {
      headers: withCookie(admin),
      body: { id: 'customerNo', label: 'Customer number', scope: 'visitor', searchable: true },
    });
    const dbUrl = server.database.url;
    const ts = Date.now();
    const counts = await withClient(dbUrl, (c) => seed(c, o.contacts, o.log));
    const seedSeconds = (Date.now() - ts) / 1000;
    o.log(
      `  contacts: ${counts.contacts.toLocaleString('en-US')} contacts, ${counts.identities.toLocaleString('en-US')} channel identities, ` +
        `${counts.conversations.toLocaleString('en-US')} conversations seeded in ${seedSeconds.toFixed(0)} s`,
    );

    const rnd = () => 1 + Math.floor(Math.random() * o.contacts);
    const phone = (g) => {
      const d = String(g).padStart(8, '0');
      return `+49 151 ${d.slice(0, 4)} ${d.slice(4)}`;
    };
    const pickName = () => {
      const last = LAST[Math.floor(Math.random() * LAST.length)];
      return `${FIRST[Math.floor(Math.random() * FIRST.length)]} ${last.slice(0, Math.max(3, last.length - 2))}`;
    };
    const searches = {
      'name prefix (first name + part of the last)': () => pickName(),
      'name prefix (3 letters)': () => FIRST[Math.floor(Math.random() * FIRST.length)].slice(0, 3),
      email: () => `user${rnd()}@example.com`,
      'phone digits (any format)': () => phone(rnd()),
      'searchable custom field': () => `C-${rnd()}`,
      username: () => `guest-b${rnd()}`,
    };
    const timings = {};
    const time = async (name, path, method = 'GET', body) => {
      const t = performance.now();
      const r = await request(url, method, path, { headers: withCookie(admin), ...(body ? { body } : {}) });
      const ms = performance.now() - t;
      if (r.status !== 200) throw new Error(`${name}: ${method} ${path} → ${r.status} ${r.text.slice(0, 200)}`);
      return { ms, body: r.body };
    };
    for (const [name, q] of Object.entries(searches)) {
      const samples = [];
      let found = 0;
      for (let i = 0; i < o.requests + 10; i++) {
        const r = await time(name, `/api/v1/contacts?q=${encodeURIComponent(q())}&limit=25`);
        if (i >= 10) samples.push(r.ms); // the first ten warm the caches
        if (r.body.items.length > 0) found++;
      }
      const s = summarize(samples);
      timings[name] = { p50: s.p50, p95: p95(samples), p99: s.p99, foundShare: found / (o.requests + 10) };
    }
    // The same searches' SQL as the server sends it (ContactsService.list: the exact kinds' ids; then the
    // page, a UNION of the name prefix's first rows in the sort order and the exact matches; and the total,
    // counted up to 10,000), timed by PostgreSQL itself (EXPLAIN ANALYZE's execution time, the three
    // statements summed): the database's share, which other work on the machine moves less.
    const dbTimings = await withClient(dbUrl, async (c) => {
      const out = {};
      for (const [name, q] of Object.entries(searches)) {
        const v = [];
        for (let i = 0; i < 40; i++) {
          const text = q();
          const lower = text.toLowerCase();
          const digits = text.replace(/\D/g, '');
          const prefix = `${lower.replace(/[\\%_]/g, (x) => '\\' + x)}%`;
          const exact = `(contacts.emails @> array[$1]::text[]
            or contacts.id = any(array(select ci.contact_id from channel_identities ci where lower(ci.username) = $1))
            ${digits.length >= 4 ? 'or contacts.phone_digits && array[$3]::text[]' : ''}
            or contacts.custom_fields @> jsonb_build_object('customerNo', $2::text))`;
          const params = [lower, text, ...(digits.length >= 4 ? [digits] : [])];
          const exec = async (query, values) =>
            (await c.query(`explain (analyze, format json) ${query}`, values)).rows[0]['QUERY PLAN'][0][
              'Execution Time'
            ];
          const first = await exec(`select contacts.id from contacts where ${exact} limit 501`, params);
          const ids = (await c.query(`select contacts.id from contacts where ${exact} limit 501`, params)).rows.map(
            (r) => r.id,
          );
          const alive = 'contacts.merged_into is null and contacts.erased_at is null';
          const order = (t) => `${t}.last_chat_at desc nulls last, ${t}.id desc`;
          const keys = 'contacts.id, lower(contacts.name) as sort_name, contacts.last_chat_at, contacts.created_at';
          const named = `lower(contacts.name) like $1`;
          const branches = [
            `(select ${keys} from contacts where ${alive} and ${named} order by ${order('contacts')} limit 25)`,
          ];
          if (ids.length)
            branches.push(
              `(select ${keys} from contacts where ${alive} and contacts.id = any($2::uuid[]) order by ${order('contacts')} limit 25)`,
            );
          const values = ids.length ? [prefix, ids] : [prefix];
          const second = await exec(
            `select contacts.* from contacts join (select m.* from (${branches.join(' union ')}) m
             order by ${order('m')} limit 25) m on m.id = contacts.id order by ${order('m')}`,
            values,
          );
          const countNamed = `(select count(*) from (select 1 from contacts where ${alive} and ${named} limit 10001) a)`;
          const third = await exec(
            ids.length
              ? `select ${countNamed} + (select count(*) from (select 1 from contacts where ${alive}
                   and contacts.id = any($2::uuid[]) and (${named}) is not true limit 10001) b)`
              : `select ${countNamed}`,
            values,
          );
          if (i >= 5) v.push(first + second + third);
        }
        const s = summarize(v);
        out[name] = { p50: s.p50, p95: p95(v) };
      }
      return out;
    });
    // The list as it opens, unsearched (newest chat first): its total is counted up to 10,000.
    const listed = [];
    for (let i = 0; i < o.requests + 5; i++) {
      const r = await time('list', '/api/v1/contacts?limit=25');
      if (r.body.items.length !== Math.min(25, o.contacts)) throw new Error(`the list answered ${r.body.items.length}`);
      if (i >= 5) listed.push(r.ms);
    }
    const list = { p50: summarize(listed).p50, p95: p95(listed) };
    // The contact page: details and channels, then its history (the first page), as the web page asks.
    const page = { details: [], history: [], both: [] };
    for (let i = 0; i < o.requests + 10; i++) {
      const a = await time('contact page', `/api/v1/contacts/${counts.pageContact}`);
      const b = await time('contact history', `/api/v1/contacts/${counts.pageContact}/history?limit=50`);
      if (b.body.items.length !== 50) throw new Error(`history answered ${b.body.items.length} conversations`);
      if (i < 10) continue;
      page.details.push(a.ms);
      page.history.push(b.ms);
      page.both.push(a.ms + b.ms);
    }
    const pageTimings = Object.fromEntries(
      Object.entries(page).map(([k, v]) => {
        const s = summarize(v);
        return [k, { p50: s.p50, p95: p95(v), p99: s.p99 }];
      }),
    );
    // The contact page's own statements (the contact, its channels, the history's first 50 conversations),
    // timed by PostgreSQL (EXPLAIN ANALYZE, summed).
    const pageDatabase = await withClient(dbUrl, async (c) => {
      const v = [];
      for (let i = 0; i < 45; i++) {
        let sum = 0;
        for (const [query, values] of [
          ['select * from contacts where id = $1', [counts.pageContact]],
          [
            'select * from channel_identities where contact_id in ($1) order by last_seen_at desc',
            [counts.pageContact],
          ],
          [
            'select * from conversations where contact_id = $1 order by created_at desc, id desc limit 50',
            [counts.pageContact],
          ],
        ])
          sum += (await c.query(`explain (analyze, format json) ${query}`, values)).rows[0]['QUERY PLAN'][0][
            'Execution Time'
          ];
        if (i >= 5) v.push(sum);
      }
      const s = summarize(v);
      return { p50: s.p50, p95: p95(v) };
    });
    // Merges: each of two contacts with 1,000 conversations (and three channels).
    const merges = [];
    for (const [survivor, other] of counts.pairs) {
      const r = await time('merge', `/api/v1/contacts/${survivor}/merge`, 'POST', { otherId: other, choices: {} });
      merges.push(r.ms);
    }
    const moved = await withClient(dbUrl, async (c) =>
      Number(
        (await c.query(`select count(*) from conversations where contact_id = $1`, [counts.pairs[0][0]])).rows[0].count,
      ),
    );
    if (moved !== 2 * CONVERSATIONS) throw new Error(`after a merge the survivor has ${moved} conversations`);
    const m = summarize(merges);
    o.log(
      `  contacts: search p95 ${Object.entries(timings)
        .map(([k, v]) => `${k} ${v.p95.toFixed(1)}`)
        .join(', ')} ms (in PostgreSQL p95 ${Object.entries(dbTimings)
        .map(([k, v]) => `${k} ${v.p95.toFixed(2)}`)
        .join(
          ', ',
        )} ms); unsearched list p95 ${list.p95.toFixed(1)} ms; contact page p95 ${pageTimings.both.p95.toFixed(1)} ms (in PostgreSQL p95 ${pageDatabase.p95.toFixed(2)} ms); merge median ${m.p50.toFixed(0)} ms`,
    );
    return {
      contacts: counts.contacts,
      identities: counts.identities,
      conversations: counts.conversations,
      seedSeconds,
      requests: o.requests,
      search: timings,
      searchDatabase: dbTimings,
      list,
      page: pageTimings,
      pageDatabase,
      merge: { samples: merges, p50: m.p50, max: Math.max(...merges) },
      seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    await stopServer(server);
  }
}

/**
 * @param {import('pg').Client} c
 * @param {number} n
 * @param {(s: string) => void} log
 */
export async function seed(c, n, log) {
  const indexes = (
    await c.query(
      `select indexname, indexdef from pg_indexes
       where tablename in ('contacts', 'channel_identities') and indexname not like '%_pkey'`,
    )
  ).rows;
  for (const i of indexes) await c.query(`drop index ${i.indexname}`);
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    await c.query('drop table if exists bench_contacts');
    await c.query(
      `create temp table bench_contacts as
       select g, gen_random_uuid() as id, now() - g * interval '31 seconds' as t from generate_series($1::int, $2::int) g`,
      [from, to],
    );
    await c.query(
      `insert into contacts (id, name, emails, phones, custom_fields, unknown, conflicting_fields, last_chat_at,
         created_at, updated_at)
       select id, ($1::text[])[1 + g % cardinality($1::text[])] || ' ' || ($2::text[])[1 + (g / cardinality($1::text[])) % cardinality($2::text[])],
         case when g % 3 = 0 then array['user' || g || '@example.com', 'u' || g || '@work.example']
              else array['user' || g || '@example.com'] end,
         array['+49151' || lpad(g::text, 8, '0')],
         jsonb_build_object('customerNo', 'C-' || g, 'tier', (array['gold', 'silver', 'bronze'])[1 + g % 3]),
         g % 2 = 0, '[]', t + interval '1 second', t, t
       from bench_contacts`,
      [FIRST.map(cap), LAST.map(cap)],
    );
    await c.query(
      `insert into channel_identities (id, contact_id, channel, external_id, username, name, email, phone, verified,
         blocked, created_at, updated_at, last_seen_at)
       select gen_random_uuid(), id, (array['widget', 'email', 'phone'])[k],
         md5(id::text || k),
         case k when 1 then 'guest-b' || g when 2 then 'user' || g || '@example.com' else '+49151' || lpad(g::text, 8, '0') end,
         null, case when k = 2 then 'user' || g || '@example.com' end,
         case when k = 3 then '+49151' || lpad(g::text, 8, '0') end,
         k = 2 and g % 5 = 0, k = 1 and g % 97 = 0, t, t, t + k * interval '1 second'
       from bench_contacts cross join generate_series(1, 3) k`,
    );
    log(`  contacts: seeded ${to.toLocaleString('en-US')} of ${n.toLocaleString('en-US')}`);
  }
  await c.query('drop table if exists bench_contacts');
  for (const i of indexes) await c.query(i.indexdef);
  // Conversations: 1,000 for the contact whose page is timed (user1), and for each of the merged pairs.
  const ids = (
    await c.query(
      `select c.id, ci.id as visitor, ci.username from contacts c
       join channel_identities ci on ci.contact_id = c.id and ci.channel = 'widget'
       where c.emails @> array['user' || $1 || '@example.com'] or c.emails && $2::text[]`,
      [1, Array.from({ length: 2 * MERGES }, (_, i) => `user${i + 2}@example.com`)],
    )
  ).rows;
  for (const row of ids) {
    await c.query(
      `insert into conversations (id, contact_id, visitor_id, channel, visitor_username, status, created_at, queued_at,
         closed_at, closed_by_type, last_seq, last_message_at, last_message_preview)
       select ${sqlUuidv7("now() - s * interval '1 hour'")}, $1, $2, 'widget', $3, 'closed', now() - s * interval '1 hour',
         now() - s * interval '1 hour', now() - s * interval '1 hour' + interval '10 minutes', 'agent', 0,
         now() - s * interval '1 hour' + interval '5 minutes', 'Thanks, that helps'
       from generate_series(1, $4::int) s`,
      [row.id, row.visitor, row.username, CONVERSATIONS],
    );
  }
  await c.query('vacuum analyze');
  const byEmail = async (g) =>
    (await c.query(`select id from contacts where emails @> array['user' || $1 || '@example.com']`, [g])).rows[0].id;
  const pairs = [];
  for (let i = 0; i < MERGES; i++) pairs.push([await byEmail(2 + 2 * i), await byEmail(3 + 2 * i)]);
  const count = async (t) => Number((await c.query(`select count(*) from ${t}`)).rows[0].count);
  return {
    contacts: await count('contacts'),
    identities: await count('channel_identities'),
    conversations: await count('conversations'),
    pageContact: await byEmail(1),
    pairs,
  };
}

/** @param {string} s */
function cap(s) {
  return s[0].toUpperCase() + s.slice(1);
}
