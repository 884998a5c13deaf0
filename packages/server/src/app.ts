import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { EventBus, InProcessTransport, type BusTransport } from './kernel/bus.js';
import { PgNotifyTransport } from './kernel/bus-pg.js';
import { RedisTransport } from './kernel/bus-redis.js';
import { cacheEvents } from './kernel/events.js';
import { systemClock, type Clock } from './kernel/clock.js';
import { openEmbedded, openPostgres, type OpenedDatabase } from './kernel/db/connect.js';
import type { Db } from './kernel/db/db.js';
import { migrate } from './kernel/db/migrate.js';
import type { RouteDef } from './kernel/http.js';
import { JobRunner } from './kernel/jobs.js';
import { registerListeners } from './kernel/listeners.js';
import { createLogger, type Logger } from './kernel/logger.js';
import fastifyWebsocket from '@fastify/websocket';
import { composeModules, type Modules } from './compose.js';
import { originAllowed, type OriginHeaders } from './modules/widget/index.js';
import { createHttpServer } from './transport/http/server.js';
import { registerWidgetAssets } from './transport/http/widget-assets.js';
import { gatewayDeps } from './transport/ws/gateway-deps.js';
import { Gateway } from './transport/ws/gateway.js';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { version: string };

export interface ParleyOptions {
  config: Config;
  log?: Logger;
  clock?: Clock;
  /** An already opened database (tests); otherwise from the config. */
  database?: OpenedDatabase;
  /** Run the jobs loop and the outbox relay (default true; tests drive them by hand). */
  background?: boolean;
}

export interface Parley extends Omit<Modules, 'routes'> {
  config: Config;
  log: Logger;
  clock: Clock;
  db: Db;
  bus: EventBus;
  jobs: JobRunner;
  http: FastifyInstance;
  routes: RouteDef[];
  gateway: Gateway;
  /** The one-time link to create the first admin, when one is needed. */
  setupLink: string | undefined;
  databaseDescription: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** The composition root: config → db → bus → modules → transport. `main.ts` adds listen and signals. */
export async function createParley(o: ParleyOptions): Promise<Parley> {
  const { config } = o;
  const log = o.log ?? createLogger(config.LOG_LEVEL);
  const clock = o.clock ?? systemClock;
  const database =
    o.database ??
    (config.DATABASE_URL
      ? await openPostgres(config.DATABASE_URL, config.DATABASE_POOL_SIZE)
      : await openEmbedded(config.DATA_DIR));
  const cleanups: Array<() => Promise<void>> = [() => database.close()];
  try {
    const { db } = database;
    await migrate(db);
    // Redis carries every event to the other processes; without it, PostgreSQL's LISTEN/NOTIFY still
    // carries the cache-invalidating ones, so processes never act on stale settings or departments.
    const transport: BusTransport = config.REDIS_URL
      ? new RedisTransport(config.REDIS_URL, log, config.REDIS_CHANNEL_PREFIX)
      : config.DATABASE_URL && !o.database?.pglite
        ? new PgNotifyTransport(config.DATABASE_URL, log, config.REDIS_CHANNEL_PREFIX, cacheEvents)
        : new InProcessTransport();
    const bus = new EventBus(db, clock, log.child({ part: 'bus' }), transport);
    cleanups.unshift(() => bus.close());
    await bus.start();
    const jobs = new JobRunner(db, clock, log.child({ part: 'jobs' }), transport, {
      concurrency: db.dialect === 'pglite' ? 1 : 4,
    });

    const m = await composeModules({ config, db, bus, jobs, clock, log });
    const { routes, auth, visitors, settings } = m;
    const authenticators = {
      staffBySession: (t: string) => auth.resolveSession(t),
      staffByAccessToken: (t: string) => auth.resolveAccessToken(t),
      visitorByToken: (t: string) => visitors.resolveToken(t),
    };
    const widgetOrigin = (h: OriginHeaders) =>
      originAllowed(settings.get('livechat.allowedDomains'), config.publicUrl, h);
    // The widget's HTTP routes, its socket and its frame's CSP all hold to it (transport/http, ws).
    settings.declareEnforced('livechat.allowedDomains');
    const gateway = new Gateway({
      ...gatewayDeps(m, bus, log, authenticators, transport.instanceId),
      visitorIdentity: (actor, id) => m.verification.gate(actor, id),
      visitorOriginAllowed: widgetOrigin,
      publicUrl: config.publicUrl,
    });
    // After the modules' listeners (composeModules): caches are fresh before anything is pushed.
    registerListeners(bus, gateway.listeners());
    cleanups.unshift(async () => m.mailer.close());
    let closing = false;
    const http = await createHttpServer({
      routes,
      auth: authenticators,
      originAllowed: widgetOrigin,
      extend: async (app) => {
        await app.register(fastifyWebsocket, { options: { perMessageDeflate: false, maxPayload: 64 * 1024 } });
        gateway.register(app);
        await registerWidgetAssets(app, {
          dir: config.WIDGET_DIST ?? join(here, '..', '..', 'widget', 'dist'),
          allowedDomains: () => settings.get('livechat.allowedDomains'),
          additionalScripts: () => settings.get('livechat.additionalScripts'),
          additionalCss: () => settings.get('livechat.additionalCss'),
        });
      },
      log,
      publicUrl: config.publicUrl,
      trustProxy: config.TRUST_PROXY,
      version: pkg.version,
      webDist: config.WEB_DIST ?? join(here, '..', '..', 'web', 'dist'),
      ready: async () => {
        if (closing) return false;
        await db.kysely.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
        return true;
      },
    });

    const envAdmin =
      config.PARLEY_ADMIN_EMAIL && config.PARLEY_ADMIN_PASSWORD
        ? { email: config.PARLEY_ADMIN_EMAIL, password: config.PARLEY_ADMIN_PASSWORD }
        : undefined;
    const setupLink = await m.setup.prepare(config.publicUrl, envAdmin);

    let relayTimer: NodeJS.Timeout | undefined;
    if (o.background !== false) {
      jobs.start();
      await m.routing.start();
      await m.webhooks.start();
      await m.reports.start();
      m.emailChannel.email.start();
      relayTimer = setInterval(
        () => void bus.relayStale().catch((err: unknown) => log.warn({ err }, 'outbox relay failed')),
        10_000,
      );
      relayTimer.unref();
    }

    return {
      config,
      log,
      clock,
      db,
      bus,
      jobs,
      http,
      ...m,
      gateway,
      setupLink,
      databaseDescription: database.describe,
      async listen() {
        return http.listen({ port: config.PORT, host: config.HOST });
      },
      /** Graceful: stop taking requests, finish in-flight requests and jobs, then release everything. */
      async close() {
        closing = true;
        if (relayTimer) clearInterval(relayTimer);
        await gateway.close();
        await http.close();
        await m.routing.dispatcher.stop();
        await jobs.stop();
        await bus.drain();
        await m.webhooks.stop();
        m.emailChannel.email.stop();
        for (const c of cleanups) await c();
      },
    };
  } catch (err) {
    for (const c of cleanups) await c().catch(() => undefined);
    throw err;
  }
}
