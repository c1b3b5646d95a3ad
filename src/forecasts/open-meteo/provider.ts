/**
 * The live provider: Open-Meteo's `/v1/forecast` behind the ForecastProvider interface.
 *
 * Places go in batches of `batchSize` per call, one call after another (the free tier allows no
 * more). Each call is retried as retry.ts decides and logged in one line (places, weight,
 * status, duration, retries). A run keeps only the provider's complete hours: the schema
 * promises every value of an hour (its fields are non-null, as the API contract has them), so a
 * run ends before the first hour that lacks one, rather than serving a number nobody measured.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { ForecastHour, ModelPlace } from '../model.js';
import { BudgetSpentError, windowResetAt, type ProviderBudget } from '../provider-budget.js';
import type { CallStats, ForecastProvider, ForecastRun, ProviderStatus, SunEvents } from '../provider.js';
import { metaUrl, readModelMeta, servedIssue } from './meta.js';
import { forecastUrl, requestWeight } from './request.js';
import { OpenMeteoError, readForecastResponse, type ProviderForecast, type ProviderHour, type ProviderSunTimes } from './response.js';
import { defaultRetryPolicy, limitedWindow, retryDelay, type RetryPolicy } from './retry.js';

export const OPEN_METEO = 'open-meteo';

/** The blend of models Open-Meteo picks per place; it publishes no issue time for it. */
export const BEST_MATCH = 'best_match';

