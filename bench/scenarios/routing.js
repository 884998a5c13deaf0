import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapLimit, request } from '../lib/http.js';
import { createAgents, setCapacity, signIn } from '../lib/parley.js';
import { backendPids, withClient } from '../lib/pg.js';
import { CpuMeter } from '../lib/proc.js';
import { summarizeProfile } from '../lib/profile.js';
import { seedAgents, seedVisitors } from '../lib/seed.js';
import { ADMIN, ROOT, startParley, stopServer } from '../lib/server.js';
import { round } from '../lib/stats.js';
import { Worker } from '../lib/worker.js';

/**
 * Routing (issue 4's benchmark): a burst of conversations into agents of fixed capacity on PostgreSQL.
 * Each agent closes a conversation as soon as it is assigned, so the queue drains through the freed
 * capacity. Reports assignments per second and start → assignment latency; afterwards checks that no
 * conversation went to two agents and none is left waiting.
 * `instances` > 1: that many server processes on one database, sharing Redis (REDIS_URL, default
 * redis://127.0.0.1:6379); agents and visitors are spread over them in turn. `rate`: starts paced at that
 * many per second instead of as fast as 64 senders go (the latency below the sustained rate).
 * `queuedFirst`: the whole burst waits in the queue first (routing.method manual while it arrives), then
 * routing is switched on (auto): the dispatcher's own speed, without the starts' pace in it.
 * @param {{ conversations: number, agents: number, capacity: number, timeoutMs: number, instances?: number, rate?: number, queuedFirst?: boolean, profileDir?: string, log: (s: string) => void }} o
 */
