import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { DataDirInUseError } from './db/data-dir-lock.js';
import { StartupLockTimeoutError } from './db/startup-lock.js';
import { PolicyFileError } from './services/policy-files.js';
import { PlanFileError } from './services/tasks/plan-files.js';
import { prepareDatabase } from './startup.js';

/** The process: configuration, database, migrations, demo data, listening, and a graceful stop. */
async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel, redact: ['req.headers.authorization'] });
  const database = await prepareDatabase(config, logger);
  const app = await buildApp({ config, database, logger });
  app.addHook('onClose', async () => {
    await database.close();
    logger.info('database closed');
  });

  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, then close the database.
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'stopping after an uncaught error');
    else logger.info({ signal }, 'stopping');
    await app.close();
  });

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error) => {
  // Another process has the PGlite data directory open, or another instance's start-up never finished:
  // the message says which and what to do.
  if (error instanceof DataDirInUseError || error instanceof StartupLockTimeoutError) {
    console.error(`cannot start: ${error.message}`);
    process.exit(1);
  }
  // A bad policy or plan file is a configuration mistake: its message lists every problem, no stack needed.
  if (error instanceof PolicyFileError || error instanceof PlanFileError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
