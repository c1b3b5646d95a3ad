/**
 * Skygraph's services over the bench database, as the contenders that reuse its resolvers and
 * loaders under another server (naive, yoga, mercurius) need them: production settings, the
 * pinned clock, the offline provider.
 */
import { openDatabase, type OpenedDatabase } from '../../../db/open.js';
import { fixedClock } from '../../../src/clock.js';
import { defaults } from '../../../src/config.js';
import type { Services } from '../../../src/context.js';
import { offlineProvider } from '../../../src/forecasts/offline-provider.js';
import { createServices } from '../../../src/services.js';
import type { StartOptions } from './contender.js';

/** The database and services a contender serves from. */
export function benchServices({ port, host, databasePath, now, onStatement }: StartOptions): {
  database: OpenedDatabase;
  services: Services;
} {
  const database = openDatabase(databasePath, { onStatement });
  const config = { ...defaults, port, host, databasePath, now, production: true, logLevel: 'silent' as const };
  return { database, services: createServices(database, fixedClock(now), config, offlineProvider) };
}