export async function runRouting(o) {
  const t0 = Date.now();
  const instances = o.instances ?? 1;
  const redis =
    instances > 1
      ? {
          REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
          REDIS_CHANNEL_PREFIX: `bench-routing-${process.pid}-${Date.now()}`,
        }
      : {};
  const server = await startParley({ db: 'postgres', label: 'parley-routing', env: redis });
  const servers = [server];
  const worker = new Worker(join(ROOT, 'bench', 'loadgen', 'routing-worker.js'), 'routing load generator');
  try {
    const url = server.url;
    const admin = await signIn(url, ADMIN);
    // One agent through the API (its password hash is reused), the others seeded with SQL.
    const [first] = await createAgents(url, admin, 1, { prefix: 'routing', ipOffset: 4000 });
    const seeded = await withClient(server.database.url, async (c) => {
      const hash = (await c.query('select password_hash from users where id = $1', [first.id])).rows[0].password_hash;
      return seedAgents(c, o.agents - 1, { passwordHash: hash, tag: 'routing' });
    });
    const agents = [first, ...seeded];
    await mapLimit(agents, 16, (a) => setCapacity(url, admin, a.id, o.capacity));
    const visitors = await withClient(server.database.url, (c) => seedVisitors(c, o.conversations, { tag: 'routing' }));
    for (let n = 1; n < instances; n++)
      servers.push(
        await startParley({ db: 'postgres', label: `parley-routing-${n + 1}`, env: redis, database: server.database }),
      );
    await worker.ask('setup', { url, urls: servers.map((s) => s.url), agents }, 300_000);
    o.log(
      `  routing: ${agents.length} agents online (capacity ${o.capacity}), ${visitors.length} visitors ready, ` +
        `${instances} server process${instances > 1 ? 'es' : ''}`,
    );

    if (o.queuedFirst) {
      const r = await request(url, 'PATCH', '/api/v1/settings', {
        headers: { cookie: admin },
        body: { 'routing.method': 'manual' },
      });
      if (r.status !== 200) throw new Error(`routing.method manual → ${r.status}`);
    }
    const cpu = new CpuMeter(() => servers.map((s) => s.pid));
    const pgPids = await backendPids(server.database.name);
    const pgCpu = new CpuMeter(() => pgPids);
    let profileFile;
    if (o.profileDir) await server.startProfile();
    cpu.start();
    pgCpu.start();
    let r;
    try {
      r = await worker.ask(
        'burst',
        {
          visitors: visitors.map((v) => ({ token: v.token })),
          concurrency: 64,
          capacity: o.capacity,
          timeoutMs: o.timeoutMs,
          noRoutingMs: 5000,
          ...(o.rate ? { rate: o.rate } : {}),
          ...(o.queuedFirst ? { release: { cookie: admin, method: 'auto' } } : {}),
        },
        o.timeoutMs + 180_000,
      );
    } finally {
      if (o.profileDir) {
        mkdirSync(o.profileDir, { recursive: true });
        profileFile = join(o.profileDir, `routing-${Date.now()}.cpuprofile`);
        await server.stopProfile(profileFile);
      }
    }
    r.serverCpuPct = cpu.stop();
    r.postgresCpuPct = pgCpu.stop();
    // CPU per assignment (the closes that free the capacity included): the servers', PostgreSQL's.
    r.serverCpuMsPerAssignment = r.assigned > 0 ? cpu.usedMs / r.assigned : null;
    r.postgresCpuMsPerAssignment = r.assigned > 0 ? pgCpu.usedMs / r.assigned : null;
    if (profileFile)
      r.profile = { file: profileFile, ...summarizeProfile(JSON.parse(readFileSync(profileFile, 'utf8')), 20) };

    // The database's word: nobody holds more than their capacity, nothing is still waiting.
    r.check = await withClient(server.database.url, async (c) => {
      const byStatus = Object.fromEntries(
        (await c.query('select status, count(*)::int as n from conversations group by status')).rows.map((x) => [
          x.status,
          x.n,
        ]),
      );
      const overCapacity = (
        await c.query(
          `select count(*)::int as n from (select agent_id from conversations where status = 'open' group by agent_id
           having count(*) > $1) x`,
          [o.capacity],
        )
      ).rows[0].n;
      const inQueue = (await c.query('select count(*)::int as n from inquiries')).rows[0].n;
      return { byStatus, agentsOverCapacityAtEnd: overCapacity, stillInQueue: inQueue };
    });
    o.log(
      `  routing (${r.mode === 'server' ? 'routed by the server' : 'server does not route yet: manual takes'}): ` +
        `${r.assigned}/${r.started} assigned, ${round(r.assignmentsPerSecond, 0)} assignments/s ` +
        (r.fillAssignmentsPerSecond !== null
          ? `(${round(r.fillAssignmentsPerSecond, 0)}/s while agents had room), `
          : '') +
        (r.startToAssignment
          ? `start → assignment p50 ${round(r.startToAssignment.p50)} ms, p99 ${round(r.startToAssignment.p99)} ms`
          : `take p50 ${round(r.takeLatency?.p50)} ms, p99 ${round(r.takeLatency?.p99)} ms`) +
        `; double assignments ` +
        `${r.doubleAssigned}, max open per agent seen ${r.maxOpenPerAgent}; start request p99 ${round(r.startRequest.p99)} ms; ` +
        `CPU per assignment ${round(r.serverCpuMsPerAssignment, 2)} ms server, ${round(r.postgresCpuMsPerAssignment, 2)} ms PostgreSQL` +
        (r.startsNotSent > 0 ? `; ${r.startsNotSent} starts not even sent within ${o.timeoutMs / 1000} s` : '') +
        (r.releaseToAssignment
          ? `; queued first, then routing on: all assigned within ${round(r.drainSeconds, 2)} s, ` +
            `routing on → assignment p50 ${round(r.releaseToAssignment.p50)} ms, p99 ${round(r.releaseToAssignment.p99)} ms`
          : '') +
        `; a start took ${round(r.startRequestFirstTenth.p50)} ms (p50) early in the burst, ` +
        `${round(r.startRequestLastTenth.p50)} ms at its end`,
    );
    const { log: _log, profileDir: _dir, ...params } = o;
    return { ...params, ...r, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await worker.stop();
    // The others share the first one's database: stopped first, the database dropped with the first.
    for (const s of servers.slice(1)) await s.stop();
    await stopServer(server);
  }
}
