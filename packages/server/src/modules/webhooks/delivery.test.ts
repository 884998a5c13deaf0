import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../kernel/clock.js';
import { byHand, onPostgres, startTestParley, TestCluster, type TestParley } from '../../test-support/harness.js';
import { WebhookReceiver } from '../../test-support/webhook-receiver.js';

const chatEvents = {
  'crm.on.chatStart': true,
  'crm.on.chatQueued': true,
  'crm.on.visitorMessage': true,
};

async function chat(p: TestParley, text: string) {
  const v = await p.visitor({ name: 'Delivery Visitor' });
  const res = await v.api.post('/api/v1/widget/conversations', { text, clientId: `${text}-0` });
  expect(res.status).toBe(201);
  return { v, id: res.body.conversation.id as string };
}

const deliveries = (p: TestParley) => p.db.kysely.selectFrom('webhook_deliveries').selectAll().orderBy('seq').execute();

/**
 * Delivery that loses nothing (issue 15 item 3): retries of the same bytes under the same delivery id,
 * a conversation's events in order even while one is failing, giving up after ten attempts, timeouts,
 * refused private addresses, a restart and a dead sender's lease, and two processes sending each once.
 */
describe('webhook delivery', () => {
  it("retries the same body under the same id 10 s later; the conversation's later events wait their turn", async () => {
    const rx = await WebhookReceiver.start();
    const p = await startTestParley({ settings: { ...byHand, ...chatEvents, 'crm.webhookUrl': rx.url } });
    try {
      rx.answer = (r) => (r.body.type === 'LivechatSessionStart' ? { status: 503 } : { status: 200 });
      const { v, id } = await chat(p, 'first');
      await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text: 'second', clientId: 's2' });
      await p.settle();
      // The start failed; nothing after it in this conversation went out.
      expect(rx.received.map((r) => r.body.type)).toEqual(['LivechatSessionStart']);
      const first = rx.received[0]!;

      // An unrelated conversation is not held up by this one.
      rx.answer = (r) =>
        r.body.type === 'LivechatSessionStart' && r.body._id === id ? { status: 503 } : { status: 200 };
      const other = await chat(p, 'elsewhere');
      await p.settle();
      expect(rx.received.filter((r) => r.body._id === other.id).map((r) => r.body.type)).toEqual([
        'LivechatSessionStart',
        'LivechatSessionQueued',
        'Message',
      ]);

      rx.answer = () => ({ status: 200 });
      p.fakeClock!.advance(9_000);
      await p.settle();
      expect(rx.received.filter((r) => r.body._id === id)).toHaveLength(1);
      p.fakeClock!.advance(1_000);
      await p.settle();
      const mine = rx.received.filter((r) => r.body._id === id);
      expect(mine.map((r) => (r.body.type === 'Message' ? r.body.messages[0].msg : r.body.type))).toEqual([
        'LivechatSessionStart',
        'LivechatSessionStart',
        'LivechatSessionQueued',
        'first',
        'second',
      ]);
      expect(mine[1]!.raw).toBe(first.raw);
      expect(mine[1]!.headers['x-parley-delivery']).toBe(first.headers['x-parley-delivery']);
      const rows = (await deliveries(p)).filter((d) => d.conversation_id === id);
      expect(rows.map((d) => [d.status, d.attempts])).toEqual([
        ['delivered', 2],
        ['delivered', 1],
        ['delivered', 1],
        ['delivered', 1],
      ]);
    } finally {
      await p.stop();
      await rx.stop();
    }
  });

  it('gives up after ten attempts, and the line moves on', async () => {
    const rx = await WebhookReceiver.start();
    const p = await startTestParley({ settings: { ...byHand, ...chatEvents, 'crm.webhookUrl': rx.url } });
    try {
      rx.answer = (r) => (r.body.type === 'LivechatSessionStart' ? { status: 500, body: 'no' } : { status: 200 });
      const { id } = await chat(p, 'doomed');
      await p.settle();
      for (let i = 0; i < 12; i++) {
        p.fakeClock!.advance(10_000);
        await p.settle();
      }
      const starts = rx.received.filter((r) => r.body.type === 'LivechatSessionStart');
      expect(starts).toHaveLength(10);
      expect(
        rx.received
          .filter((r) => r.body._id === id)
          .map((r) => r.body.type)
          .slice(10),
      ).toEqual(['LivechatSessionQueued', 'Message']);
      const [start] = await deliveries(p);
      expect(start).toMatchObject({ status: 'failed', attempts: 10, last_status: 500 });
      const log = await (await p.admin()).get(`/api/v1/webhooks/deliveries/${start!.id}`);
      expect(log.body.attemptLog.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    } finally {
      await p.stop();
      await rx.stop();
    }
  });

  it('a receiver that does not answer within crm.httpTimeoutMs is retried', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
    const p = await startTestParley({
      settings: { ...byHand, 'crm.on.chatStart': true, 'crm.webhookUrl': url, 'crm.httpTimeoutMs': 150 },
    });
    try {
      await chat(p, 'slow');
      await p.settle();
      const [d] = await deliveries(p);
      expect(d).toMatchObject({ status: 'pending', attempts: 1, last_status: null });
      expect(d!.last_error).toMatch(/150 ms/);
    } finally {
      await p.stop();
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('refuses a private address unless the operator allows it (nothing is sent)', async () => {
    const rx = await WebhookReceiver.start();
    const p = await startTestParley({
      env: { OUTBOUND_ALLOW_PRIVATE: 'false' },
      settings: { ...byHand, 'crm.on.chatStart': true, 'crm.webhookUrl': rx.url },
    });
    try {
      await chat(p, 'inside');
      await p.settle();
      expect(rx.received).toEqual([]);
      const [d] = await deliveries(p);
      expect(d!.last_error).toMatch(/not allowed/);
      const test = await (await p.admin()).post('/api/v1/webhooks/test', {});
      expect(test.body).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/not allowed/) });
      expect(rx.received).toEqual([]);
    } finally {
      await p.stop();
      await rx.stop();
    }
  });

  it("survives a restart, and takes over a dead sender's delivery once its lease ran out", async () => {
    const rx = await WebhookReceiver.start();
    const cluster = new TestCluster();
    const clock = new FakeClock();
    try {
      const first = await startTestParley({
        cluster,
        persistent: true,
        clock,
        settings: { ...byHand, 'crm.on.chatStart': true, 'crm.webhookUrl': rx.url },
      });
      // Committed, never sent: the process stops before its sender ran.
      const { id } = await chat(first, 'before restart');
      await first.bus.drain();
      // A second delivery as a sender that died mid-request leaves it: leased, one attempt counted.
      const { id: leasedId } = await chat(first, 'leased');
      await first.bus.drain();
      await first.db.kysely
        .updateTable('webhook_deliveries')
        .set({ locked_until: new Date(clock.now().getTime() + 35_000), attempts: 1 })
        .where('conversation_id', '=', leasedId)
        .execute();
      await first.stop();
      expect(rx.received).toEqual([]);

      const second = await startTestParley({ cluster, persistent: true, clock });
      await second.settle();
      expect(rx.received.map((r) => r.body._id)).toEqual([id]);
      clock.advance(36_000);
      await second.settle();
      expect(rx.received.map((r) => r.body._id)).toEqual([id, leasedId]);
      expect((await deliveries(second)).map((d) => [d.status, d.attempts])).toEqual([
        ['delivered', 1],
        ['delivered', 2],
      ]);
      await second.stop();
    } finally {
      await rx.stop();
      await cluster.destroy();
    }
  });

  it.runIf(onPostgres)(
    'two processes sending together post each delivery once, each conversation in order',
    async () => {
      const rx = await WebhookReceiver.start();
      const cluster = new TestCluster();
      const clock = new FakeClock();
      const a = await startTestParley({
        cluster,
        clock,
        settings: { ...byHand, ...chatEvents, 'crm.webhookUrl': rx.url },
      });
      const b = await startTestParley({ cluster, clock });
      try {
        const chats = [];
        for (let i = 0; i < 12; i++) chats.push(await chat(a, `chat ${i}`));
        for (const [i, c] of chats.entries())
          for (let k = 1; k <= 3; k++)
            await c.v.api.post(`/api/v1/widget/conversations/${c.id}/messages`, {
              text: `m${k}`,
              clientId: `${i}-${k}`,
            });
        await a.bus.drain();
        await Promise.all([a.webhooks.sender.runDue(), b.webhooks.sender.runDue(), a.webhooks.sender.runDue()]);
        await a.settle();
        await b.settle();
        const ids = rx.received.map((r) => r.headers['x-parley-delivery']);
        expect(ids).toHaveLength(12 * 6);
        expect(new Set(ids).size).toBe(ids.length);
        for (const [i, c] of chats.entries()) {
          const seen = rx.received
            .filter((r) => r.body._id === c.id)
            .map((r) => (r.body.type === 'Message' ? r.body.messages[0].msg : r.body.type));
          expect(seen).toEqual(['LivechatSessionStart', 'LivechatSessionQueued', `chat ${i}`, 'm1', 'm2', 'm3']);
        }
      } finally {
        await b.stop();
        await a.stop();
        await rx.stop();
        await cluster.destroy();
      }
    },
  );
});
