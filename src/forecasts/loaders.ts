/**
 * Per-request forecast loaders. Every `current`, `hourly` and `daily` field of a request asks
 * for a range of hours of one place; the batch answers all of them with one query, and fills
 * the places that have no fresh run (read-through) with one provider call and one transaction.
 */
import DataLoader from 'dataloader';
import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { forecastHours, forecastRuns, type ForecastRunRow, type LocationRow } from '../../db/schema.js';
import { runWindow } from './horizon.js';
import type { ForecastHour } from './model.js';
import type { ForecastProvider } from './provider.js';
import type { ForecastStore } from './store.js';

const HOUR = 3_600;

/** Hours [from, to) (unix seconds, whole hours) of a place. */
export interface HoursKey {
  place: LocationRow;
  from: number;
  to: number;
}

export interface ForecastLoaderDeps {
  db: Db;
  store: ForecastStore;
  provider: ForecastProvider;
  /** The request's "now", unix seconds. */
  now: number;
  /** Runs issued longer ago than this are refilled. */
  maxAgeSeconds: number;
}

export type ForecastLoaders = ReturnType<typeof createForecastLoaders>;

const hourColumns = {
  locationId: forecastHours.locationId,
  time: forecastHours.time,
  temperature: forecastHours.temperature,
  apparentTemperature: forecastHours.apparentTemperature,
  relativeHumidity: forecastHours.relativeHumidity,
  precipitation: forecastHours.precipitation,
  precipitationProbability: forecastHours.precipitationProbability,
  windSpeed: forecastHours.windSpeed,
  windDirection: forecastHours.windDirection,
  weatherCode: forecastHours.weatherCode,
};

/** The loaders of one request. */
export function createForecastLoaders({ db, store, provider, now, maxAgeSeconds }: ForecastLoaderDeps) {
  const window = runWindow(now);
  const windowEnd = window.from + window.hours * HOUR;

  /** Clamps a range to what a run holds, so a range past the horizon never looks unfilled. */
  const clamp = (key: HoursKey): HoursKey => ({ place: key.place, from: Math.max(key.from, window.from), to: Math.min(key.to, windowEnd) });

  async function loadHours(keys: readonly HoursKey[]): Promise<ForecastHour[][]> {
    const ranges = keys.map(clamp);
    const ids = [...new Set(ranges.map((r) => r.place.id))];
    const from = Math.min(...ranges.map((r) => r.from));
    const to = Math.max(...ranges.map((r) => r.to));
    const rows = await db
      .select(hourColumns)
      .from(forecastHours)
      .innerJoin(forecastRuns, eq(forecastRuns.locationId, forecastHours.locationId))
      .where(
        and(
          inArray(forecastHours.locationId, ids),
          gte(forecastHours.time, from),
          lt(forecastHours.time, to),
          gte(forecastRuns.issuedAt, now - maxAgeSeconds),
        ),
      )
      .orderBy(forecastHours.locationId, forecastHours.time);

    const series = new Map<number, ForecastHour[]>();
    for (const row of rows) {
      let hours = series.get(row.locationId);
      if (!hours) series.set(row.locationId, (hours = []));
      hours.push(row);
    }

    const slices = ranges.map((r) => slice(series.get(r.place.id), r));
    const stale = new Map<number, LocationRow>();
    ranges.forEach((r, i) => {
      if (slices[i]!.length < (r.to - r.from) / HOUR) stale.set(r.place.id, r.place);
    });
    if (stale.size === 0) return slices;

    const runs = await provider.forecast([...stale.values()], window, now);
    store.storeRuns(runs);
    for (const run of runs) series.set(run.locationId, run.hours);
    return ranges.map((r, i) => (stale.has(r.place.id) ? slice(series.get(r.place.id), r) : slices[i]!));
  }

  async function loadSources(ids: readonly number[]): Promise<(ForecastRunRow | null)[]> {
    const rows = await db.select().from(forecastRuns).where(inArray(forecastRuns.locationId, [...ids]));
    const byId = new Map(rows.map((row) => [row.locationId, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  return {
    hours: new DataLoader(loadHours, { cacheKeyFn: (k: HoursKey) => `${k.place.id}:${k.from}:${k.to}` }),
    source: new DataLoader(loadSources),
  };
}

function slice(hours: readonly ForecastHour[] | undefined, { from, to }: { from: number; to: number }): ForecastHour[] {
  return hours ? hours.filter((h) => h.time >= from && h.time < to) : [];
}
