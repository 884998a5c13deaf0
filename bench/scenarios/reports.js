import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { call, mapLimit, request } from '../lib/http.js';
import { createAgents, signIn, withCookie } from '../lib/parley.js';
import { withClient } from '../lib/pg.js';
import { ADMIN, parleyDir, startParley, stopServer } from '../lib/server.js';
import { percentileSorted, round, summarize } from '../lib/stats.js';

/** Issue 21's targets. */
export const REPORT_P95_TARGET_MS = 100;
export const ROLLUP_RATIO_TARGET = 0.9;

const DAY = 86_400_000;
const TAGS = ['billing', 'shipping', 'returns', 'login', 'bug', 'sales'];
const COLUMNS = [
  'grain',
  'bucket',
  'department_id',
  'agent_id',
  'channel',
  'tag',
  'started',
  'closed',
  'missed',
  'abandoned',
  'transferred',
  'fr_n',
  'fr_sum',
  'fr_h',
  'ar_n',
  'ar_sum',
  'ar_h',
  'res_n',
  'res_sum',
  'res_h',
  'hd_n',
  'hd_sum',
  'hd_h',
  'q_n',
  'q_sum',
  'q_h',
  'rating_n',
  'rating_sum',
  'rating_h',
  'sla_n',
  'sla_met',
];
const counters = COLUMNS.slice(6).filter((c) => !c.endsWith('_h'));
const hists = COLUMNS.filter((c) => c.endsWith('_h'));
const addArrays = (c) => `${c} = case when excluded.${c} is null then report_rollups.${c}
  when report_rollups.${c} is null then excluded.${c}
  else array(select coalesce(a, 0) + coalesce(b, 0) from unnest(report_rollups.${c}, excluded.${c})
    with ordinality as t(a, b, i) order by i) end`;
const UPSERT_TAIL = `on conflict (grain, bucket, department_id, agent_id, channel, tag) do update set
  ${[...counters.map((c) => `${c} = report_rollups.${c} + excluded.${c}`), ...hists.map(addArrays)].join(',\n  ')}`;

/** report_rollups' column types (migrations 0019, 0027), for the bulk insert by arrays. */
const TYPES = Object.fromEntries(
  COLUMNS.map((c) => [
    c,
    c === 'grain'
      ? 'int'
      : c === 'bucket'
        ? 'timestamptz'
        : ['department_id', 'agent_id', 'channel', 'tag'].includes(c)
          ? 'text'
          : c.endsWith('_h')
            ? 'text' // each histogram as its array literal, cast back per row
            : c.endsWith('_sum') && c !== 'rating_sum'
              ? 'float8'
              : 'int',
  ]),
);

/**
 * Plain inserts of rows that are not there yet, 20,000 per statement, each column one array parameter
 * (`unnest`): a fraction of the parse and bind work of a VALUES list with a parameter per cell.
 */
async function insertByArrays(c, rows) {
  for (let i = 0; i < rows.length; i += 20_000) {
    const batch = rows.slice(i, i + 20_000);
    const params = COLUMNS.map((col) =>
      col.endsWith('_h') ? batch.map((r) => (r[col] ? `{${r[col].join(',')}}` : null)) : batch.map((r) => r[col]),
    );
    const select = COLUMNS.map((col, k) => (col.endsWith('_h') ? `u${k}::int[]` : `u${k}`)).join(', ');
    const from = COLUMNS.map((col, k) => `$${k + 1}::${TYPES[col]}[]`).join(', ');
    const names = COLUMNS.map((_, k) => `u${k}`).join(', ');
    await c.query(
      `insert into report_rollups (${COLUMNS.join(', ')}) select ${select} from unnest(${from}) as t(${names})`,
      params,
    );
  }
}

/**
 * Migration 0027's own statements (read from the build's migration file, so they stay the same): the
 * cube's '*' rows made from each change's own rows, the hourly rows, and the secondary indexes — dropped
 * while a large seed loads and built once after it.
 */
