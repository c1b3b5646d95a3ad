/**
 * `npm start`: read the configuration, open (and on first start migrate and seed) the database,
 * serve, and stop gracefully on SIGTERM or SIGINT.
 */
import { openDatabase } from '../db/open.js';
import { seedIfEmpty } from '../db/seed.js';
import { fixedClock, systemClock } from './clock.js';
import { loadConfig } from './config.js';
import { offlineProvider } from './forecasts/offline-provider.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const logger = createLogger(config.logLevel);
const clock = config.now === null ? systemClock : fixedClock(config.now);

const database = openDatabase(config.databasePath);
const seedStarted = performance.now();
const seeded = await seedIfEmpty(database.db, {
  now: Math.floor(clock.now() / 1000),
  forecastPlaces: config.seedForecastPlaces,
  provider: offlineProvider,
});
if (seeded) {
  logger.info(
    { ...seeded, durationMs: Math.round(performance.now() - seedStarted), databasePath: config.databasePath },
    'seeded a new database',
  );
}

const server = await startServer({ config, database, clock, provider: offlineProvider, logger });
logger.info({ url: server.url, production: config.production }, 'listening');
if (!config.production) console.log(`Skygraph is ready at ${server.url} (open it in a browser for Apollo Sandbox)`);
else console.log(`Skygraph is ready at ${server.url}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'stopping: draining in-flight requests');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  });
}
