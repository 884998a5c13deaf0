import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { WebhookReceiver } from '../../test-support/webhook-receiver.js';

const script = fileURLToPath(new URL('../../../../../docs/examples/sms-bridge.mjs', import.meta.url));

/**
 * docs/channels.md's SMS gateway example, run as it is documented: a real Node process between a fake
 * gateway (its inbound form posts, its send API) and a listening Parley with an API channel.
 */
describe('the documented SMS bridge (docs/examples/sms-bridge.mjs)', () => {
  let p: TestParley;
  let gateway: WebhookReceiver;
  let bridge: ChildProcess;
  let bridgeUrl: string;

  beforeAll(async () => {
    gateway = await WebhookReceiver.start();
    p = await startTestParley({ settings: { 'routing.acceptWithNoOnlineAgents': true } });
    const admin = await p.admin();
    const made = await admin.post('/api/v1/channels', { type: 'api', name: 'SMS' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    bridge = spawn(process.execPath, [script], {
      env: {
        PATH: process.env.PATH ?? '',
        PARLEY_URL: await p.baseUrl(),
        PARLEY_TOKEN: made.body.token,
        PARLEY_SECRET: made.body.secret,
        GATEWAY_SEND_URL: gateway.url,
        GATEWAY_KEY: 'gw-key',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<string>((resolve, reject) => {
      bridge.stdout!.on('data', (c: Buffer) => {
        const m = /listening on (\d+)/.exec(c.toString());
        if (m) resolve(m[1]!);
      });
      bridge.on('exit', (code) => reject(new Error(`the bridge exited (${code})`)));
    });
    bridgeUrl = `http://127.0.0.1:${port}`;
    const set = await admin.patch(`/api/v1/channels/${made.body.channel.id}`, {
      settings: { callbackUrl: `${bridgeUrl}/parley` },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
  });
  afterAll(async () => {
    bridge?.kill();
    await p.stop();
    await gateway.stop();
  });

  it('an SMS becomes a conversation once; the agent’s answer goes back out as an SMS', async () => {
    const sms = new URLSearchParams({ From: '+15551230000', Body: 'Is my order shipped?', MessageSid: 'SM1' });
    const send = () =>
      fetch(`${bridgeUrl}/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: sms.toString(),
      });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200); // the gateway retried: stored once
    const list = (await (await p.admin()).get('/api/v1/conversations?limit=5')).body.items;
    expect(list).toHaveLength(1);
    const id: string = list[0].id;
    const agent = await p.staff(['agent']);
    expect((await agent.api.post(`/api/v1/conversations/${id}/take`)).status).toBe(200);
    const texts = (await agent.api.get(`/api/v1/conversations/${id}/messages`)).body.items
      .filter((m: { kind: string }) => m.kind === 'text')
      .map((m: { text: string }) => m.text);
    expect(texts).toEqual(['Is my order shipped?']);

    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'Yes, it left today.', clientId: 'a1' });
    await p.settle();
    expect(gateway.received.map((r) => r.body)).toEqual([{ to: '+15551230000', text: 'Yes, it left today.' }]);
    expect(gateway.received[0]!.headers.authorization).toBe('Bearer gw-key');
  });

  it('refuses a callback that Parley did not sign', async () => {
    const forged = await fetch(`${bridgeUrl}/parley`, {
      method: 'POST',
      headers: { 'x-parley-signature': 'sha256=00' },
      body: JSON.stringify({ type: 'message', externalId: '+1555', message: { text: 'spam' } }),
    });
    expect(forged.status).toBe(401);
  });
});