export interface OpenMeteoOptions {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  /**
   * The model's name in `/data/<name>/static/meta.json`, where it differs from the `models`
   * parameter (`icon_global` is `dwd_icon` there); `model` when null.
   */
  metaModel?: string | null;
  /** Places per call: a few hundred keeps the URL short and under Open-Meteo's cap of 1,000. */
  batchSize: number;
  /** How long one call may take, body included (ms). */
  timeoutMs: number;
  /** The plan's calls per minute, hour and day, shared with every process on the database; none in unit tests. */
  budget?: ProviderBudget;
  retry?: RetryPolicy;
  clock: Clock;
  logger?: Logger;
  /** For tests: the waits between retries, and their jitter. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const HOUR = 3600;
/** How long a model's meta file is trusted: runs come every hour at most, and a run is copied for 15 minutes. */
const META_TTL_MS = 5 * 60_000;

export function openMeteoProvider(options: OpenMeteoOptions): ForecastProvider {
  const { batchSize, clock, logger, budget } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const retry = options.retry ?? defaultRetryPolicy;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const health: Omit<ProviderStatus, 'budget'> = {
    state: 'ok',
    lastSuccessAt: null,
    lastFailureAt: null,
    lastError: null,
    consecutiveFailures: 0,
  };
  const metaModel = options.metaModel ?? options.model;
  let issue: { checkedAt: number; issuedAt: number | null } | null = null;
  let checkingIssue: Promise<number | null> | null = null;

  /** Spends `weight` of the budget, waiting for it as long as a retry may wait; throws BudgetSpentError past that. */
  async function spend(weight: number): Promise<void> {
    if (!budget) return;
    for (;;) {
      const spent = await budget.spend(weight, clock.now());
      if (spent.granted) return;
      const waitMs = spent.retryAfterSeconds * 1000;
      if (waitMs > retry.maxWaitMs) throw new BudgetSpentError(OPEN_METEO, spent.retryAfterSeconds);
      logger?.info({ provider: OPEN_METEO, weight, waitMs }, 'provider budget: waiting for the next window');
      await sleep(waitMs);
    }
  }

  /** One call for `places`, retried; throws the last failure. */
  async function call(
    places: readonly ModelPlace[],
    window: { from: number; hours: number },
    stats?: CallStats,
  ): Promise<ProviderForecast[]> {
    const url = forecastUrl({ ...options, places, window });
    const weight = requestWeight(places.length, window);
    for (let attempt = 0; ; attempt++) {
      try {
        await spend(weight);
      } catch (error) {
        failed(error);
        throw error;
      }
      const started = clock.now();
      let status = 0;
      let retryAfter: string | null = null;
      if (stats) {
        stats.requests++;
        stats.weight += weight;
        if (attempt > 0) stats.retries++;
      }
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), headers: { accept: 'application/json' } });
        status = response.status;
        retryAfter = response.headers.get('retry-after');
        const forecasts = readForecastResponse(status, await response.text(), places);
        logger?.info({ provider: OPEN_METEO, places: places.length, weight, status, ms: clock.now() - started, attempt }, 'provider call');
        Object.assign(health, { state: 'ok', lastSuccessAt: clock.now(), consecutiveFailures: 0 });
        return forecasts;
      } catch (error) {
        const limited = error instanceof OpenMeteoError && error.failure === 'rate limited' ? limitedWindow(error.message) : null;
        if (limited) {
          if (stats) stats.rateLimited++;
          // Every process on the database stops spending until Open-Meteo's window resets.
          await budget?.exhaust(limited, clock.now());
        }
        const delay = retryDelay(retry, { error, retry: attempt, retryAfter, now: clock.now(), random });
        logger?.warn(
          {
            provider: OPEN_METEO,
            places: places.length,
            weight,
            status,
            ms: clock.now() - started,
            attempt,
            err: describe(error),
            retryInMs: delay,
          },
          'provider call failed',
        );
        if (delay === null) {
          // A spent hour or day is the budget's business, not a failure of this call: callers stop until it resets.
          const thrown = limited
            ? new BudgetSpentError(OPEN_METEO, windowResetAt(limited, clock.now()) - Math.floor(clock.now() / 1000), { cause: error })
            : error;
          failed(thrown);
          throw thrown;
        }
        await sleep(delay);
      }
    }
  }

  function failed(error: unknown): void {
    const { type, message } = describe(error);
    Object.assign(health, { state: 'degraded', lastFailureAt: clock.now(), lastError: `${type}: ${message}` });
    health.consecutiveFailures++;
  }

  /** The pinned model's newest run, read from its meta file at most every few minutes; null with best_match or when unreadable. */
  async function latestIssue(now: number): Promise<number | null> {
    if (options.model === BEST_MATCH) return null;
    if (issue && clock.now() - issue.checkedAt < META_TTL_MS) return issue.issuedAt;
    checkingIssue ??= (async () => {
      const previous = issue?.issuedAt ?? null;
      try {
        const response = await fetch(metaUrl(options.baseUrl, metaModel, options.apiKey), {
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        if (!response.ok) throw new Error(`Open-Meteo answered ${response.status} for the ${metaModel} meta file`);
        const issuedAt = servedIssue(readModelMeta(await response.text()), now, previous);
        issue = { checkedAt: clock.now(), issuedAt };
        return issuedAt;
      } catch (error) {
        // The runs are still good; only their issue time is unknown, so their fetch time stands in.
        logger?.warn({ provider: OPEN_METEO, model: metaModel, err: describe(error) }, 'model meta unavailable');
        issue = { checkedAt: clock.now(), issuedAt: previous };
        return previous;
      } finally {
        checkingIssue = null;
      }
    })();
    return checkingIssue;
  }

  return {
    name: OPEN_METEO,
    model: options.model,
    remote: true,
    async status() {
      return { ...health, ...(budget ? { budget: await budget.usage(clock.now()) } : {}) };
    },
    latestIssue,
    async forecast(places, window, now, stats) {
      const issuedAt = (await latestIssue(now)) ?? now;
      const runs: ForecastRun[] = [];
      for (let start = 0; start < places.length; start += batchSize) {
        const batch = places.slice(start, start + batchSize);
        // Dated by the caller's clock, as the offline model's runs are: the request's or the ingest's "now".
        for (const forecast of await call(batch, window, stats)) {
          runs.push({
            locationId: forecast.locationId,
            provider: OPEN_METEO,
            model: options.model,
            issuedAt,
            fetchedAt: now,
            hours: completeHours(forecast.hours, window),
            ...(forecast.sunTimes.length > 0 ? { sun: sunEvents(forecast.sunTimes) } : {}),
          });
        }
      }
      return runs;
    },
  };
}

/** The provider's sun times over the UTC days it answered for (request.ts asks in GMT). */
export function sunEvents(days: readonly ProviderSunTimes[]): SunEvents {
  const present = (values: (number | null)[]) => values.filter((value): value is number => value !== null);
  return {
    from: days[0]!.day,
    to: days.at(-1)!.day + 86_400,
    sunrises: present(days.map((day) => day.sunrise)),
    sunsets: present(days.map((day) => day.sunset)),
  };
}

/** The hours of `window` that the provider gave in full, in Skygraph's units and precision, up to the first incomplete one. */
export function completeHours(hours: readonly ProviderHour[], window: { from: number; hours: number }): ForecastHour[] {
  const end = window.from + window.hours * HOUR;
  const result: ForecastHour[] = [];
  for (const hour of hours) {
    if (hour.time < window.from) continue;
    if (hour.time >= end) break;
    const converted = toForecastHour(hour);
    if (!converted) break;
    result.push(converted);
  }
  return result;
}

function toForecastHour(hour: ProviderHour): ForecastHour | null {
  const {
    temperature_2m,
    apparent_temperature,
    relative_humidity_2m,
    precipitation,
    precipitation_probability,
    wind_speed_10m,
    wind_direction_10m,
    weather_code,
  } = hour;
  if (
    temperature_2m === null ||
    apparent_temperature === null ||
    relative_humidity_2m === null ||
    precipitation === null ||
    precipitation_probability === null ||
    wind_speed_10m === null ||
    wind_direction_10m === null ||
    weather_code === null
  ) {
    return null;
  }
  return {
    time: hour.time,
    temperature: round1(temperature_2m),
    apparentTemperature: round1(apparent_temperature),
    relativeHumidity: clampPercent(relative_humidity_2m),
    precipitation: Math.max(0, round1(precipitation)),
    precipitationProbability: clampPercent(precipitation_probability),
    windSpeed: Math.max(0, round1(wind_speed_10m)),
    windDirection: ((Math.round(wind_direction_10m) % 360) + 360) % 360,
    weatherCode: Math.round(weather_code),
  };
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const clampPercent = (value: number) => Math.min(100, Math.max(0, Math.round(value)));

/** What a log line says of a failure: its kind and message, never the URL (it may carry the API key). */
function describe(error: unknown): { type: string; message: string } {
  if (error instanceof OpenMeteoError) return { type: error.failure, message: error.message };
  if (error instanceof BudgetSpentError) return { type: 'budget spent', message: error.message };
  if (error instanceof Error) return { type: error.name, message: error.message };
  return { type: typeof error, message: String(error) };
}
