/**
 * The boundary to whoever makes forecasts. A provider takes places and a window of hours and
 * gives one run per place; the store keeps the run with its provenance.
 */
import type { ForecastHour, ModelPlace } from './model.js';
import type { BudgetUsage } from './provider-budget.js';

export interface ForecastRun {
  locationId: number;
  provider: string;
  model: string;
  /** Unix seconds: the model run's initialisation where the provider says it, else `fetchedAt`. */
  issuedAt: number;
  /** Unix seconds: when the provider gave it. */
  fetchedAt: number;
  /** Consecutive hours, sorted by time. */
  hours: ForecastHour[];
  /** The provider's own sunrises and sunsets, where it gives them; else they are computed (sun.ts). */
  sun?: SunEvents;
}

/** Sunrise and sunset instants (unix seconds) over [from, to): every one there is within it. */
export interface SunEvents {
  from: number;
  to: number;
  sunrises: number[];
  sunsets: number[];
}

export interface ForecastProvider {
  readonly name: string;
  /** The model its runs come from (or, for a blend, the blend's name), as stored with each run. */
  readonly model: string;
  /**
   * Whether its calls go over the network, where they may hang or fail: only then does a
   * request bound its wait for them (FORECAST_WAIT_MS). An in-process model is simply awaited.
   */
  readonly remote: boolean;
  /** How its calls have been going, for /readyz; a provider that cannot fail has none. */
  status?(): Promise<ProviderStatus>;
  /**
   * One run per place covering `hours` hours from `from` (unix seconds, a whole hour), as of
   * `now` (unix seconds). `stats`, when given, counts the calls this made.
   */
  forecast(places: readonly ModelPlace[], window: { from: number; hours: number }, now: number, stats?: CallStats): Promise<ForecastRun[]>;
  /**
   * The issue time (unix seconds) of the run the provider would give now, where it publishes one
   * (a pinned model); null where it does not (a blend of models). The ingest skips places that
   * already have that run.
   */
  latestIssue?(now: number): Promise<number | null>;
}

/** What a provider's calls cost, counted across calls by whoever passes it (the ingest's summary). */
export interface CallStats {
  /** HTTP requests made, retries included. */
  requests: number;
  /** Their weight against the provider's budget. */
  weight: number;
  retries: number;
  /** Answers that said the provider's rate limit was reached. */
  rateLimited: number;
}

export const noCalls = (): CallStats => ({ requests: 0, weight: 0, retries: 0, rateLimited: 0 });

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
  /** What its request budget has spent, per window, across every process on the database. */
  budget?: BudgetUsage[];
}
