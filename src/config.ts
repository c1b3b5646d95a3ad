/**
 * Configuration: the one place environment variables are read. Everything else receives a
 * typed `Config`, so tests build one directly.
 */
import { resolve } from 'node:path';
import { parseCorsOrigins } from './cors.js';

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
  /** A stored forecast run fetched longer ago than this is refilled from the provider when read. */
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
  /** Sign-ups allowed per client address within the window. */
  signupsPerAddress: number;
  signupWindowMinutes: number;
  /**
   * How many proxies in front of the server append to X-Forwarded-For: the client address is the
   * hop the outermost trusted proxy saw. 0: the socket's address, X-Forwarded-For ignored.
   */
  trustProxy: number;
  /** How long responses to anonymous public queries may be cached (here and by HTTP caches); 0 turns it off. */
  responseCacheSeconds: number;
  /**
   * Memory the response cache may hold. The default keeps the whole process under 300 MB on the
   * benchmark's mixed workload (tests/bench/RESULTS.md: 293 MB, 27 % of answers from the cache;
   * 64 MB gave 31 % at 307 MB): raise it where memory is plentiful.
   */
  responseCacheMegabytes: number;
  /** graphql-jit (compiled operations) or graphql-js (Apollo's own, a fallback). */
  executor: 'jit' | 'graphql-js';
  /** Limits on one operation, checked before anything runs (src/query-limits.ts). */
  limits: QueryLimits;
  /** Places one request may have forecast read-through; the rest of its places answer RATE_LIMITED. */
  fillsPerRequest: number;
  /** Places one client address may have forecast read-through per hour, across replicas. */
  fillsPerClientPerHour: number;
  /** Forecast runs fetched longer ago than this are deleted (they refill when asked for again). */
  forecastRetentionHours: number;
  /** Open connections at most; past it new ones are closed at once (and logged). */
  maxConnections: number;
  /** A client must send its headers within this, and its whole request within `requestTimeoutMs`. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /**
   * What `/` shows in development (src/explorer/): Apollo Sandbox at /graphql (loaded from
   * Apollo's CDN), GraphiQL at /graphiql (served from the server's own files, works offline), or
   * no explorer (a page that says where the API is). Production shows that page whatever this says.
   */
  explorer: 'sandbox' | 'graphiql' | 'none';
  /**
   * The client preset's `persisted-documents.json`: when set, only its operations run
   * (src/trusted-documents.ts, which reads and checks it at start). Null: any operation runs.
   */
  trustedDocumentsPath: string | null;
  /**
   * Origins whose web pages may call the API (src/cors.ts); `*` for anonymous public reads from
   * any page. Null: the default, any localhost origin in development and none in production.
   */
  corsOrigins: string[] | null;
  /** Where forecasts come from: the offline model, or Open-Meteo over the network. */
  forecastProvider: 'offline' | 'open-meteo';
  /** How long a request waits for forecasts being filled before it answers FORECAST_UNAVAILABLE for them. */
  forecastWaitMs: number;
  openMeteo: {
    /** The free host, the paid one (with `apiKey`), or a fake in tests. */
    baseUrl: string;
    /** Sent as `apikey`; a secret, so never logged. */
    apiKey: string | null;
    /** `best_match`, or one model's name. */
    model: string;
    /** Places per call (Open-Meteo takes at most 1,000; a few hundred keeps URLs short). */
    batchSize: number;
    /** How long one call may take, body included. */
    timeoutMs: number;
    /** The model's name in Open-Meteo's `/data/<name>/static/meta.json` where it differs from `model`; null: the same. */
    metaModel: string | null;
    /** Calls the ingest has in flight at once: 1 on the free tier. */
    concurrency: number;
    /** The plan's budget, in Open-Meteo's weighted calls (the free tier: 600, 5,000 and 10,000). */
    budget: { minute: number; hour: number; day: number };
  };
  ingest: {
    /** Minutes between ingests inside the server; 0: none (run `npm run ingest` from cron instead). */
    intervalMinutes: number;
    /**
     * How many of the most populous places the ingest keeps fresh, after the saved ones and
     * before those requests asked for within the retention (which it keeps fresh too).
     */
    populousPlaces: number;
    /**
     * Places closer than this (degrees of latitude and longitude) share one forecast: the
     * models' grid cells are about this size, so asking for each would spend the budget on the
     * same numbers. 0: every place on its own.
     */
    gridDegrees: number;
  };
}

