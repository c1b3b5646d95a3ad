/**
 * What every entry point (`npm start`, `npm run ingest`) does first: read the configuration, set
 * up logging and the clock, log a crash as one fatal line, and open the database (migrating it,
 * and seeding it on first open, so that either works on a fresh machine).
 */
import type { Logger } from 'pino';
import { openDatabase, type OpenedDatabase } from '../db/open.js';
import { seedIfEmpty } from '../db/seed.js';
import { fixedClock, systemClock, type Clock } from './clock.js';
import { loadConfig, type Config } from './config.js';
import { offlineProvider } from './forecasts/offline-provider.js';
import { createLogger } from './logger.js';

export interface Started {
  config: Config;
  logger: Logger;
  clock: Clock;
  database: OpenedDatabase;
}

/**
 * Starts a process that will `doing` (for its messages: "serve", "ingest"). Exits 2 on a bad
 * configuration (every bad variable named), 1 when the database cannot be opened.
 */
export async function startProcess(doing: string): Promise<Started> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  const clock = config.now === null ? systemClock : fixedClock(config.now);

  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (error) => {
    logger.fatal({ err: error }, 'unhandled rejection');
    process.exit(1);
  });

  try {
    return { config, logger, clock, database: await openSeededDatabase(config, clock, logger) };
  } catch (error) {
    // Most often a migration that failed: the database keeps its old schema (migrations run in
    // one transaction) and this release refuses to use it.
    logger.fatal({ err: error, databasePath: config.databasePath }, 'cannot open the database');
    console.error(`Skygraph cannot ${doing}: ${(error as Error).message}`);
    process.exit(1);
  }
}

/** Opens the configured database, seeding it if it is new; throws when it cannot be opened (a migration failed). */
export async function openSeededDatabase(config: Config, clock: Clock, logger: Logger): Promise<OpenedDatabase> {
  const database = openDatabase(config.databasePath);
  const seedStarted = performance.now();
  const seeded = await seedIfEmpty(database.db, {
    now: Math.floor(clock.now() / 1000),
    // Live forecasts come from the provider: offline runs seeded now would be served in their place.
    forecastPlaces: config.forecastProvider === 'offline' ? config.seedForecastPlaces : 0,
    provider: offlineProvider,
  });
  if (seeded) {
    logger.info(
      { ...seeded, durationMs: Math.round(performance.now() - seedStarted), databasePath: config.databasePath },
      'seeded a new database',
    );
  }
  return database;
}
