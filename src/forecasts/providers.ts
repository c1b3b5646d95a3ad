/**
 * The provider a process uses, as configured (FORECAST_PROVIDER): the offline model, or
 * Open-Meteo with its request budget kept in the database, so that the server and the ingest
 * (in this process or another) spend from the same one.
 */
import type { Logger } from 'pino';
import type { Db } from '../../db/open.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createRateLimiter } from '../rate-limit.js';
import { offlineProvider } from './offline-provider.js';
import { OPEN_METEO, openMeteoProvider } from './open-meteo/provider.js';
import { createProviderBudget } from './provider-budget.js';
import type { ForecastProvider } from './provider.js';

export function configuredProvider(config: Config, db: Db, clock: Clock, logger?: Logger): ForecastProvider {
  if (config.forecastProvider === 'offline') return offlineProvider;
  const { budget, ...options } = config.openMeteo;
  return openMeteoProvider({
    ...options,
    budget: createProviderBudget(createRateLimiter(db), OPEN_METEO, budget),
    clock,
    ...(logger ? { logger } : {}),
  });
}
