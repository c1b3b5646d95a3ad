/**
 * One ingest: refresh the candidates' runs (candidates.ts) that are due (plan.ts) from the
 * provider, in batches, within its request budget, holding the `ingest` lease throughout so that
 * no other process ingests at the same time.
 *
 * Each batch is one provider call (a few hundred places) and one transaction, so a reader sees
 * a place's old run or its new one, and an ingest stopped anywhere (budget spent, a crash, a
 * shutdown) has stored every batch before the stop. The next ingest skips what this one stored:
 * that is how it resumes.
 */
import type { Logger } from 'pino';
import pLimit from 'p-limit';
import type { Db } from '../../db/open.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { runWindow } from '../forecasts/horizon.js';
import { BudgetSpentError } from '../forecasts/provider-budget.js';
import { noCalls, type CallStats, type ForecastProvider } from '../forecasts/provider.js';
import { prepareForecastQueries } from '../forecasts/queries.js';
import { withDays, type ForecastStore, type StoredRun } from '../forecasts/store.js';
import { takeLease } from '../lease.js';
import { ingestCandidates } from './candidates.js';
import { gridCells, planIngest, type Cell } from './plan.js';

export const INGEST_LEASE = 'ingest';
/** Renewed before every batch; a batch (a call, its retries and a minute's wait for the budget) takes far less. */
const LEASE_SECONDS = 600;
/** Batches that fail one after another before the ingest gives up until its next run. */
const MAX_CONSECUTIVE_FAILURES = 3;
/** How often a long ingest logs its progress. */
const PROGRESS_LOG_MS = 10_000;

export type IngestOutcome =
  /** Every due place was refreshed (or tried). */
  | 'done'
  /** Another process holds the lease: nothing was done. */
  | 'busy'
  /** The provider's budget will not allow a call for a while: the rest waits for the next run. */
  | 'budget spent'
  /** Batches kept failing (the provider is down): the rest waits for the next run. */
  | 'failed'
  /** Asked to stop (the server is shutting down). */
  | 'stopped'
  /** The lease expired and another process took it. */
  | 'lease lost';

export interface IngestSummary {
  outcome: IngestOutcome;
  /** Places considered, and the grid cells they fall in. */
  candidates: number;
  cells: number;
  /** Places stored from a new forecast (one call per cell, stored for each of its places). */
  refreshed: number;
  /** Places whose stored run was confirmed as the newest issue, without a call. */
  confirmed: number;
  /** Places whose run was recent enough to leave alone. */
  fresh: number;
  /** Due places not reached (the budget, failures or a stop). */
  remaining: number;
  failedBatches: number;
  /** The provider's calls: requests (retries included), their weight, retries and 429 answers. */
  calls: CallStats;
  durationMs: number;
  /** Refreshed places per second of the whole run. */
  placesPerSecond: number;
  /** With `budget spent`: seconds until the budget allows a call again. */
  retryAfterSeconds?: number;
}

export interface IngestProgress {
  /** Due places handled so far (stored or failed), of `total`. */
  done: number;
  total: number;
  calls: CallStats;
}

export interface IngestDeps {
  db: Db;
  provider: ForecastProvider;
  store: ForecastStore;
  clock: Clock;
  config: Pick<Config, 'ingest' | 'forecastMaxAgeHours' | 'forecastRetentionHours'> & {
    openMeteo: Pick<Config['openMeteo'], 'batchSize' | 'concurrency'>;
  };
  logger?: Logger;
  /** After each batch. */
  onProgress?: (progress: IngestProgress) => void;
  /** Stops between batches (a batch in flight is finished and stored). */
  signal?: AbortSignal;
}

const HOUR = 3_600;

