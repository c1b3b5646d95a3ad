/**
 * `npm start`: read the configuration, open (and on first start migrate and seed) the database,
 * serve, and stop gracefully on SIGTERM or SIGINT.
 *
 * Shutdown is ours alone (Apollo's own signal handler is off, see apollo.ts): stop taking
 * connections, let in-flight requests finish, checkpoint and close the database, write the last
 * log line, and exit 0. A second signal while stopping exits at once.
 */
import { configuredProvider } from './forecasts/providers.js';
import { startServer, type RunningServer } from './server.js';
import { startProcess } from './startup.js';

const { config, logger, clock, database } = await startProcess('start');
const provider = configuredProvider(config, database.db, clock, logger);

let server: RunningServer;
try {
  server = await startServer({ config, database, clock, provider, logger });
} catch (error) {
  // A TRUSTED_DOCUMENTS manifest that does not hold (trusted-documents.ts names each bad entry),
  // or an address already in use.
  logger.fatal({ err: error }, 'cannot start');
  console.error(`Skygraph cannot start: ${(error as Error).message}`);
  process.exit(1);
}
logger.info({ url: server.url, production: config.production, forecastProvider: provider.name }, 'listening');
if (!config.production) console.log(`Skygraph is ready at ${server.url} (open it in a browser for Apollo Sandbox)`);
else console.log(`Skygraph is ready at ${server.url}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: draining in-flight requests');
    server.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  });
}
