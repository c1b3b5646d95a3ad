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
import type { ForecastProvider, ForecastRun, ProviderStatus } from '../provider.js';
import { forecastUrl, requestWeight } from './request.js';
import { OpenMeteoError, readForecastResponse, type ProviderForecast, type ProviderHour } from './response.js';
import { defaultRetryPolicy, retryDelay, type RetryPolicy } from './retry.js';

export const OPEN_METEO = 'open-meteo';

export interface OpenMeteoOptions {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  /** Places per call: a few hundred keeps the URL short and under Open-Meteo's cap of 1,000. */
  batchSize: number;
  /** How long one call may take, body included (ms). */
  timeoutMs: number;
  retry?: RetryPolicy;
  clock: Clock;
  logger?: Logger;
  /** For tests: the waits between retries, and their jitter. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const HOUR = 3600;

export function openMeteoProvider(options: OpenMeteoOptions): ForecastProvider {
  const { batchSize, clock, logger } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const retry = options.retry ?? defaultRetryPolicy;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const health: ProviderStatus = { state: 'ok', lastSuccessAt: null, lastFailureAt: null, lastError: null, consecutiveFailures: 0 };

  /** One call for `places`, retried; throws the last failure. */
  async function call(places: readonly ModelPlace[], window: { from: number; hours: number }): Promise<ProviderForecast[]> {
    const url = forecastUrl({ ...options, places, window });
    const weight = requestWeight(places.length, window);
    for (let attempt = 0; ; attempt++) {
      const started = clock.now();
      let status = 0;
      let retryAfter: string | null = null;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), headers: { accept: 'application/json' } });
        status = response.status;
        retryAfter = response.headers.get('retry-after');
        const forecasts = readForecastResponse(status, await response.text(), places);
        logger?.info({ provider: OPEN_METEO, places: places.length, weight, status, ms: clock.now() - started, attempt }, 'provider call');
        Object.assign(health, { state: 'ok', lastSuccessAt: clock.now(), consecutiveFailures: 0 });
        return forecasts;
      } catch (error) {
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
          const { type, message } = describe(error);
          Object.assign(health, { state: 'degraded', lastFailureAt: clock.now(), lastError: `${type}: ${message}` });
          health.consecutiveFailures++;
          throw error;
        }
        await sleep(delay);
      }
    }
  }

  return {
    name: OPEN_METEO,
    remote: true,
    status: () => ({ ...health }),
    async forecast(places, window, issuedAt) {
      const runs: ForecastRun[] = [];
      for (let start = 0; start < places.length; start += batchSize) {
        const batch = places.slice(start, start + batchSize);
        for (const forecast of await call(batch, window)) {
          runs.push({
            locationId: forecast.locationId,
            provider: OPEN_METEO,
            model: options.model,
            issuedAt,
            hours: completeHours(forecast.hours, window),
          });
        }
      }
      return runs;
    },
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
  if (error instanceof Error) return { type: error.name, message: error.message };
  return { type: typeof error, message: String(error) };
}
