import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapLimit } from '../lib/http.js';
import { createAgents, setCapacity, signIn } from '../lib/parley.js';
import { withClient } from '../lib/pg.js';
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
 * @param {{ conversations: number, agents: number, capacity: number, timeoutMs: number, profileDir?: string, log: (s: string) => void }} o
 */
export async function runRouting(o) {
  const t0 = Date.now();
  const server = await startParley({ db: 'postgres', label: 'parley-routing' });
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
    await worker.ask('setup', { url, agents }, 300_000);
    o.log(`  routing: ${agents.length} agents online (capacity ${o.capacity}), ${visitors.length} visitors ready`);

    const cpu = new CpuMeter(() => [server.pid]);
    let profileFile;
    if (o.profileDir) await server.startProfile();
    cpu.start();
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
        `${r.doubleAssigned}, max open per agent seen ${r.maxOpenPerAgent}` +
        (r.startsNotSent > 0 ? `; ${r.startsNotSent} starts not even sent within ${o.timeoutMs / 1000} s` : '') +
        `; a start took ${round(r.startRequestFirstTenth.p50)} ms (p50) early in the burst, ` +
        `${round(r.startRequestLastTenth.p50)} ms at its end`,
    );
    const { log: _log, profileDir: _dir, ...params } = o;
    return { ...params, ...r, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await worker.stop();
    await stopServer(server);
  }
}
