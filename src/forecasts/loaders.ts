/**
 * Per-request forecast loaders. Every `current`, `hourly` and `daily` field of a request asks
 * for a range of one place's hours or days; each batch answers all of them with one query, and
 * the places with no fresh run are filled read-through (`fillMissingRuns`): one provider call
 * and one transaction for all of them (shared with other requests filling the same places,
 * fills.ts), shared by the hours and days loaders of the request, as far as the request's fill
 * budget (fill-budget.ts) allows (a place past it answers RATE_LIMITED) and for as long as the
 * request may wait (FORECAST_WAIT_MS; past it, FORECAST_UNAVAILABLE).
 */
import DataLoader from 'dataloader';
import { clientError } from '../errors.js';
import type { FillBudget } from './fill-budget.js';
import type { ForecastRunRow, LocationRow } from '../../db/schema.js';
import { addDays, floorHour } from '../time.js';
import type { DailySummary } from './daily.js';
import { runWindow } from './horizon.js';
import type { ForecastHour } from './model.js';
import type { ForecastQueries } from './queries.js';
import type { RunFills } from './fills.js';
import type { StoredRun } from './store.js';

const HOUR = 3_600;

/** The runs among `runs` that settle within `waitMs` (null: however long they take); null for one that does not, the error for one that fails. */
async function withinWait(runs: readonly Promise<StoredRun>[], waitMs: number | null): Promise<(StoredRun | Error | null)[]> {
  if (runs.length === 0) return [];
  const settled = (run: Promise<StoredRun | null>) =>
    run.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  if (waitMs === null) return Promise.all(runs.map(settled));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => (timer = setTimeout(resolve, waitMs, null)));
  try {
    return await Promise.all(runs.map((run) => settled(Promise.race([run, deadline]))));
  } finally {
    clearTimeout(timer);
  }
}

/** Hours [from, to) (unix seconds, whole hours) of a place. */
export interface HoursKey {
  place: LocationRow;
  from: number;
  to: number;
}

/** `days` local days of a place from `firstDate` (`YYYY-MM-DD`). */
export interface DaysKey {
  place: LocationRow;
  firstDate: string;
  days: number;
}

export interface ForecastLoaderDeps {
  queries: ForecastQueries;
  /** The process's shared fills (fills.ts). */
  fills: RunFills;
  /** The request's "now", unix seconds. */
  now: number;
  /** Runs fetched longer ago than this are refilled. */
  maxAgeSeconds: number;
  /**
   * For a provider over the network (ForecastProvider.remote), which may hang or fail: a request
   * waits at most `waitMs` for runs being filled, and a run older than `maxAgeSeconds` but within
   * `retentionSeconds` is served at once and refreshed in the background (stale-while-revalidate,
   * once per place, fills.ts). Null for an in-process provider: fills are awaited, and only fresh
   * runs are served.
   */
  remote: { waitMs: number; retentionSeconds: number } | null;
  budget: FillBudget;
}

export type ForecastLoaders = ReturnType<typeof createForecastLoaders>;

