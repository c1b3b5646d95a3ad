/**
 * The per-request context: the database, the request's "now", who is asking, fresh loaders
 * (so no cache outlives a request or crosses accounts) and the units fields default to.
 */
import type { Db } from '../db/open.js';
import type { AccountRow } from '../db/schema.js';
import type { AccountLimits } from './accounts/rate-limit.js';
import type { AccountStore } from './accounts/store.js';
import { authenticate, type Authentication } from './accounts/viewer.js';
import type { CacheScope } from './cache-policy.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { createFavoriteLoaders, type FavoriteLoaders } from './favorites/loaders.js';
import type { FavoriteQueries } from './favorites/queries.js';
import type { RunFills } from './forecasts/fills.js';
import { createForecastLoaders, type ForecastLoaders } from './forecasts/loaders.js';
import { createFillBudget } from './forecasts/fill-budget.js';
import type { ForecastProvider } from './forecasts/provider.js';
import type { ForecastQueries } from './forecasts/queries.js';
import type { ForecastStore } from './forecasts/store.js';
import { createLocationLoaders, type LocationLoaders } from './locations/loaders.js';
import type { LocationQueries } from './locations/queries.js';
import type { RateLimiter } from './rate-limit.js';
import type { PrecipitationUnit, TemperatureUnit, WindSpeedUnit } from './units.js';

export interface UnitPreferences {
  temperatureUnit: TemperatureUnit;
  windSpeedUnit: WindSpeedUnit;
  precipitationUnit: PrecipitationUnit;
}

export const metricUnits: UnitPreferences = { temperatureUnit: 'CELSIUS', windSpeedUnit: 'KMH', precipitationUnit: 'MM' };

/** An account's preferred units. */
export function unitsOf(account: AccountRow): UnitPreferences {
  return { temperatureUnit: account.temperatureUnit, windSpeedUnit: account.windSpeedUnit, precipitationUnit: account.precipitationUnit };
}

/** What lives as long as the process: statements prepared once, the provider, the settings. */
export interface Services {
  db: Db;
  clock: Clock;
  config: Config;
  provider: ForecastProvider;
  /** Runs being filled from the provider, shared by all requests (forecasts/fills.ts). */
  fills: RunFills;
  queries: { locations: LocationQueries; forecasts: ForecastQueries; favorites: FavoriteQueries };
  forecastStore: ForecastStore;
  accountStore: AccountStore;
  accountLimits: AccountLimits;
  rateLimiter: RateLimiter;
}

export interface Context {
  db: Db;
  services: Services;
  /** The request's "now" in unix seconds: one instant for every field of the request. */
  now: number;
  auth: Authentication;
  /** The client's address, for the log-in rate limit. */
  clientAddress: string;
  loaders: {
    locations: LocationLoaders;
    forecasts: ForecastLoaders;
    favorites: FavoriteLoaders;
  };
  /** Units of fields queried without a `unit` argument: the viewer's, else metric. */
  units: UnitPreferences;
  /**
   * Who may be given this request's answer again, once it is known (cache-policy.ts). A holder
   * object: Apollo runs each operation on a shallow copy of the context, and the server reads
   * the scope from the original.
   */
  cache: { scope: CacheScope | null };
  /** The request comes from a page that CORS_ORIGINS' `*` let in: queries only (cors.ts). */
  publicReadsOnly: boolean;
}

export interface RequestInfo {
  authorization: string | undefined;
  clientAddress: string;
  /** The request's instant and viewer, when the caller has worked them out already. */
  now?: number;
  auth?: Authentication;
  publicReadsOnly?: boolean;
}

/** Builds the context of one request. */
export function createContext(
  services: Services,
  { authorization, clientAddress, publicReadsOnly = false, ...known }: RequestInfo,
): Context {
  const { db, clock, config, queries, accountStore } = services;
  const now = known.now ?? Math.floor(clock.now() / 1000);
  const auth = known.auth ?? authenticate(accountStore, authorization, now);
  const account = auth.viewer?.account;
  const locations = createLocationLoaders(queries.locations);
  return {
    db,
    services,
    now,
    auth,
    clientAddress,
    loaders: {
      locations,
      forecasts: createForecastLoaders({
        queries: queries.forecasts,
        fills: services.fills,
        now,
        maxAgeSeconds: config.forecastMaxAgeHours * 3_600,
        remote: services.provider.remote
          ? { waitMs: config.forecastWaitMs, retentionSeconds: config.forecastRetentionHours * 3_600 }
          : null,
        budget: createFillBudget(services.rateLimiter, clientAddress, now, config),
      }),
      favorites: createFavoriteLoaders(queries.favorites, account?.id ?? null, locations),
    },
    units: account ? unitsOf(account) : metricUnits,
    cache: { scope: null },
    publicReadsOnly,
  };
}
