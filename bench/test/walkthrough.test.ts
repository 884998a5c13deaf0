import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres, TestCluster } from '../../packages/server/src/test-support/harness.js';
import { ServerProcess } from '../../packages/server/src/test-support/server-process.js';
// @ts-expect-error plain JavaScript, no declarations
import { walkthrough } from '../walkthrough.js';

const ADMIN = { email: 'walkthrough-admin@example.test', password: 'walkthrough admin password 1' };

/** The walkthrough script itself, against a real server process (as a newcomer runs it). */
describe('npm run walkthrough', () => {
  const cluster = new TestCluster();
  let server: ServerProcess;
  beforeAll(async () => {
    let database: Record<string, string> = {};
    if (onPostgres) {
      await (await cluster.open()).close(); // creates the database; the server migrates it
      database = { DATABASE_URL: cluster.url() };
    }
    server = await ServerProcess.start({
      ...database,
      DATA_DIR: cluster.dataDir,
      PARLEY_ADMIN_EMAIL: ADMIN.email,
      PARLEY_ADMIN_PASSWORD: ADMIN.password,
      REDIS_CHANNEL_PREFIX: cluster.prefix,
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await cluster.destroy();
  });

  it('drives a whole conversation and finds the history complete and ordered', { timeout: 60_000 }, async () => {
    const steps: string[] = [];
    const { history } = await walkthrough(server.url, ADMIN, (line: string) => steps.push(line));
    expect(steps.length).toBeGreaterThanOrEqual(9);
    expect(history.filter((t: string) => !t.startsWith('['))).toEqual([
      'Hello, I need help',
      'Hi Vera, how can I help?',
      'My order #42 is late',
      'screenshot',
    ]);
    expect(history.at(-1)).toBe('[conversation-finished]');
  });

  it('names the step that failed', { timeout: 30_000 }, async () => {
    await expect(walkthrough(server.url, { email: ADMIN.email, password: 'not the password' })).rejects.toThrow(
      /^sign in as the administrator: /,
    );
  });
});
