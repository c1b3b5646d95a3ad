/**
 * Seeds the benchmark's database: every place, forecasts for the most populous, and the fixed
 * accounts with their tokens and saved places (see fixture.ts).
 */
import { desc } from 'drizzle-orm';
import { openDatabase, type Db } from '../../db/open.js';
import { accounts, favorites, locations, sessions } from '../../db/schema.js';
import { seedIfEmpty } from '../../db/seed.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { hashToken } from '../../src/accounts/tokens.js';
import { runWindow } from '../../src/forecasts/horizon.js';
import { offlineProvider } from '../../src/forecasts/offline-provider.js';
import { createForecastStore, withDays } from '../../src/forecasts/store.js';
import {
  ACCOUNT_COUNT,
  accountEmail,
  accountUnits,
  BENCH_FORECAST_PLACES,
  BENCH_NOW_UNIX,
  BENCH_PASSWORD,
  benchToken,
  favoriteRanks,
  w1PlaceRank,
} from './fixture.js';

export interface BenchSeed {
  /** Milliseconds to seed all places (without forecasts). */
  placesMs: number;
  /** Milliseconds to seed the forecasts of BENCH_FORECAST_PLACES places. */
  forecastsMs: number;
  /** Ids of the places ordered by population, largest first (the ranks of fixture.ts). */
  placeIdsByRank: number[];
}

/** Ids of all places, most populous first: the ranks that fixture.ts speaks of. */
export function placeIdsByPopulation(db: Db): number[] {
  return db
    .select({ id: locations.id })
    .from(locations)
    .orderBy(desc(locations.population), desc(locations.id))
    .all()
    .map((r) => r.id);
}

/** Creates the benchmark database at `path` (which must not exist yet). */
export async function seedBenchDatabase(path: string): Promise<BenchSeed> {
  const { db, sqlite } = openDatabase(path);
  let started = performance.now();
  await seedIfEmpty(db, { now: BENCH_NOW_UNIX, forecastPlaces: 0, provider: offlineProvider });
  const placesMs = performance.now() - started;

  const placeIdsByRank = placeIdsByPopulation(db);

  // Forecasts for the top places, through the same store the server uses.
  started = performance.now();
  const store = createForecastStore(db);
  const places = db.select().from(locations).orderBy(desc(locations.population), desc(locations.id)).limit(BENCH_FORECAST_PLACES).all();
  for (let i = 0; i < places.length; i += 250) {
    const batch = places.slice(i, i + 250);
    const runs = await offlineProvider.forecast(batch, runWindow(BENCH_NOW_UNIX), BENCH_NOW_UNIX);
    store.storeRuns(runs.map((run, k) => withDays(run, batch[k]!)));
  }
  const forecastsMs = performance.now() - started;

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  db.transaction((tx) => {
    for (let i = 0; i < ACCOUNT_COUNT; i++) {
      const { id } = tx
        .insert(accounts)
        .values({ email: accountEmail(i), passwordHash, displayName: `Bench ${i}`, createdAt: BENCH_NOW_UNIX, ...accountUnits(i) })
        .returning({ id: accounts.id })
        .get();
      tx.insert(sessions)
        .values({ accountId: id, tokenHash: hashToken(benchToken(i)), createdAt: BENCH_NOW_UNIX, expiresAt: BENCH_NOW_UNIX + 365 * 86_400 })
        .run();
      tx.insert(favorites)
        .values(
          favoriteRanks(i).map((rank, position) => ({
            accountId: id,
            locationId: placeIdsByRank[rank]!,
            label: position === 0 ? 'Home' : null,
            position,
            createdAt: BENCH_NOW_UNIX,
          })),
        )
        .run();
    }
  });
  if (w1PlaceRank(ACCOUNT_COUNT - 1) >= BENCH_FORECAST_PLACES)
    throw new Error('W1 places must have forecasts: raise BENCH_FORECAST_PLACES');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return { placesMs, forecastsMs, placeIdsByRank };
}
