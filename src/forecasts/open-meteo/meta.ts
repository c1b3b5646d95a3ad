/**
 * Which run of a model Open-Meteo serves: `/data/<model>/static/meta.json`, which it rewrites
 * after each run of each model. `/v1/forecast` itself never says which run answered, so a run's
 * issue time is known only when one model is pinned, and only from here.
 */
import { isRecord } from '../../json.js';

export interface ModelMeta {
  /** Unix seconds: when the newest run was initialised (its "issue time"). */
  initialisedAt: number;
  /** Unix seconds: when that run reached Open-Meteo's API servers. */
  availableAt: number;
}

/**
 * Open-Meteo copies a run to its redundant API servers over some minutes after it is available,
 * and asks clients to allow 10 to 15: until then a forecast may still come from the previous run.
 */
export const COPY_SECONDS = 15 * 60;

/** The URL of `model`'s meta file on `baseUrl`'s host, with the paid host's key where there is one. */
export function metaUrl(baseUrl: string, model: string, apiKey: string | null = null): URL {
  const url = new URL(`data/${encodeURIComponent(model)}/static/meta.json`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  if (apiKey) url.searchParams.set('apikey', apiKey);
  return url;
}

/** The meta file's two times; throws on a body that lacks them. */
export function readModelMeta(body: string): ModelMeta {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error('Open-Meteo model meta is not JSON');
  }
  if (!isRecord(parsed)) throw new Error('Open-Meteo model meta is not an object');
  const { last_run_initialisation_time: initialisedAt, last_run_availability_time: availableAt } = parsed;
  if (!Number.isInteger(initialisedAt) || !Number.isInteger(availableAt)) {
    throw new Error('Open-Meteo model meta has no last_run_initialisation_time or last_run_availability_time as unix seconds');
  }
  return { initialisedAt: initialisedAt as number, availableAt: availableAt as number };
}

/**
 * The issue time of what a forecast asked for at `now` (unix seconds) is made from: the newest
 * run once every server has it, else the run known before it (`previous`), or null when none is.
 */
export function servedIssue(meta: ModelMeta, now: number, previous: number | null): number | null {
  return now >= meta.availableAt + COPY_SECONDS ? meta.initialisedAt : previous;
}
