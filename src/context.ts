/**
 * The per-request context: the database, the request's "now", fresh loaders (so no cache
 * outlives a request or crosses accounts) and the units fields default to.
 */
import type { Db } from '../db/open.js';
import type { Clock } from './clock.js';
import { createForecastLoaders, type ForecastLoaders } from './forecasts/loaders.js';
import type { ForecastProvider } from './forecasts/provider.js';
import type { ForecastStore } from './forecasts/store.js';
import { createLocationLoaders, type LocationLoaders } from './locations/loaders.js';
import type { PrecipitationUnit, TemperatureUnit, WindSpeedUnit } from './units.js';

export interface UnitPreferences {
  temperatureUnit: TemperatureUnit;
  windSpeedUnit: WindSpeedUnit;
  precipitationUnit: PrecipitationUnit;
}

export const metricUnits: UnitPreferences = { temperatureUnit: 'CELSIUS', windSpeedUnit: 'KMH', precipitationUnit: 'MM' };

export interface Context {
  db: Db;
  /** The request's "now" in unix seconds: one instant for every field of the request. */
  now: number;
  loaders: {
    locations: LocationLoaders;
    forecasts: ForecastLoaders;
  };
  /** Units of fields queried without a `unit` argument. */
  units: UnitPreferences;
}

export interface ContextDeps {
  db: Db;
  clock: Clock;
  store: ForecastStore;
  provider: ForecastProvider;
  forecastMaxAgeHours: number;
}

/** Builds the context of one request. */
export async function createContext({ db, clock, store, provider, forecastMaxAgeHours }: ContextDeps): Promise<Context> {
  const now = Math.floor(clock.now() / 1000);
  return {
    db,
    now,
    loaders: {
      locations: createLocationLoaders(db),
      forecasts: createForecastLoaders({ db, store, provider, now, maxAgeSeconds: forecastMaxAgeHours * 3_600 }),
    },
    units: metricUnits,
  };
}