function cubeStatements(dir) {
  const text = readFileSync(join(dir, 'packages/server/migrations/0027_report_cube.sql'), 'utf8');
  const statements = text
    .split(/;\s*\n/)
    .map((st) => st.replace(/^(\s*--.*\n)*/g, '').trim())
    .filter(Boolean);
  const pick = (prefix) => statements.filter((st) => st.startsWith(prefix));
  const [cube] = pick('insert into report_rollups');
  const [hourly] = pick('insert into report_hourly');
  const indexes = pick('create index report_rollups_by_');
  if (!cube || !hourly || indexes.length !== 3) throw new Error('migration 0027: statements not found');
  return { cube, hourly, indexes, names: indexes.map((st) => st.split(/\s+/)[2]) };
}

/** A small seeded PRNG (mulberry32), so two builds are seeded with the same conversations. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Multi-row upserts of `rows` (objects with `columns`) into `table`, 400 at a time. */
async function insertRows(c, table, columns, rows, tail) {
  for (let i = 0; i < rows.length; i += 400) {
    const batch = rows.slice(i, i + 400);
    const params = [];
    const values = batch.map((r) => {
      const start = params.length;
      for (const col of columns) params.push(r[col]);
      return `(${columns.map((_, k) => `$${start + k + 1}`).join(', ')})`;
    });
    await c.query(`insert into ${table} (${columns.join(', ')}) values ${values.join(', ')} ${tail}`, params);
  }
}

/**
 * Seeds `n` conversations over the past year straight into the rollups: the server's own rollup code
 * (`<dir>/packages/server/dist/modules/reports/rollups.js`: `rowsOf`, `merge`, and since migration 0027
 * `hourlyOf`) turns each synthetic conversation into the rows its start, close, transfer and rating would
 * have added, and they are upserted in batches (the same statement shape as the listeners'). 5 departments
 * × 20 agents, one channel, half the chats with a tag. The conversations come in order of their start (a
 * seeded PRNG: the same ones for every build), so a chunk's hours and days are summed in memory once.
 * @param {import('pg').Client} c
 */
