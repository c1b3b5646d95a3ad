/**
 * Seeds the template database that every integration test copies. Run by global-setup.js
 * through tsx, since jest's globalSetup cannot load the project's TypeScript ESM modules.
 */
import { openDatabase } from '../../db/open.js';
import { seedIfEmpty } from '../../db/seed.js';
import { offlineProvider } from '../../src/forecasts/offline-provider.js';
import { TEST_NOW, TEST_SEED_FORECAST_PLACES } from './template.js';

const path = process.argv[2];
if (!path) throw new Error('usage: seed-template.ts <database path>');
const { db, sqlite } = openDatabase(path);
await seedIfEmpty(db, { now: Date.parse(TEST_NOW) / 1000, forecastPlaces: TEST_SEED_FORECAST_PLACES, provider: offlineProvider });
// Fold the WAL into the main file so that copying one file copies everything.
sqlite.pragma('wal_checkpoint(TRUNCATE)');
sqlite.close();
