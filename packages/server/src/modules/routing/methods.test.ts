import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { kit } from '../../test-support/routing-kit.js';

describe('routing methods', () => {
  let p: TestParley;
  let k: ReturnType<typeof kit>;
  beforeAll(async () => {
    p = await startTestParley();
    k = kit(p);
  });
  afterAll(() => p.stop());

  it('auto: round robin over the eligible agents, counting open chats only', async () => {
    const admin = await p.admin();
    const dept = (await admin.post('/api/v1/departments', { name: 'RR' })).body;
    const a = await p.onlineAgent({ departmentIds: [dept.id], name: 'A' });
    p.fakeClock!.advance(1000);
    const b = await p.onlineAgent({ departmentIds: [dept.id], name: 'B' });
    const got: string[] = [];
    for (let i = 0; i < 4; i++) {
      p.fakeClock!.advance(1000);
      const id = await k.chat({ departmentId: dept.id });
      await p.settle();
      got.push((await k.agentOf(id)) === a.userId ? 'A' : 'B');
    }
    expect(got).toEqual(['A', 'B', 'A', 'B']);
    await a.ws.close();
    await b.ws.close();
  });

  it('load-balancing: the lowest load wins; closing a chat frees the agent at once', async () => {
    await k.set({ 'routing.method': 'load-balancing' });
    const admin = await p.admin();
    const dept = (await admin.post('/api/v1/departments', { name: 'LB' })).body;
    const a = await p.onlineAgent({ departmentIds: [dept.id] });
    const first = await k.chat({ departmentId: dept.id });
    const second = await k.chat({ departmentId: dept.id });
    await p.settle();
    expect([await k.agentOf(first), await k.agentOf(second)]).toEqual([a.userId, a.userId]);
    const b = await p.onlineAgent({ departmentIds: [dept.id] });
    p.fakeClock!.advance(1000);
    const third = await k.chat({ departmentId: dept.id });
    await p.settle();
    expect(await k.agentOf(third)).toBe(b.userId); // B has 0 open, A has 2
    await a.api.post(`/api/v1/conversations/${first}/close`, {});
    await a.api.post(`/api/v1/conversations/${second}/close`, {});
    const fourth = await k.chat({ departmentId: dept.id });
    await p.settle();
    expect(await k.agentOf(fourth)).toBe(a.userId); // A: 0 open (lifetime chats do not count), B: 1
    await a.ws.close();
    await b.ws.close();
  });

  it('manual: nobody is picked; eligible agents take; the second taker gets already-taken', async () => {
    await k.set({ 'routing.method': 'manual' });
    const a = await p.onlineAgent();
    const b = await p.onlineAgent();
    const id = await k.chat();
    await p.settle();
    expect(await k.statusOf(id)).toBe('queued');
    expect((await a.api.get('/api/v1/queue')).body.items.map((c: any) => c.id)).toContain(id);
    const [r1, r2] = await Promise.all([
      a.api.post(`/api/v1/conversations/${id}/take`),
      b.api.post(`/api/v1/conversations/${id}/take`),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    expect([r1, r2].find((r) => r.status === 409)!.body.code).toBe('conversation.already-taken');
    await a.ws.close();
    await b.ws.close();
  });

  it('external: asks the service with the secret header; never assigns an unknown or ineligible agent', async () => {
    const a = await p.onlineAgent({ name: 'Ext A' });
    const username = (await p.users.get(a.userId)).username;
    let answer: unknown = { username };
    let delayMs = 0;
    const seen: Array<{ url: string; token: string | undefined }> = [];
    const server: Server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', token: req.headers['x-parley-secret-token'] as string | undefined });
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)), delayMs);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/next`;
    try {
      await k.set({
        'routing.method': 'external',
        'routing.external.url': url,
        'routing.external.secretToken': 's3cret',
        'crm.httpTimeoutMs': 300,
      });
      const one = await k.chat();
      await p.settle();
      expect(await k.agentOf(one)).toBe(a.userId);
      expect(seen.at(-1)!.token).toBe('s3cret');
      expect(seen.at(-1)!.url).toContain(`conversationId=${one}`);

      answer = { username: 'nobody-by-that-name' };
      const two = await k.chat();
      await p.settle();
      expect(await k.statusOf(two)).toBe('queued');

      const offline = await p.staff(['agent']); // exists, but not available/online
      answer = { agentId: offline.userId };
      await p.dispatchOnce();
      expect(await k.statusOf(two)).toBe('queued');

      answer = { username };
      delayMs = 2000; // longer than crm.httpTimeoutMs
      await p.dispatchOnce();
      expect(await k.statusOf(two)).toBe('queued');

      delayMs = 0;
      await p.dispatchOnce();
      expect(await k.agentOf(two)).toBe(a.userId);
    } finally {
      server.closeAllConnections();
      server.close();
      await a.ws.close();
      await k.set({ 'routing.method': 'auto' });
    }
  });

  it('switching the method at runtime applies to the next dispatch', async () => {
    await k.set({ 'routing.method': 'manual' });
    const a = await p.onlineAgent();
    const id = await k.chat();
    await p.settle();
    expect(await k.statusOf(id)).toBe('queued');
    await k.set({ 'routing.method': 'auto' });
    expect(await k.agentOf(id)).not.toBeNull();
    await a.ws.close();
  });
});