export async function seedRollups(c, n, departments, agents, log, dir = parleyDir()) {
  const mod = await import(pathToFileURL(join(dir, 'packages/server/dist/modules/reports/rollups.js')).href);
  const { rowsOf, merge, hourlyOf, ALL } = mod;
  // A build with the cube (migration 0027): only each change's own row is summed here (1 of the 8 rowsOf
  // gives), and the '*' rows and the hourly rows are made from them in SQL afterwards, by the statements of
  // migration 0027 itself — 8× fewer rows through JavaScript and the wire (BENCH_REPORTS_SEED_JS=1: every row
  // in JavaScript, as the listeners write them; the two give the same tables).
  const cube = ALL !== undefined && process.env.BENCH_REPORTS_SEED_JS !== '1';
  const own = (rows) =>
    cube ? rows.filter((r) => r.department_id !== ALL && r.agent_id !== ALL && r.channel !== ALL) : rows;
  const rnd0 = prng(21);
  const now = Math.floor(Date.now() / DAY) * DAY;
  const rnd = (a, b) => a + rnd0() * (b - a);
  const chunk = Number(process.env.BENCH_REPORTS_SEED_CHUNK ?? 20_000);
  let rowsWritten = 0;
  // Cube mode: rows are kept until no later conversation can add to them (the conversations come in time
  // order and close within an hour), then inserted once, plainly, with the secondary indexes built after.
  let carry = [];
  const endOf = (r) =>
    r.grain === 0
      ? r.bucket.getTime() + 3_600_000
      : r.grain === 1
        ? r.bucket.getTime() + DAY
        : Date.UTC(r.bucket.getUTCFullYear(), r.bucket.getUTCMonth() + 1, 1);
  const statements = cube ? cubeStatements(dir) : undefined;
  for (const name of statements?.names ?? []) await c.query(`drop index ${name}`);
  for (let done = 0; done < n; done += chunk) {
    const rows = [];
    /** By status (report_status_counts): the conversations by the hour they started, as they are now. */
    const status = new Map();
    const countStatus = (created, s) => {
      const bucket = new Date(Math.floor(created.getTime() / 3_600_000) * 3_600_000);
      const k = `${bucket.getTime()}|${s}`;
      const had = status.get(k) ?? { bucket, channel: 'widget', status: s, n: 0 };
      had.n++;
      status.set(k, had);
    };
    for (let i = done; i < Math.min(n, done + chunk); i++) {
      const created = new Date(now - 365 * DAY + ((i + rnd0()) / n) * 365 * DAY);
      const departmentId = departments[i % departments.length];
      const agentId = agents[Math.floor(rnd0() * agents.length)];
      const dims = { departmentId, agentId: null, channel: 'widget' };
      rows.push(...own(rowsOf(created, dims, { started: 1 })));
      if (rnd0() < 0.05)
        rows.push(...own(rowsOf(new Date(created.getTime() + 60_000), { ...dims, agentId }, { transferred: 1 })));
      const resolution = rnd(60, 3600);
      const closedAt = new Date(created.getTime() + resolution * 1000);
      const answered = rnd0() < 0.92;
      const fr = answered ? rnd(3, 300) : null;
      const tags = rnd0() < 0.5 ? [TAGS[i % TAGS.length]] : [];
      const averageResponse = answered ? rnd(5, 120) : null;
      const handling = resolution - rnd(0, 50);
      const queue = rnd(0, 600);
      const sla = rnd0() < 0.3 ? { sla: { met: fr !== null && fr <= 120 } } : {};
      const rating = rnd0() < 0.2 ? 1 + Math.floor(rnd0() * 5) : 0;
      countStatus(created, closedAt.getTime() > now ? 'open' : 'closed');
      if (closedAt.getTime() > now) continue;
      rows.push(
        ...own(
          rowsOf(
            closedAt,
            { ...dims, agentId, tags },
            {
              closed: 1,
              missed: answered ? 0 : 1,
              firstResponse: fr,
              averageResponse,
              resolution,
              handling,
              queue,
              ...sla,
            },
          ),
        ),
      );
      if (rating) rows.push(...own(rowsOf(closedAt, { ...dims, agentId }, { rating })));
    }
    const merged = merge(cube ? [...carry, ...rows] : rows);
    if (cube) {
      // Final: rows whose bucket ended before this chunk's last start (a later one starts and closes after it).
      const horizon = now - 365 * DAY + (Math.min(n, done + chunk) / n) * 365 * DAY;
      const last = done + chunk >= n;
      const final = last ? merged : merged.filter((r) => endOf(r) <= horizon);
      carry = last ? [] : merged.filter((r) => endOf(r) > horizon);
      await insertByArrays(c, final);
      rowsWritten += final.length;
    } else {
      await insertRows(c, 'report_rollups', COLUMNS, merged, UPSERT_TAIL);
      rowsWritten += merged.length;
    }
    if (hourlyOf && !cube)
      await insertRows(
        c,
        'report_hourly',
        ['tag', 'department_id', 'agent_id', 'channel', 'day', 'started', 'closed'],
        hourlyOf(merged),
        `on conflict (tag, department_id, agent_id, channel, day) do update set
          started = report_hist_add(report_hourly.started, excluded.started),
          closed = report_hist_add(report_hourly.closed, excluded.closed)`,
      );
    await insertRows(
      c,
      'report_status_counts',
      ['bucket', 'channel', 'status', 'n'],
      [...status.values()],
      'on conflict (bucket, channel, status) do update set n = report_status_counts.n + excluded.n',
    );
    if ((done / chunk) % 10 === 9 || done + chunk >= n)
      log(`  reports: ${Math.min(n, done + chunk).toLocaleString('en-US')} conversations rolled up`);
  }
  if (statements) {
    const t = Date.now();
    await c.query(statements.cube);
    await c.query(statements.hourly);
    for (const statement of statements.indexes) await c.query(statement);
    log(`  reports: the '*' rows and the hourly rows made in SQL in ${round((Date.now() - t) / 1000, 1)} s`);
  }
  await c.query('vacuum analyze report_rollups');
  await c.query('vacuum analyze report_status_counts');
  if (hourlyOf) await c.query('vacuum analyze report_hourly');
  const total = (await c.query('select count(*)::int n from report_rollups')).rows[0].n;
  return { rowsWritten, rows: total };
}