export interface QueryLimits {
  /** Largest cost (about the number of values in the answer, see src/cost.ts). */
  maxCost: number;
  /** Deepest selection. */
  maxDepth: number;
  /** Aliases per operation. */
  maxAliases: number;
  /** Root fields per operation, aliases included. */
  maxRootFields: number;
  /** Directives per operation. */
  maxDirectives: number;
  /** Lexical tokens per document (Apollo's parser stops at this many). */
  maxTokens: number;
  /** signUp, logIn and deleteAccount fields per operation: each hashes a password. */
  maxPasswordChecks: number;
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
  signupsPerAddress: 10,
  signupWindowMinutes: 60,
  trustProxy: 0,
  responseCacheSeconds: 60,
  responseCacheMegabytes: 48,
  executor: 'jit',
  limits: {
    maxCost: 10_000,
    maxDepth: 8,
    maxAliases: 15,
    maxRootFields: 10,
    maxDirectives: 10,
    maxTokens: 3_000,
    maxPasswordChecks: 3,
  },
  fillsPerRequest: 50,
  fillsPerClientPerHour: 2_000,
  forecastRetentionHours: 48,
  maxConnections: 1_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  explorer: 'sandbox',
  trustedDocumentsPath: null,
  corsOrigins: null,
  forecastProvider: 'offline',
  forecastWaitMs: 2_000,
  openMeteo: {
    baseUrl: 'https://api.open-meteo.com/',
    apiKey: null,
    model: 'best_match',
    batchSize: 200,
    timeoutMs: 10_000,
    metaModel: null,
    concurrency: 1,
    budget: { minute: 600, hour: 5_000, day: 10_000 },
  },
  ingest: { intervalMinutes: 0, populousPlaces: 1_000, gridDegrees: 0.05 },
};

