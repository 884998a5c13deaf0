import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { byHand, startTestParley } from '../../test-support/harness.js';

describe('graceful shutdown', () => {
  it('finishes a request already in flight and a running job before closing', async () => {
    const p = await startTestParley({ settings: byHand, background: true });
    const v = await p.visitor();
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', {})).body;
    const base = new URL(await p.baseUrl());

    // A job that is still running when shutdown starts.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let jobDone = false;
    let jobStarted!: () => void;
    const started = new Promise<void>((r) => (jobStarted = r));
    p.jobs.register({
      kind: 'test.slow',
      transactional: false,
      run: async () => {
        jobStarted();
        await gate;
        jobDone = true;
      },
    });
    await p.db.tx(() => p.jobs.enqueue('test.slow', {}));
    await started;

    // An upload whose body is still arriving when shutdown starts.
    const boundary = 'parleyboundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const req = request({
      host: base.hostname,
      port: base.port,
      method: 'POST',
      path: `/api/v1/widget/conversations/${conversation.id}/files`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-parley-visitor-token': v.token },
    });
    const answered = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    const arrived = new Promise<void>((r) => p.http.server.once('request', () => r()));
    req.write(head + 'first half, ');
    await arrived; // the server is reading this request's body now

    const closing = p.stop();
    let closed = false;
    void closing.then(() => (closed = true));
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    req.end('second half' + tail);
    expect(await answered).toBe(201);
    expect(closed).toBe(false); // the job still runs
    release();
    await closing;
    expect(jobDone).toBe(true);
  });
});
