/**
 * The process-wide services every request's context draws on: statements prepared once, the
 * forecast provider, the clock and the settings. Built once per server.
 */
import type { OpenedDatabase } from '../db/open.js';
import { createAccountLimits } from './accounts/rate-limit.js';
import { createAccountStore } from './accounts/store.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Services } from './context.js';
import { createRunFills } from './forecasts/fills.js';
import type { ForecastProvider } from './forecasts/provider.js';
import type { Logger } from 'pino';
import { prepareFavoriteQueries } from './favorites/queries.js';
import { prepareForecastQueries } from './forecasts/queries.js';
import { createForecastStore } from './forecasts/store.js';
import { prepareLocationQueries } from './locations/queries.js';
import { createRateLimiter } from './rate-limit.js';

/** The services of a server over `database`. */
export function createServices(
  { db }: OpenedDatabase,
  clock: Clock,
  config: Config,
  provider: ForecastProvider,
  logger?: Logger,
): Services {
  const forecastStore = createForecastStore(db);
  const rateLimiter = createRateLimiter(db);
  return {
    db,
    clock,
    config,
    provider,
    fills: createRunFills({ provider, store: forecastStore, retentionSeconds: config.forecastRetentionHours * 3_600, logger }),
    queries: { locations: prepareLocationQueries(db), forecasts: prepareForecastQueries(db), favorites: prepareFavoriteQueries(db) },
    forecastStore,
    accountStore: createAccountStore(db),
    rateLimiter,
    accountLimits: createAccountLimits(rateLimiter, config),
  };
}