/** The loaders of one request. */
export function createForecastLoaders({ queries, fills, now, maxAgeSeconds, remote, budget }: ForecastLoaderDeps) {
  const window = runWindow(now);
  const windowEnd = window.from + window.hours * HOUR;
  const freshSince = now - maxAgeSeconds;
  // The oldest run a request may serve: with revalidation, any still kept; else only a fresh one.
  const servedSince = remote ? now - remote.retentionSeconds : freshSince;

  // Runs filled by this request, by place: the hours and days loaders may both find a place
  // stale in the same tick, and it is filled once. A place the budget refused keeps its error.
  const filled = new Map<number, Promise<StoredRun | Error>>();

  /**
   * The runs of `places`, filled from the provider (a read that writes), as far as the fill
   * budget allows and as long as the request may wait: a place whose run has not come by then,
   * or whose fill failed, answers FORECAST_UNAVAILABLE, and the shared fill still stores its run
   * for the next request when it comes (fills.ts).
   */
  async function fillMissingRuns(places: readonly LocationRow[]): Promise<(StoredRun | Error)[]> {
    const missing = places.filter((place) => !filled.has(place.id));
    if (missing.length > 0) {
      const fill = (async () => {
        const granted = await budget.take(missing.length);
        const allowed = missing.slice(0, granted);
        const runs = allowed.length > 0 ? fills.fill(allowed, window, now) : [];
        const results = await withinWait(runs, remote?.waitMs ?? null);
        // The cause of a failure is in the log (fills.ts); the client learns only that there is none yet.
        return new Map(
          allowed.map((place, i) => [place.id, results[i] instanceof Error || !results[i] ? unavailable(place) : results[i]!]),
        );
      })();
      for (const place of missing) {
        filled.set(
          place.id,
          fill.then((results) => results.get(place.id) ?? refused(place)),
        );
      }
    }
    return Promise.all(places.map((place) => filled.get(place.id)!));
  }

  const unavailable = (place: LocationRow): Error =>
    clientError(
      'FORECAST_UNAVAILABLE',
      `No forecast for ${place.name} is available right now: the forecast provider did not answer in time; ask again shortly`,
    );

  const refused = (place: LocationRow): Error =>
    budget.retryAfter > 0
      ? clientError('RATE_LIMITED', `Too many forecasts filled for this client; try again in ${budget.retryAfter} seconds`, {
          retryAfterSeconds: budget.retryAfter,
        })
      : clientError(
          'RATE_LIMITED',
          `No forecast for ${place.name} yet: this request asked for more new places than it may fill; ask again`,
          {
            retryAfterSeconds: 0,
          },
        );

  /** Groups rows by place, keeping their order. */
  function byPlace<T extends { locationId: number }>(rows: readonly T[]): Map<number, T[]> {
    const groups = new Map<number, T[]>();
    for (const row of rows) {
      let group = groups.get(row.locationId);
      if (!group) groups.set(row.locationId, (group = []));
      group.push(row);
    }
    return groups;
  }

  /** Answers each key from its place's rows; places whose rows fall short are filled first. */
  async function answer<K extends { place: LocationRow }, R, V>(
    keys: readonly K[],
    rows: Map<number, R[]>,
    select: (key: K, rows: readonly R[]) => V[],
    wanted: (key: K) => number,
    fromRun: (run: StoredRun) => R[],
  ): Promise<(V[] | Error)[]> {
    const answers = keys.map((key) => select(key, rows.get(key.place.id) ?? []));
    if (remote) refreshStale(keys.filter((key, i) => answers[i]!.length >= wanted(key)).map((key) => key.place));
    const stale = [...new Map(keys.filter((key, i) => answers[i]!.length < wanted(key)).map((key) => [key.place.id, key.place])).values()];
    if (stale.length === 0) return answers;
    const failed = new Map<number, Error>();
    for (const [i, run] of (await fillMissingRuns(stale)).entries()) {
      if (run instanceof Error) failed.set(stale[i]!.id, run);
      else rows.set(run.locationId, fromRun(run));
    }
    return keys.map((key, i) =>
      answers[i]!.length >= wanted(key) ? answers[i]! : (failed.get(key.place.id) ?? select(key, rows.get(key.place.id) ?? [])),
    );
  }

  async function loadHours(keys: readonly HoursKey[]): Promise<(ForecastHour[] | Error)[]> {
    // Clamped to what a run holds, so a range past the horizon never looks unfilled.
    const ranges = keys.map((key) => ({ place: key.place, from: Math.max(key.from, window.from), to: Math.min(key.to, windowEnd) }));
    const rows = queries.hours({
      ids: JSON.stringify([...new Set(ranges.map((r) => r.place.id))]),
      from: Math.min(...ranges.map((r) => r.from)),
      to: Math.max(...ranges.map((r) => r.to)),
      freshSince: servedSince,
    });
    return answer(
      ranges,
      byPlace(rows),
      (r, hours) => hours.filter((h) => h.time >= r.from && h.time < r.to),
      (r) => Math.max(0, (r.to - r.from) / HOUR),
      (run) => run.hours.map((hour) => ({ ...hour, locationId: run.locationId })),
    );
  }

  async function loadDays(keys: readonly DaysKey[]): Promise<(DailySummary[] | Error)[]> {
    const ranges = keys.map((key) => ({ ...key, to: addDays(key.firstDate, key.days) }));
    const rows = await queries.days.all({
      ids: JSON.stringify([...new Set(keys.map((k) => k.place.id))]),
      from: ranges.map((r) => r.firstDate).sort()[0]!,
      to: ranges
        .map((r) => r.to)
        .sort()
        .at(-1)!,
      freshSince: servedSince,
    });
    return answer(
      ranges,
      byPlace<DailySummary & { locationId: number }>(rows),
      (r, days) => days.filter((d) => d.date >= r.firstDate && d.date < r.to),
      (r) => r.days,
      (run) => run.days.map((day) => ({ ...day, locationId: run.locationId })),
    );
  }

  async function loadSources(ids: readonly number[]): Promise<(ForecastRunRow | null)[]> {
    const rows = await queries.runs.all({ ids: JSON.stringify(ids) });
    const byId = new Map(rows.map((row) => [row.locationId, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * Starts the refresh of those of `places` (just served from a stored run) whose run is past
   * its age, without waiting for it. Their runs come through the `source` loader, batched with
   * the request's other lookups: one statement, however many places.
   */
  function refreshStale(places: readonly LocationRow[]): void {
    if (places.length === 0) return;
    const unique = [...new Map(places.map((place) => [place.id, place])).values()];
    void sources
      .loadMany(unique.map((place) => place.id))
      .then((runs) => {
        const old = unique.filter((_, i) => {
          const run = runs[i];
          return run && !(run instanceof Error) && run.fetchedAt < freshSince;
        });
        if (old.length > 0) fills.fill(old, window, now);
      })
      // Only a refresh is lost: the request was answered, and fills.ts logs what the provider did.
      .catch(() => {});
  }

  const sources = new DataLoader(loadSources);
  const hours = new DataLoader(loadHours, { cacheKeyFn: (k: HoursKey) => `${k.place.id}:${k.from}:${k.to}` });
  const currentHour = floorHour(now);

  return {
    hours,
    /** The hour containing "now" (filling the place's run if it has none), or null past the horizon. */
    current: async (place: LocationRow): Promise<ForecastHour | null> =>
      (await hours.load({ place, from: currentHour, to: currentHour + HOUR }))[0] ?? null,
    days: new DataLoader(loadDays, { cacheKeyFn: (k: DaysKey) => `${k.place.id}:${k.firstDate}:${k.days}` }),
    source: sources,
  };
}
