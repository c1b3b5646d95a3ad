/**
 * Filling places' runs from the provider, shared by every request of the process: a place being
 * filled is asked for once, however many requests need it at the same time (single flight), and
 * a run is stored when the provider answers even if no request is waiting any more, so that the
 * next request finds it. The requests decide how long they wait (loaders.ts); this decides only
 * what is called and stored.
 *
 * The in-flight table is this process's, and only deduplicates: replicas that fill the same
 * place at once each store the same run, which the store replaces idempotently.
 */
import type { Logger } from 'pino';
import type { LocationRow } from '../../db/schema.js';
import type { ForecastProvider } from './provider.js';
import { withDays, type ForecastStore, type StoredRun } from './store.js';

export interface RunFills {
  /** The run of each place (same order), from one provider call for those not being filled already; each rejects on its own. */
  fill(places: readonly LocationRow[], window: { from: number; hours: number }, now: number): Promise<StoredRun>[];
}

export interface RunFillsDeps {
  provider: ForecastProvider;
  store: ForecastStore;
  /** Runs fetched longer ago than this are deleted when new ones are stored. */
  retentionSeconds: number;
  logger?: Logger;
}

export function createRunFills({ provider, store, retentionSeconds, logger }: RunFillsDeps): RunFills {
  const inFlight = new Map<string, Promise<StoredRun>>();
  const keyOf = (placeId: number, windowFrom: number) => `${placeId}@${windowFrom}`;

  return {
    fill(places, window, now) {
      const missing = [...new Map(places.filter((place) => !inFlight.has(keyOf(place.id, window.from))).map((p) => [p.id, p])).values()];
      if (missing.length > 0) {
        const call = (async () => {
          const runs = await provider.forecast(missing, window, now);
          const byPlace = new Map(runs.map((run) => [run.locationId, run]));
          const stored = missing.flatMap((place) => {
            const run = byPlace.get(place.id);
            return run && run.hours.length > 0 ? [withDays(run, place)] : [];
          });
          await store.storeRuns(stored, { pruneFetchedBefore: now - retentionSeconds, askedAt: now });
          return new Map(stored.map((run) => [run.locationId, run]));
        })();
        call.catch((error: unknown) =>
          logger?.error({ err: error, provider: provider.name, places: missing.length }, 'forecast fill failed'),
        );
        for (const place of missing) {
          const key = keyOf(place.id, window.from);
          const run = call.then(
            (stored) => stored.get(place.id) ?? Promise.reject(new Error(`${provider.name} gave no forecast for ${place.name}`)),
          );
          inFlight.set(key, run);
          // This handler also marks `run` handled: a request that stopped waiting must not turn a
          // late failure into an unhandled rejection.
          void run.finally(() => inFlight.delete(key)).catch(() => {});
        }
      }
      return places.map((place) => inFlight.get(keyOf(place.id, window.from))!);
    },
  };
}
