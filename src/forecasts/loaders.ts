/**
 * Per-request forecast loaders. Every `current`, `hourly` and `daily` field of a request asks
 * for a range of hours of one place; the batch answers all of them with one query, and fills
 * the places that have no fresh run (read-through) with one provider call and one transaction.
 */
import DataLoader from 'dataloader';
import type { ForecastRunRow, LocationRow } from '../../db/schema.js';
import { runWindow } from './horizon.js';
import type { ForecastHour } from './model.js';
import type { ForecastProvider } from './provider.js';
import type { ForecastQueries } from './queries.js';
import type { ForecastStore } from './store.js';

const HOUR = 3_600;

/** Hours [from, to) (unix seconds, whole hours) of a place. */
export interface HoursKey {
  place: LocationRow;
  from: number;
  to: number;
}

export interface ForecastLoaderDeps {
  queries: ForecastQueries;
  store: ForecastStore;
  provider: ForecastProvider;
  /** The request's "now", unix seconds. */
  now: number;
  /** Runs issued longer ago than this are refilled. */
  maxAgeSeconds: number;
}

export type ForecastLoaders = ReturnType<typeof createForecastLoaders>;

/** The loaders of one request. */
export function createForecastLoaders({ queries, store, provider, now, maxAgeSeconds }: ForecastLoaderDeps) {
  const window = runWindow(now);
  const windowEnd = window.from + window.hours * HOUR;

  /** Clamps a range to what a run holds, so a range past the horizon never looks unfilled. */
  const clamp = (key: HoursKey): HoursKey => ({ place: key.place, from: Math.max(key.from, window.from), to: Math.min(key.to, windowEnd) });

  async function loadHours(keys: readonly HoursKey[]): Promise<ForecastHour[][]> {
    const ranges = keys.map(clamp);
    const ids = [...new Set(ranges.map((r) => r.place.id))];
    const from = Math.min(...ranges.map((r) => r.from));
    const to = Math.max(...ranges.map((r) => r.to));
    const rows = await queries.hours.all({ ids: JSON.stringify(ids), from, to, freshSince: now - maxAgeSeconds });

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
    const rows = await queries.runs.all({ ids: JSON.stringify(ids) });
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
