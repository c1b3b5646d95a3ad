/**
 * The boundary to whoever makes forecasts. A provider takes places and a window of hours and
 * gives one run per place; the store keeps the run with its provenance.
 */
import type { ForecastHour, ModelPlace } from './model.js';

export interface ForecastRun {
  locationId: number;
  provider: string;
  model: string;
  /** Unix seconds. */
  issuedAt: number;
  /** Consecutive hours, sorted by time. */
  hours: ForecastHour[];
}

export interface ForecastProvider {
  readonly name: string;
  /**
   * Whether its calls go over the network, where they may hang or fail: only then does a
   * request bound its wait for them (FORECAST_WAIT_MS). An in-process model is simply awaited.
   */
  readonly remote: boolean;
  /** How its calls have been going, for /readyz; a provider that cannot fail has none. */
  status?(): ProviderStatus;
  /** One run per place covering `hours` hours from `from` (unix seconds, a whole hour). */
  forecast(places: readonly ModelPlace[], window: { from: number; hours: number }, issuedAt: number): Promise<ForecastRun[]>;
}

/** A remote provider's recent calls: `degraded` from a call that failed (after its retries) until one succeeds. */
export interface ProviderStatus {
  state: 'ok' | 'degraded';
  /** Unix milliseconds; null before the first. */
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  /** What the last failure was (kind and message; never a URL, which may hold a key). */
  lastError: string | null;
  /** Failed calls since the last success. */
  consecutiveFailures: number;
}
