/**
 * Configuration: the one place environment variables are read. Everything else receives a
 * typed `Config`, so tests build one directly.
 */
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  /** Pinned "now" in unix milliseconds, or null for the system clock. */
  now: number | null;
  production: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** A stored forecast run older than this is refilled from the provider when read. */
  forecastMaxAgeHours: number;
  /** How many of the most populous places get a forecast when the database is seeded. */
  seedForecastPlaces: number;
  /** How long a token from signUp or logIn works. */
  sessionTtlDays: number;
  /** Failed log-ins allowed per email, and per client address, within the window. */
  loginFailuresPerEmail: number;
  loginFailuresPerAddress: number;
  loginFailureWindowMinutes: number;
  /** Most places one account may save. */
  maxFavorites: number;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
  /** How long responses to anonymous public queries may be cached (here and by HTTP caches); 0 turns it off. */
  responseCacheSeconds: number;
  /** Memory the response cache may hold. */
  responseCacheMegabytes: number;
  /** graphql-jit (compiled operations) or graphql-js (Apollo's own, a fallback). */
  executor: 'jit' | 'graphql-js';
}

export const defaults: Config = {
  port: 4000,
  host: '127.0.0.1',
  // Relative to the working directory, which `npm start` sets to the project root.
  databasePath: resolve('data/skygraph.db'),
  now: null,
  production: false,
  logLevel: 'info',
  bodyLimitBytes: 1_000_000,
  forecastMaxAgeHours: 6,
  seedForecastPlaces: 2_000,
  sessionTtlDays: 30,
  loginFailuresPerEmail: 5,
  loginFailuresPerAddress: 20,
  loginFailureWindowMinutes: 15,
  maxFavorites: 50,
  trustProxy: false,
  responseCacheSeconds: 60,
  responseCacheMegabytes: 64,
  executor: 'jit',
};

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates the environment; throws one message listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  let now: number | null = null;
  if (env.SKYGRAPH_NOW) {
    now = Date.parse(env.SKYGRAPH_NOW);
    if (!/T.*(Z|[+-]\d\d:\d\d)$/.test(env.SKYGRAPH_NOW) || Number.isNaN(now)) {
      problems.push(`SKYGRAPH_NOW must be an ISO date-time with an offset, e.g. 2026-03-29T12:00:00Z, got "${env.SKYGRAPH_NOW}"`);
      now = null;
    }
  }

  const executor = (env.EXECUTOR || defaults.executor) as Config['executor'];
  if (executor !== 'jit' && executor !== 'graphql-js') problems.push(`EXECUTOR must be jit or graphql-js, got "${env.EXECUTOR}"`);

  const logLevel = (env.LOG_LEVEL ?? defaults.logLevel) as Config['logLevel'];
  if (!logLevels.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${env.LOG_LEVEL}"`);

  const config: Config = {
    port: integer('PORT', defaults.port, 0, 65_535),
    host: env.HOST || defaults.host,
    databasePath: env.DATABASE_PATH ? resolve(env.DATABASE_PATH) : defaults.databasePath,
    now,
    production: env.NODE_ENV === 'production',
    logLevel,
    bodyLimitBytes: integer('BODY_LIMIT_BYTES', defaults.bodyLimitBytes, 1_000, 100_000_000),
    forecastMaxAgeHours: integer('FORECAST_MAX_AGE_HOURS', defaults.forecastMaxAgeHours, 1, 24),
    seedForecastPlaces: integer('SEED_FORECAST_PLACES', defaults.seedForecastPlaces, 0, 200_000),
    sessionTtlDays: integer('SESSION_TTL_DAYS', defaults.sessionTtlDays, 1, 365),
    loginFailuresPerEmail: integer('LOGIN_FAILURES_PER_EMAIL', defaults.loginFailuresPerEmail, 1, 1_000),
    loginFailuresPerAddress: integer('LOGIN_FAILURES_PER_ADDRESS', defaults.loginFailuresPerAddress, 1, 100_000),
    loginFailureWindowMinutes: integer('LOGIN_FAILURE_WINDOW_MINUTES', defaults.loginFailureWindowMinutes, 1, 1_440),
    maxFavorites: integer('MAX_FAVORITES', defaults.maxFavorites, 1, 1_000),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    responseCacheSeconds: integer('RESPONSE_CACHE_SECONDS', defaults.responseCacheSeconds, 0, 3_600),
    responseCacheMegabytes: integer('RESPONSE_CACHE_MB', defaults.responseCacheMegabytes, 1, 4_096),
    executor,
  };
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return config;
}