export async function runIngest({ db, provider, store, clock, config, logger, onProgress, signal }: IngestDeps): Promise<IngestSummary> {
  const started = clock.now();
  const now = Math.floor(started / 1000);
  const calls = noCalls();
  const summary = (fields: Partial<IngestSummary> & { outcome: IngestOutcome }): IngestSummary => {
    const durationMs = clock.now() - started;
    const refreshed = fields.refreshed ?? 0;
    return {
      candidates: 0,
      cells: 0,
      refreshed,
      confirmed: 0,
      fresh: 0,
      remaining: 0,
      failedBatches: 0,
      calls,
      durationMs,
      placesPerSecond: durationMs > 0 ? Math.round((refreshed / durationMs) * 1000 * 10) / 10 : 0,
      ...fields,
    };
  };

  const lease = await takeLease(db, INGEST_LEASE, LEASE_SECONDS, now);
  if (!lease) return summary({ outcome: 'busy' });
  try {
    const retentionSeconds = config.forecastRetentionHours * HOUR;
    const candidates = await ingestCandidates(db, { populousPlaces: config.ingest.populousPlaces, askedSince: now - retentionSeconds });
    const cells = gridCells(candidates, config.ingest.gridDegrees);
    const stored = await prepareForecastQueries(db).runs.all({ ids: JSON.stringify(candidates.map((place) => place.id)) });
    const latestIssue = (await provider.latestIssue?.(now)) ?? null;
    const plan = planIngest(cells, new Map(stored.map((run) => [run.locationId, run])), {
      provider: provider.name,
      model: provider.model,
      latestIssue,
      now,
      // Half the age at which requests refetch: a scheduled ingest keeps runs fresh before any request finds one stale.
      refreshAfterSeconds: (config.forecastMaxAgeHours * HOUR) / 2,
    });
    const confirmed =
      latestIssue === null || plan.confirm.length === 0
        ? 0
        : await store.confirmRuns(
            { provider: provider.name, model: provider.model, issuedAt: latestIssue },
            plan.confirm.map((place) => place.id),
            now,
          );

    const total = plan.fetch.reduce((sum, cell) => sum + cell.members.length, 0);
    const window = runWindow(now);
    let refreshed = 0;
    let done = 0;
    let failedBatches = 0;
    let consecutiveFailures = 0;
    let stop: Exclude<IngestOutcome, 'done' | 'busy'> | null = null;
    let retryAfterSeconds: number | undefined;
    let loggedAt = clock.now();

    async function ingestBatch(batch: readonly Cell[]): Promise<void> {
      if (stop) return;
      if (signal?.aborted) {
        stop = 'stopped';
        return;
      }
      if (!(await lease!.renew(Math.floor(clock.now() / 1000)))) {
        stop = 'lease lost';
        return;
      }
      const places = batch.reduce((sum, cell) => sum + cell.members.length, 0);
      try {
        const at = Math.floor(clock.now() / 1000);
        const runs = await provider.forecast(
          batch.map((cell) => cell.representative),
          window,
          at,
          calls,
        );
        const byPlace = new Map(runs.map((run) => [run.locationId, run]));
        const toStore = batch.flatMap((cell): StoredRun[] => {
          const run = byPlace.get(cell.representative.id);
          if (!run || run.hours.length === 0) return [];
          return cell.members.map((place) => withDays({ ...run, locationId: place.id }, place));
        });
        await store.storeRuns(toStore, { pruneFetchedBefore: at - retentionSeconds });
        refreshed += toStore.length;
        consecutiveFailures = 0;
      } catch (error) {
        if (error instanceof BudgetSpentError) {
          stop = 'budget spent';
          retryAfterSeconds = error.retryAfterSeconds;
          return;
        }
        failedBatches++;
        logger?.error({ err: error, provider: provider.name, places }, 'ingest batch failed');
        if (++consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) stop = 'failed';
      }
      done += places;
      onProgress?.({ done, total, calls });
      if (clock.now() - loggedAt >= PROGRESS_LOG_MS) {
        loggedAt = clock.now();
        logger?.info({ done, total, requests: calls.requests, weight: calls.weight }, 'ingest progress');
      }
    }

    const limit = pLimit(config.openMeteo.concurrency);
    await Promise.all(chunks(plan.fetch, config.openMeteo.batchSize).map((batch) => limit(() => ingestBatch(batch))));

    return summary({
      outcome: stop ?? 'done',
      candidates: candidates.length,
      cells: cells.length,
      refreshed,
      confirmed,
      fresh: plan.fresh,
      remaining: total - done,
      failedBatches,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  } finally {
    await lease.release();
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
