import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { StaffRole } from '@parley/shared';
import { inject } from 'vitest';
import { createParley, type Parley } from '../app.js';
import { loadConfig } from '../config.js';
import { FakeClock, systemClock, type Clock } from '../kernel/clock.js';
import { openEmbedded, openInMemory, openPostgres, type OpenedDatabase } from '../kernel/db/connect.js';
import { createLogger } from '../kernel/logger.js';
import { Api } from './api.js';
import { WsClient } from './ws-client.js';

/** Where the suite runs: the embedded default, or PostgreSQL when DATABASE_URL is set (plus Redis). */
export const onPostgres = Boolean(process.env.DATABASE_URL);
export const withRedis = Boolean(process.env.REDIS_URL);

/**
 * One logical deployment: a database (and a Redis channel prefix). Several Parley processes can join
 * a PostgreSQL cluster; PGlite has a single connection, so its cluster holds one process.
 */
export class TestCluster {
  readonly prefix = `parley-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private dbName: string | undefined;
  private pgliteUsed = false;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'parley-test-'));

  /**
   * `persistent`: on the embedded database, use a real data directory (slower to create) so the
   * cluster survives a restart of its process, as `npm start` does.
   */
  async open(persistent = false): Promise<OpenedDatabase> {
    if (!onPostgres && persistent) return openEmbedded(this.dataDir);
    if (!onPostgres) {
      if (this.pgliteUsed) throw new Error('an in-memory cluster holds one process; use persistent: true to restart');
      this.pgliteUsed = true;
      const template = readFileSync(inject('pgliteTemplate'));
      return openInMemory(new Blob([template]));
    }
    const base = process.env.DATABASE_URL!;
    if (!this.dbName) {
      this.dbName = this.prefix.replace(/[^a-z0-9]/g, '_');
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database ${this.dbName}`);
      await admin.end();
    }
    const url = new URL(base);
    url.pathname = `/${this.dbName}`;
    return openPostgres(url.toString(), 10);
  }

  /** The PostgreSQL URL of this cluster's database (after open()). */
  url(): string {
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${this.prefix.replace(/[^a-z0-9]/g, '_')}`;
    return u.toString();
  }

  async destroy(): Promise<void> {
    rmSync(this.dataDir, { recursive: true, force: true });
    if (!this.dbName) return;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL! });
    await admin.connect();
    await admin.query(`drop database if exists ${this.dbName} with (force)`);
    await admin.end();
  }
}

export interface TestParleyOptions {
  /** A fake clock (default) lets tests move time; pass `systemClock` for real time. */
  clock?: Clock;
  env?: Record<string, string>;
  cluster?: TestCluster;
  /** Run the jobs loop and relay like a real server (default false: tests call jobs.runDue()). */
  background?: boolean;
  /** Survive a restart on the embedded database too (see TestCluster.open). */
  persistent?: boolean;
  /** Settings to apply before the test starts. */
  settings?: Record<string, unknown>;
}

/**
 * For tests of conversation mechanics that take chats by hand: manual routing, and chats accepted
 * even when no agent is online.
 */
export const byHand = { 'routing.method': 'manual', 'routing.acceptWithNoOnlineAgents': true };

export interface TestParley extends Parley {
  cluster: TestCluster;
  api: Api;
  fakeClock: FakeClock | undefined;
  /** Creates a staff user with a password and returns an Api signed in as them. */
  staff(
    roles: StaffRole[],
    opts?: { email?: string; name?: string },
  ): Promise<{ api: Api; userId: string; email: string; password: string }>;
  /** An admin Api (created once). */
  admin(): Promise<Api>;
  /** Registers a widget visitor; the Api carries its token. */
  visitor(body?: Record<string, unknown>): Promise<{ api: Api; token: string; visitorId: string }>;
  /** An agent who is available and online (a realtime connection is open). */
  onlineAgent(opts?: {
    departmentIds?: string[];
    name?: string;
  }): Promise<{ api: Api; userId: string; ws: WsClient; cookie: string }>;
  /** Waits for event listeners and runs every due job, until nothing is left to do. */
  settle(): Promise<void>;
  /** Runs one dispatcher pass now (and settles). */
  dispatchOnce(): Promise<void>;
  /** Listens on a free loopback port (for websocket tests); returns the base URL. */
  baseUrl(): Promise<string>;
  stop(): Promise<void>;
}

let counter = 0;
export const TEST_PASSWORD = 'correct horse battery staple';

export async function startTestParley(o: TestParleyOptions = {}): Promise<TestParley> {
  const cluster = o.cluster ?? new TestCluster();
  const ownsCluster = !o.cluster;
  const clock = o.clock ?? new FakeClock();
  const config = loadConfig({
    DATA_DIR: cluster.dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_CHANNEL_PREFIX: cluster.prefix,
    // Test receivers listen on loopback; the refusal itself is tested with this set to false.
    OUTBOUND_ALLOW_PRIVATE: 'true',
    ...(onPostgres ? { DATABASE_URL: cluster.url() } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...o.env,
  });
  const database = await cluster.open(o.persistent);
  const parley = await createParley({
    config,
    clock,
    database,
    log: createLogger(config.LOG_LEVEL),
    background: o.background ?? false,
  });
  await parley.http.ready();
  if (o.settings) await parley.settings.update(o.settings, { kind: 'anonymous' });
  const api = new Api(parley.http);
  let adminApi: Api | undefined;
  let listening: string | undefined;

  const staff: TestParley['staff'] = async (roles, opts = {}) => {
    const n = ++counter;
    const email = opts.email ?? `${roles.join('-')}-${n}-${Math.random().toString(36).slice(2, 6)}@example.test`;
    const user = await parley.users.create(
      { email, name: opts.name ?? `${roles[0]} ${n}`, password: TEST_PASSWORD, roles },
      'system',
    );
    const res = await api.post('/api/v1/auth/sign-in', { email, password: TEST_PASSWORD });
    if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
    const cookie = res.cookies.find((c) => c.name === 'parley_session')!;
    return { api: api.withCookie(`parley_session=${cookie.value}`), userId: user.id, email, password: TEST_PASSWORD };
  };

  return Object.assign(parley, {
    cluster,
    api,
    fakeClock: clock instanceof FakeClock ? clock : undefined,
    staff,
    async admin() {
      adminApi ??= (await staff(['admin'])).api;
      return adminApi;
    },
    async visitor(body: Record<string, unknown> = {}) {
      const res = await api.post('/api/v1/widget/visitors', body);
      if (res.status !== 201) throw new Error(`visitor registration failed: ${JSON.stringify(res.body)}`);
      return {
        api: api.as({ 'x-parley-visitor-token': res.body.token }),
        token: res.body.token,
        visitorId: res.body.visitor.id,
      };
    },
    async onlineAgent(opts: { departmentIds?: string[]; name?: string } = {}) {
      const s = await staff(['agent'], opts.name ? { name: opts.name } : {});
      for (const d of opts.departmentIds ?? []) {
        const dept = await parley.departments.get(d);
        await parley.departments.setAgents(d, [...dept.agents.map((a) => a.userId), s.userId], { kind: 'anonymous' });
      }
      const cookie = s.api.headers.cookie!;
      const ws = await WsClient.connect(await this.baseUrl(), { cookie });
      await s.api.put('/api/v1/agents/me/status', { availability: 'available' });
      return { api: s.api, userId: s.userId, ws, cookie };
    },
    async settle() {
      for (let i = 0; i < 50; i++) {
        await parley.bus.drain();
        await parley.webhooks.sender.runDue();
        if ((await parley.jobs.runDue()) === 0) {
          await parley.bus.drain();
          await parley.routing.dispatcher.idle(); // a pass a job asked for after its commit (the tick)
          if ((await parley.jobs.runDue()) === 0) {
            await parley.routing.dispatcher.flushPositions();
            return;
          }
        }
      }
      throw new Error('settle: still busy after 50 rounds');
    },
    async dispatchOnce() {
      await this.settle();
      await parley.routing.dispatcher.request();
      await this.settle();
    },
    async baseUrl() {
      if (!listening) {
        listening = await parley.http.listen({ port: 0, host: '127.0.0.1' });
      }
      return listening;
    },
    async stop() {
      await parley.close();
      if (ownsCluster) await cluster.destroy();
    },
  });
}

export { systemClock };
