import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { onPostgres, TestCluster, withRedis } from '../../test-support/harness.js';
import { ServerProcess } from '../../test-support/server-process.js';

const ADMIN = { email: 'admin@webhooks-crash.test', password: 'nothing lost under kill -9' };

async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, cookie: res.headers.get('set-cookie') ?? '' };
}

/**
 * kill -9 of the process that was sending a delivery: another process takes it over once the lease
 * (crm.httpTimeoutMs + 30 s) ran out, under the same X-Parley-Delivery id; nothing committed is lost.
 */
describe.runIf(onPostgres)('webhooks under kill -9', () => {
  it('a delivery whose sender was killed mid-request is sent by the next process', { timeout: 240_000 }, async () => {
    const got: Array<{ id: string; type: string }> = [];
    let hold = true;
    const held: ServerResponse[] = [];
    const receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        got.push({ id: String(req.headers['x-parley-delivery']), type: JSON.parse(raw).type });
        if (hold)
          held.push(res); // never answered: the sender is killed while waiting
        else res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    const cluster = new TestCluster();
    await cluster.open();
    const env = {
      DATABASE_URL: cluster.url(),
      DATA_DIR: cluster.dataDir,
      PARLEY_ADMIN_EMAIL: ADMIN.email,
      PARLEY_ADMIN_PASSWORD: ADMIN.password,
      REDIS_CHANNEL_PREFIX: cluster.prefix,
      OUTBOUND_ALLOW_PRIVATE: 'true',
      ...(withRedis ? { REDIS_URL: process.env.REDIS_URL! } : {}),
    };
    let first: ServerProcess | undefined = await ServerProcess.start(env);
    let second: ServerProcess | undefined;
    try {
      const signIn = await call(first.url, 'POST', '/api/v1/auth/sign-in', ADMIN);
      const cookie = /parley_session=([^;]+)/.exec(signIn.cookie)![0];
      const settings = await call(
        first.url,
        'PATCH',
        '/api/v1/settings',
        {
          'crm.webhookUrl': url,
          'crm.on.chatStart': true,
          'crm.httpTimeoutMs': 1000,
          'routing.acceptWithNoOnlineAgents': true,
        },
        { cookie },
      );
      expect(settings.status).toBe(200);
      const visitor = await call(first.url, 'POST', '/api/v1/widget/visitors', { name: 'Crash Visitor' });
      const token = { 'x-parley-visitor-token': visitor.body.token };
      const started = await call(first.url, 'POST', '/api/v1/widget/conversations', { text: 'hello' }, token);
      expect(started.status).toBe(201);
      // The first process is sending it (the receiver holds the request)…
      for (let i = 0; i < 600 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(got).toHaveLength(1);
      // …and dies.
      await first.kill();
      first = undefined;
      hold = false;
      for (const r of held) r.destroy();

      second = await ServerProcess.start(env);
      // Polled, not timed: the lease (1 s + 30 s from the claim) runs out, then the next attempt goes.
      for (let i = 0; i < 1200 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(got.map((g) => g.type)).toEqual(['LivechatSessionStart', 'LivechatSessionStart']);
      expect(got[1]!.id).toBe(got[0]!.id);
      const log = await call(second.url, 'GET', `/api/v1/webhooks/deliveries/${got[0]!.id}`, undefined, {
        cookie: /parley_session=([^;]+)/.exec(
          (await call(second.url, 'POST', '/api/v1/auth/sign-in', ADMIN)).cookie,
        )![0],
      });
      expect(log.body).toMatchObject({ status: 'delivered', attempts: 2 });
    } finally {
      await first?.kill();
      await second?.stop();
      receiver.closeAllConnections();
      receiver.close();
      await cluster.destroy();
    }
  });
});