const isoDay = (t) => new Date(t).toISOString().slice(0, 10);

/** Two report answers, equal but for floating-point sums taken in another order. */
function sameReport(a, b) {
  const eq = (x, y) =>
    typeof x === 'number' && typeof y === 'number'
      ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x))
      : Array.isArray(x)
        ? Array.isArray(y) && x.length === y.length && x.every((v, i) => eq(v, y[i]))
        : x && typeof x === 'object'
          ? y &&
            typeof y === 'object' &&
            Object.keys(x).length === Object.keys(y).length &&
            Object.keys(x).every((k) => eq(x[k], y[k]))
          : x === y;
  return eq(JSON.parse(a), JSON.parse(b));
}

/** startParley with the server of checkout `dir` (bench/lib/server.js reads BENCH_PARLEY_DIR). */
async function startWith(dir, opts) {
  const had = process.env.BENCH_PARLEY_DIR;
  process.env.BENCH_PARLEY_DIR = dir;
  try {
    return await startParley(opts);
  } finally {
    if (had === undefined) delete process.env.BENCH_PARLEY_DIR;
    else process.env.BENCH_PARLEY_DIR = had;
  }
}

/**
 * Reports at scale (issue 21): `conversations` conversations over the past year rolled up straight into
 * the rollups (no conversations or messages rows: the reports never read them), then report queries one
 * at a time — 30 and 365 days, unfiltered, one agent, one tag, one department, in Europe/Berlin — timed by
 * the client on loopback (server time + the HTTP round trip): p50/p95.
 *
 * Before/after in one run: with BENCH_REPORTS_BEFORE_DIR set to another checkout's built Parley (e.g. the
 * commit before a change), the rollups are seeded with THAT build's code and schema, its server answers the
 * queries, then this build's server starts on the same database — its migrations convert the rollups — and
 * answers the same queries; both answers must be equal (the bench fails otherwise). With
 * BENCH_REPORTS_BEFORE_SEED_ONLY=1 the other build only seeds (the old shape seeds faster than the cube):
 * a quicker way to this build's figures at a large size, through its migration.
 *
 * Then what the rollups cost the writes: two servers, rollups on (the default) and off
 * (REPORTS_ROLLUPS=false), each running whole conversations (start, take, 8 messages, close) with
 * `concurrency` at a time, in alternating rounds (on/off, then off/on) in one run; the figure is messages
 * per second with rollups on ÷ off (target ≥ 0.9), and the close's median latency on each.
 * @param {{ conversations: number, requests: number, lifecycles: number, rounds: number, concurrency: number,
 *   log: (s: string) => void }} o
 */
