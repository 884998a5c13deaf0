/**
 * `npm run reports:rebuild`: deletes the reports' rollups and builds them again from the conversations'
 * history (docs/reports.md) — for data from before the reports existed, or after a migration changed what
 * they keep. It opens the database of the configuration like the server does (with the embedded database,
 * stop the server first: the data directory's lock refuses a second process). One transaction: reports
 * keep answering from the old rollups until it commits.
 */
import { createParley } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from './kernel/db/lock-file.js';
import { createLogger } from './kernel/logger.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  let parley;
  try {
    parley = await createParley({ config, log, background: false });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(3);
    }
    throw err;
  }
  const started = Date.now();
  try {
    let last = 0;
    const done = await parley.reports.rebuild({
      onProgress: (n) => {
        if (n - last >= 10_000) {
          last = n;
          console.log(`  ${n} conversations read…`);
        }
      },
    });
    console.log(
      `Rollups rebuilt from ${done.conversations} conversations (${done.rows} rows added up) in ${Date.now() - started} ms.`,
    );
  } finally {
    await parley.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