const explorers = ['sandbox', 'graphiql', 'none'] as const;
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

  // Express's `trust proxy` true takes the leftmost X-Forwarded-For hop, which the client writes
  // itself; only a count of proxies says which hop is trustworthy.
  const trustProxy = integer('TRUST_PROXY', defaults.trustProxy, 0, 10);

  const explorer = (env.EXPLORER || defaults.explorer) as Config['explorer'];
  if (!explorers.includes(explorer)) problems.push(`EXPLORER must be one of ${explorers.join(', ')}, got "${env.EXPLORER}"`);

  const cors = parseCorsOrigins(env.CORS_ORIGINS);
  problems.push(...cors.problems);

  const forecastProvider = (env.FORECAST_PROVIDER || defaults.forecastProvider) as Config['forecastProvider'];
  if (forecastProvider !== 'offline' && forecastProvider !== 'open-meteo') {
    problems.push(`FORECAST_PROVIDER must be offline or open-meteo, got "${env.FORECAST_PROVIDER}"`);
  }
  const openMeteoBaseUrl = env.OPEN_METEO_BASE_URL || defaults.openMeteo.baseUrl;
  if (!URL.canParse(openMeteoBaseUrl) || !/^https?:$/.test(new URL(openMeteoBaseUrl).protocol)) {
    problems.push(`OPEN_METEO_BASE_URL must be an http(s) URL, got "${env.OPEN_METEO_BASE_URL}"`);
  }
  const openMeteoModel = env.OPEN_METEO_MODEL || defaults.openMeteo.model;
  if (!/^[a-z0-9_]+$/.test(openMeteoModel))
    problems.push(`OPEN_METEO_MODEL must be a model name such as best_match, got "${openMeteoModel}"`);
  const openMeteoMetaModel = env.OPEN_METEO_META_MODEL || null;
  if (openMeteoMetaModel !== null && !/^[a-z0-9_]+$/.test(openMeteoMetaModel))
    problems.push(`OPEN_METEO_META_MODEL must be a model name such as dwd_icon, got "${openMeteoMetaModel}"`);

  const gridRaw = env.INGEST_GRID_DEGREES;
  let gridDegrees = defaults.ingest.gridDegrees;
  if (gridRaw !== undefined && gridRaw !== '') {
    gridDegrees = Number(gridRaw);
    if (!Number.isFinite(gridDegrees) || gridDegrees < 0 || gridDegrees > 1) {
      problems.push(`INGEST_GRID_DEGREES must be a number from 0 to 1, got "${gridRaw}"`);
      gridDegrees = defaults.ingest.gridDegrees;
    }
  }

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
    signupsPerAddress: integer('SIGNUPS_PER_ADDRESS', defaults.signupsPerAddress, 1, 1_000_000),
    signupWindowMinutes: integer('SIGNUP_WINDOW_MINUTES', defaults.signupWindowMinutes, 1, 1_440),
    trustProxy,
    responseCacheSeconds: integer('RESPONSE_CACHE_SECONDS', defaults.responseCacheSeconds, 0, 3_600),
    responseCacheMegabytes: integer('RESPONSE_CACHE_MB', defaults.responseCacheMegabytes, 1, 4_096),
    executor,
    limits: {
      maxCost: integer('MAX_COST', defaults.limits.maxCost, 1, 10_000_000),
      maxDepth: integer('MAX_DEPTH', defaults.limits.maxDepth, 2, 100),
      maxAliases: integer('MAX_ALIASES', defaults.limits.maxAliases, 0, 1_000),
      maxRootFields: integer('MAX_ROOT_FIELDS', defaults.limits.maxRootFields, 1, 1_000),
      maxDirectives: integer('MAX_DIRECTIVES', defaults.limits.maxDirectives, 0, 1_000),
      maxTokens: integer('MAX_TOKENS', defaults.limits.maxTokens, 100, 1_000_000),
      maxPasswordChecks: integer('MAX_PASSWORD_CHECKS', defaults.limits.maxPasswordChecks, 1, 100),
    },
    fillsPerRequest: integer('FILLS_PER_REQUEST', defaults.fillsPerRequest, 1, 1_000),
    fillsPerClientPerHour: integer('FILLS_PER_CLIENT_PER_HOUR', defaults.fillsPerClientPerHour, 1, 10_000_000),
    forecastRetentionHours: integer('FORECAST_RETENTION_HOURS', defaults.forecastRetentionHours, 1, 24 * 365),
    maxConnections: integer('MAX_CONNECTIONS', defaults.maxConnections, 1, 1_000_000),
    headersTimeoutMs: integer('HEADERS_TIMEOUT_MS', defaults.headersTimeoutMs, 1_000, 600_000),
    requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', defaults.requestTimeoutMs, 1_000, 3_600_000),
    explorer,
    trustedDocumentsPath: env.TRUSTED_DOCUMENTS ? resolve(env.TRUSTED_DOCUMENTS) : null,
    corsOrigins: cors.origins,
    forecastProvider,
    forecastWaitMs: integer('FORECAST_WAIT_MS', defaults.forecastWaitMs, 0, 60_000),
    openMeteo: {
      baseUrl: openMeteoBaseUrl,
      apiKey: env.OPEN_METEO_API_KEY || null,
      model: openMeteoModel,
      batchSize: integer('OPEN_METEO_BATCH_SIZE', defaults.openMeteo.batchSize, 1, 1_000),
      timeoutMs: integer('OPEN_METEO_TIMEOUT_MS', defaults.openMeteo.timeoutMs, 100, 120_000),
      metaModel: openMeteoMetaModel,
      concurrency: integer('OPEN_METEO_CONCURRENCY', defaults.openMeteo.concurrency, 1, 32),
      budget: {
        minute: integer('OPEN_METEO_CALLS_PER_MINUTE', defaults.openMeteo.budget.minute, 1, 100_000_000),
        hour: integer('OPEN_METEO_CALLS_PER_HOUR', defaults.openMeteo.budget.hour, 1, 100_000_000),
        day: integer('OPEN_METEO_CALLS_PER_DAY', defaults.openMeteo.budget.day, 1, 100_000_000),
      },
    },
    ingest: {
      intervalMinutes: integer('INGEST_INTERVAL_MINUTES', defaults.ingest.intervalMinutes, 0, 24 * 60),
      populousPlaces: integer('INGEST_POPULOUS_PLACES', defaults.ingest.populousPlaces, 0, 1_000_000),
      gridDegrees,
    },
  };
  const { batchSize, budget } = config.openMeteo;
  // Skygraph's calls weigh one per place (request.ts): a batch heavier than the smallest window never fits.
  if (batchSize > Math.min(budget.minute, budget.hour, budget.day)) {
    problems.push(
      `OPEN_METEO_BATCH_SIZE (${batchSize}) must be at most the smallest of OPEN_METEO_CALLS_PER_MINUTE, _PER_HOUR and _PER_DAY: a batch weighs one call per place`,
    );
  }
  if (config.forecastRetentionHours < config.forecastMaxAgeHours) {
    problems.push(
      `FORECAST_RETENTION_HOURS must be at least FORECAST_MAX_AGE_HOURS (${config.forecastMaxAgeHours}), got "${env.FORECAST_RETENTION_HOURS}"`,
    );
  }
  if (config.requestTimeoutMs < config.headersTimeoutMs) {
    problems.push(`REQUEST_TIMEOUT_MS must be at least HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}), got "${env.REQUEST_TIMEOUT_MS}"`);
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return config;
}
