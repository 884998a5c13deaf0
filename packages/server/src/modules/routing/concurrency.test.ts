import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { onPostgres, TestCluster, withRedis } from '../../test-support/harness.js';
import { ServerProcess } from '../../test-support/server-process.js';
import { WsClient } from '../../test-support/ws-client.js';

const AGENTS = 12;
const CAPACITY = 3;
const CONVERSATIONS = 300;
const ADMIN = { email: 'admin@concurrency.test', password: 'many processes one database' };

/** A tiny fetch client (the servers are other processes: no app.inject here). */
function client(base: string, headers: Record<string, string> = {}) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? JSON.parse(text) : undefined,
      setCookie: res.headers.get('set-cookie') ?? '',
    };
  };
  return {
    get: (p: string) => call('GET', p),
    post: (p: string, b?: unknown) => call('POST', p, b),
    put: (p: string, b?: unknown) => call('PUT', p, b),
    patch: (p: string, b?: unknown) => call('PATCH', p, b),
  };
}

async function signIn(base: string, email: string, password: string) {
  const r = await client(base).post('/api/v1/auth/sign-in', { email, password });
  if (r.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(r.body)}`);
  return /parley_session=([^;]+)/.exec(r.setCookie)![0];
}

describe.runIf(onPostgres)('routing under concurrency, several server processes on one PostgreSQL', () => {
  it('never double-assigns, never overfills an agent, and leaves nothing stuck', { timeout: 240_000 }, async () => {
    const cluster = new TestCluster();
    const opened = await cluster.open(); // creates the database (the servers migrate it)
    const dbUrl = new URL(process.env.DATABASE_URL!);
    dbUrl.pathname = `/${cluster.prefix.replace(/[^a-z0-9]/g, '_')}`;
    const env = {
      DATABASE_URL: dbUrl.toString(),
      DATA_DIR: cluster.dataDir,
      PARLEY_ADMIN_EMAIL: ADMIN.email,
      PARLEY_ADMIN_PASSWORD: ADMIN.password,
      WIDGET_RATE_PER_MINUTE: '10000000',
      REDIS_CHANNEL_PREFIX: cluster.prefix,
      ...(withRedis ? { REDIS_URL: process.env.REDIS_URL! } : {}),
    };
    const servers = [await ServerProcess.start(env), await ServerProcess.start(env)];
    const sockets: WsClient[] = [];
    const violations: string[] = [];
    let sampling = true;
    const { db } = opened;
    try {
      const [s1, s2] = servers.map((s) => s.url) as [string, string];
      const admin = client(s1, { cookie: await signIn(s1, ADMIN.email, ADMIN.password) });
      expect(
        (
          await admin.patch('/api/v1/settings', {
            'queue.maxChatsPerAgent': CAPACITY,
            'queue.waitingQueue.enabled': true,
            'routing.method': 'load-balancing',
            'queue.processingDelaySeconds': 1,
          })
        ).status,
      ).toBe(200);

      // Agents, each connected to one of the two processes.
      const agents: Array<{ id: string; api: ReturnType<typeof client>; base: string }> = [];
      for (let i = 0; i < AGENTS; i++) {
        const email = `agent${i}@concurrency.test`;
        const created = await admin.post('/api/v1/users', {
          email,
          name: `Agent ${i}`,
          password: 'agent password 123',
          roles: ['agent'],
        });
        const base = i % 2 ? s2 : s1;
        const cookie = await signIn(base, email, 'agent password 123');
        sockets.push(await WsClient.connect(base, { cookie }));
        const api = client(base, { cookie });
        await api.put('/api/v1/agents/me/status', { availability: 'available' });
        agents.push({ id: created.body.id, api, base });
      }

      // The invariant sampler: at no moment may an agent hold more open chats than its capacity, and no
      // conversation may be joined by two agents.
      const sampler = (async () => {
        while (sampling) {
          const over = await sql<{ agent_id: string; n: number }>`select agent_id, count(*)::int as n from conversations
            where status = 'open' group by agent_id having count(*) > ${CAPACITY}`.execute(db.kysely);
          for (const r of over.rows) violations.push(`agent ${r.agent_id} had ${r.n} open chats`);
          const twice = await sql<{
            conversation_id: string;
            n: number;
          }>`select conversation_id, count(*)::int as n from messages
            where system_type = 'user-join' group by conversation_id having count(*) > 1`.execute(db.kysely);
          for (const r of twice.rows) violations.push(`conversation ${r.conversation_id} joined ${r.n} times`);
          await new Promise((r) => setTimeout(r, 10));
        }
      })();

      // Hundreds of conversations at once, through both processes, while agents close chats and go away/back.
      const starts = Array.from({ length: CONVERSATIONS }, async (_, i) => {
        const base = i % 2 ? s1 : s2;
        const reg = await client(base).post('/api/v1/widget/visitors', {});
        const v = client(base, { 'x-parley-visitor-token': reg.body.token });
        const r = await v.post('/api/v1/widget/conversations', { text: `help ${i}` });
        if (r.status !== 201) throw new Error(`start ${i}: ${JSON.stringify(r.body)}`);
      });
      const chaos = (async () => {
        for (let round = 0; round < 30; round++) {
          const a = agents[round % AGENTS]!;
          const mine = await a.api.get(`/api/v1/conversations?status=open&agentId=${a.id}&limit=100`);
          for (const c of (mine.body.items ?? []).slice(0, 2))
            await a.api.post(`/api/v1/conversations/${c.id}/close`, {});
          // Agents also grab waiting chats by hand, all at once: the database alone must keep them honest.
          const waiting = await agents[0]!.api.get('/api/v1/queue');
          const grab = (waiting.body.items ?? []).slice(0, 4) as Array<{ id: string }>;
          await Promise.all(agents.flatMap((x) => grab.map((c) => x.api.post(`/api/v1/conversations/${c.id}/take`))));
          const b = agents[(round * 5) % AGENTS]!;
          await b.api.put('/api/v1/agents/me/status', { availability: 'unavailable' });
          await b.api.put('/api/v1/agents/me/status', { availability: 'available' });
        }
      })();
      await Promise.all([...starts, chaos]);

      // Quiet again: every agent available; the dispatchers (and their 1 s safety net) drain the queue.
      for (const a of agents) await a.api.put('/api/v1/agents/me/status', { availability: 'available' });
      const stuck = async () => {
        const queued = await sql<{ n: number }>`select count(*)::int as n from inquiries`.execute(db.kysely);
        const room = await sql<{ n: number }>`select count(*)::int as n from users u
          where 'agent' = any(u.roles) and (select count(*) from conversations c where c.agent_id = u.id and c.status = 'open') < ${CAPACITY}`.execute(
          db.kysely,
        );
        return queued.rows[0]!.n > 0 && room.rows[0]!.n > 0;
      };
      await expect.poll(stuck, { timeout: 60_000, interval: 250 }).toBe(false);
      sampling = false;
      await sampler;

      expect(violations).toEqual([]);
      const totals = await sql<{
        status: string;
        n: number;
      }>`select status, count(*)::int as n from conversations group by status`.execute(db.kysely);
      const byStatus = Object.fromEntries(totals.rows.map((r) => [r.status, r.n]));
      expect((byStatus.open ?? 0) + (byStatus.queued ?? 0) + (byStatus.closed ?? 0)).toBe(CONVERSATIONS);
      expect(byStatus.open).toBe(AGENTS * CAPACITY); // full, and the rest waits
    } finally {
      sampling = false;
      for (const s of sockets) await s.close().catch(() => undefined);
      for (const s of servers) await s.stop();
      await opened.close();
      await cluster.destroy();
    }
  });
});
