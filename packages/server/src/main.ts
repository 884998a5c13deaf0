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
  const log = createLogger(config.LOG_LEVEL);
  const started = Date.now();
  let parley;
  try {
    parley = await createParley({ config, log });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(3);
    }
    throw err;
  }
  const address = await parley.listen();
  // PORT=0 picks a free port: show where it really is (unless a PUBLIC_URL says otherwise).
  const base = config.PORT === 0 && !config.PUBLIC_URL ? address.replace('127.0.0.1', 'localhost') : config.publicUrl;
  const lines = [
    '',
    `  Parley is running: ${base}`,
    `  Database: ${parley.databaseDescription}${config.REDIS_URL ? ' · events via Redis' : ''}`,
    `  Ready in ${Date.now() - started} ms · API docs: ${base}/api/docs`,
  ];
  if (parley.setupLink) {
    lines.push(
      '',
      '  First run: create the administrator account here (the link works once):',
      `  ${parley.setupLink.replace(config.publicUrl, base)}`,
    );
  }
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    parley
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
