/**
 * What every entry point does first with the database: open it (migrating it), and seed it on
 * first open, so that `npm start` and `npm run ingest` both work on a fresh machine.
 */
import type { Logger } from 'pino';
import { openDatabase, type OpenedDatabase } from '../db/open.js';
import { seedIfEmpty } from '../db/seed.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { offlineProvider } from './forecasts/offline-provider.js';

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
