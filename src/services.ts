/**
 * The process-wide services every request's context draws on: statements prepared once, the
 * forecast provider, the clock and the settings. Built once per server.
 */
import type { OpenedDatabase } from '../db/open.js';
import { createLoginLimiter } from './accounts/rate-limit.js';
import { createAccountStore } from './accounts/store.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Services } from './context.js';
import type { ForecastProvider } from './forecasts/provider.js';
import { prepareFavoriteQueries } from './favorites/queries.js';
import { prepareForecastQueries } from './forecasts/queries.js';
import { createForecastStore } from './forecasts/store.js';
import { prepareLocationQueries } from './locations/queries.js';

/** The services of a server over `database`. */
export function createServices({ db }: OpenedDatabase, clock: Clock, config: Config, provider: ForecastProvider): Services {
  return {
    db,
    clock,
    config,
    provider,
    queries: { locations: prepareLocationQueries(db), forecasts: prepareForecastQueries(db), favorites: prepareFavoriteQueries(db) },
    forecastStore: createForecastStore(db),
    accountStore: createAccountStore(db),
    loginLimiter: createLoginLimiter(db, {
      perEmail: config.loginFailuresPerEmail,
      perAddress: config.loginFailuresPerAddress,
      windowSeconds: config.loginFailureWindowMinutes * 60,
    }),
  };
}