export async function runReports(o) {
  const t0 = Date.now();
  const out = { conversations: o.conversations };
  const beforeDir = process.env.BENCH_REPORTS_BEFORE_DIR;
  const builds = beforeDir
    ? [
        ['before', beforeDir],
        ['after', parleyDir()],
      ]
    : [['after', parleyDir()]];
  const agents = Array.from({ length: 20 }, () => randomUUID());
  let database;
  const departments = [];
  const today = Date.now();
  const ranges = { '30 days': isoDay(today - 29 * DAY), '365 days': isoDay(today - 364 * DAY) };
  const answers = {};
  out.queries = {};
  for (const [build, dir] of builds) {
    if (database) {
      // This build's migrations on the other build's data, timed (the server's start would wait 90 s at most).
      const dist = (f) => pathToFileURL(join(dir, 'packages/server/dist/kernel/db', f)).href;
      const { openPostgres } = await import(dist('connect.js'));
      const { migrate } = await import(dist('migrate.js'));
      const opened = await openPostgres(database.url, 2);
      const tm = Date.now();
      const applied = await migrate(opened.db);
      await opened.close();
      out.migration = { versions: applied, seconds: round((Date.now() - tm) / 1000, 1) };
      o.log(`  reports: ${build}'s migrations ${applied.join(', ')} in ${out.migration.seconds} s`);
    }
    const server = await startWith(dir, { db: 'postgres', label: `parley-reports-${build}`, database });
    try {
      const admin = await signIn(server.url, ADMIN);
      if (!database) {
        database = server.database;
        for (let i = 0; i < 5; i++)
          departments.push(
            (
              await call(server.url, 'POST', '/api/v1/departments', {
                headers: withCookie(admin),
                body: { name: `Bench dept ${i}` },
              })
            ).id,
          );
        const ts = Date.now();
        const seeded = await withClient(database.url, (c) =>
          seedRollups(c, o.conversations, departments, agents, o.log, dir),
        );
        out.seed = { build, seconds: round((Date.now() - ts) / 1000, 1), rollupRows: seeded.rows };
        o.log(
          `  reports: ${seeded.rows.toLocaleString('en-US')} rollup rows (${build}'s shape) in ${out.seed.seconds} s`,
        );
      } else {
        await withClient(database.url, async (c) => {
          await c.query('vacuum analyze report_rollups');
          await c.query('vacuum analyze report_hourly');
          const n = (await c.query('select count(*)::int n from report_rollups')).rows[0].n;
          const h = (await c.query('select count(*)::int n from report_hourly')).rows[0].n;
          out.migrated = { rollupRows: n, hourlyRows: h };
          o.log(
            `  reports: migrated to ${n.toLocaleString('en-US')} rollup rows and ${h.toLocaleString('en-US')} hourly rows`,
          );
        });
      }
      const variants = {
        all: '',
        'one agent': `&agentId=${agents[0]}`,
        'one tag': '&tag=billing',
        'one department': `&departmentId=${departments[0]}`,
      };
      // BENCH_REPORTS_BEFORE_SEED_ONLY=1: the other build only seeds (its shape is quicker to seed), unmeasured.
      const measure = !(build === 'before' && process.env.BENCH_REPORTS_BEFORE_SEED_ONLY === '1');
      for (const [range, from] of measure ? Object.entries(ranges) : []) {
        for (const [variant, extra] of Object.entries(variants)) {
          const path = `/api/v1/reports?from=${from}&to=${isoDay(today)}&tz=Europe/Berlin${extra}`;
          const ms = [];
          let body;
          for (let i = 0; i < o.requests + 2; i++) {
            const t = performance.now();
            const r = await request(server.url, 'GET', path, { headers: withCookie(admin) });
            const took = performance.now() - t;
            if (r.status !== 200) throw new Error(`GET ${path} → ${r.status} ${r.text.slice(0, 200)}`);
            if (i >= 2) ms.push(took); // the first two warm the caches
            body = r.text;
          }
          const key = `${range}, ${variant}`;
          if (answers[key] !== undefined && !sameReport(answers[key], body))
            throw new Error(`${key}: the builds' answers differ`);
          answers[key] = body;
          const s = summarize(ms);
          const p95 = percentileSorted(Float64Array.from(ms).sort(), 95);
          const fig = { p50: round(s.p50, 1), p95: round(p95, 1), max: round(s.max, 1) };
          // `queries`: this build's figures (the results table reads them); `before`: the other build's.
          if (build === 'after') out.queries[key] = fig;
          else (out.before ??= {})[key] = fig;
          o.log(`  reports (${build}): ${key}: p50 ${round(s.p50, 1)} ms, p95 ${round(p95, 1)} ms`);
        }
      }
    } finally {
      // The database outlives the first build's server (the next one starts on it) and goes with the last.
      if (build === builds[builds.length - 1][0]) await stopServer(server);
      else await server.stop();
    }
  }
  if (beforeDir && process.env.BENCH_REPORTS_BEFORE_SEED_ONLY !== '1')
    o.log('  reports: both builds gave the same answers');

  // What the rollups cost the writes: on and off, in alternating rounds (skipped with --no-report-writes).
  if (o.lifecycles <= 0) {
    out.seconds = round((Date.now() - t0) / 1000, 0);
    return out;
  }
  const arms = {};
  const servers = {};
  try {
    for (const arm of ['on', 'off']) {
      const s = await startParley({
        db: 'postgres',
        label: `parley-reports-${arm}`,
        env: { REPORTS_ROLLUPS: arm === 'on' ? 'true' : 'false' },
      });
      servers[arm] = s;
      const admin = await signIn(s.url, ADMIN);
      await call(s.url, 'PATCH', '/api/v1/settings', {
        headers: withCookie(admin),
        body: { 'routing.method': 'manual', 'routing.acceptWithNoOnlineAgents': true },
      });
      const agents = await createAgents(s.url, admin, o.concurrency, { maxChats: 1000, prefix: `reports-${arm}` });
      arms[arm] = { url: s.url, agents, messagesPerSecond: [], closeMs: [], messageMs: [] };
    }
    for (let r = 0; r < o.rounds; r++) {
      for (const arm of r % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
        const a = arms[arm];
        const t = performance.now();
        let messages = 0;
        await mapLimit(
          Array.from({ length: o.lifecycles }, (_, i) => i),
          o.concurrency,
          async (_, i) => {
            const agent = a.agents[i % a.agents.length];
            const v = await call(a.url, 'POST', '/api/v1/widget/visitors', { body: { name: `Bench ${i}` } });
            const vh = { 'x-parley-visitor-token': v.token };
            const c = await call(a.url, 'POST', '/api/v1/widget/conversations', {
              headers: vh,
              body: { text: 'Hello' },
            });
            const id = c.conversation.id;
            await call(a.url, 'POST', `/api/v1/conversations/${id}/take`, { headers: withCookie(agent.cookie) });
            for (let m = 0; m < 4; m++) {
              let ts = performance.now();
              await call(a.url, 'POST', `/api/v1/conversations/${id}/messages`, {
                headers: withCookie(agent.cookie),
                body: { text: `Answer ${m}` },
              });
              a.messageMs.push(performance.now() - ts);
              ts = performance.now();
              await call(a.url, 'POST', `/api/v1/widget/conversations/${id}/messages`, {
                headers: vh,
                body: { text: `Q ${m}` },
              });
              a.messageMs.push(performance.now() - ts);
              messages += 2;
            }
            const ts = performance.now();
            await call(a.url, 'POST', `/api/v1/conversations/${id}/close`, {
              headers: withCookie(agent.cookie),
              body: {},
            });
            a.closeMs.push(performance.now() - ts);
          },
        );
        const seconds = (performance.now() - t) / 1000;
        a.messagesPerSecond.push(messages / seconds);
        o.log(`  reports: round ${r + 1}, rollups ${arm}: ${round(messages / seconds, 1)} messages/s`);
      }
    }
    const med = (v) => summarize(v).p50;
    out.writeCost = {
      lifecycles: o.lifecycles,
      rounds: o.rounds,
      concurrency: o.concurrency,
      messagesPerSecond: {
        on: round(med(arms.on.messagesPerSecond), 1),
        off: round(med(arms.off.messagesPerSecond), 1),
      },
      ratio: round(med(arms.on.messagesPerSecond) / med(arms.off.messagesPerSecond), 3),
      messageP50Ms: { on: round(med(arms.on.messageMs), 2), off: round(med(arms.off.messageMs), 2) },
      closeP50Ms: { on: round(med(arms.on.closeMs), 2), off: round(med(arms.off.closeMs), 2) },
    };
    o.log(
      `  reports: messages/s with rollups on ÷ off = ${out.writeCost.ratio} (target ≥ ${ROLLUP_RATIO_TARGET}); ` +
        `close p50 ${out.writeCost.closeP50Ms.on} ms on, ${out.writeCost.closeP50Ms.off} ms off`,
    );
  } finally {
    for (const s of Object.values(servers)) await stopServer(s);
  }
  out.seconds = round((Date.now() - t0) / 1000, 0);
  return out;
}
