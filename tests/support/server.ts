/**
 * Starts a real Skygraph over real HTTP on port 0, against a copy of the seeded template in a
 * temp folder, and gives a typed `gql()` for the tests.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphQLFormattedError } from 'graphql';
import { pino } from 'pino';
import { openDatabase, type OpenedDatabase } from '../../db/open.js';
import type { Clock } from '../../src/clock.js';
import { defaults, type Config } from '../../src/config.js';
import { offlineProvider } from '../../src/forecasts/offline-provider.js';
import { createLogger } from '../../src/logger.js';
import type { ForecastProvider } from '../../src/forecasts/provider.js';
import { startServer } from '../../src/server.js';
import { TEST_NOW, templatePath } from './template.js';

export interface GqlResponse<T> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: GraphQLFormattedError[] };
}

export interface TestServer {
  url: string;
  origin: string;
  database: OpenedDatabase;
  /** A clock the test may move: `clock.set('2026-04-01T00:00:00Z')`. */
  clock: Clock & { set(iso: string): void; advance(ms: number): void };
  /** How many SQL statements ran since the last `statements.reset()`. */
  statements: { count: number; reset(): void };
  /** The server's log lines, with `captureLogs`. */
  logs: string[];
  /** How many times the forecast provider was asked, and for how many places in all. */
  providerCalls: { calls: number; places: number };
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GqlResponse<T>>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  production?: boolean;
  config?: Partial<Config>;
  /** Collect the server's log lines (as the production logger writes them) into `logs`. */
  captureLogs?: boolean;
  /**
   * The forecast provider (counted in `providerCalls`), or a function that makes it over the
   * suite's database (for a budget kept there); the offline model by default.
   */
  provider?: ForecastProvider | ((database: OpenedDatabase) => ForecastProvider);
}

/** A fresh server and database for one suite; call `stop()` in `afterAll`. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'skygraph-test-'));
  const databasePath = join(dir, 'skygraph.db');
  copyFileSync(templatePath(), databasePath);

  const statements = { count: 0, reset: () => (statements.count = 0) };
  const database = openDatabase(databasePath, { onStatement: () => statements.count++ });

  let now = Date.parse(TEST_NOW);
  const clock = { now: () => now, set: (iso: string) => (now = Date.parse(iso)), advance: (ms: number) => (now += ms) };

  const providerCalls = { calls: 0, places: 0 };
  const inner = typeof options.provider === 'function' ? options.provider(database) : (options.provider ?? offlineProvider);
  const provider: ForecastProvider = {
    name: inner.name,
    model: inner.model,
    remote: inner.remote,
    ...(inner.status ? { status: () => inner.status!() } : {}),
    ...(inner.latestIssue ? { latestIssue: (now: number) => inner.latestIssue!(now) } : {}),
    forecast(places, window, now, stats) {
      providerCalls.calls++;
      providerCalls.places += places.length;
      return inner.forecast(places, window, now, stats);
    },
  };

  const config: Config = {
    ...defaults,
    port: 0,
    databasePath,
    now,
    production: options.production ?? false,
    logLevel: 'silent',
    // Every suite signs up many people from 127.0.0.1; the limit's own tests set it low.
    signupsPerAddress: 100_000,
    ...options.config,
  };
  const logs: string[] = [];
  const logger = options.captureLogs ? createLogger('trace', { write: (line: string) => void logs.push(line) }) : pino({ level: 'silent' });
  const server = await startServer({ config, database, clock, provider, logger });

  return {
    url: server.url,
    origin: new URL(server.url).origin,
    database,
    clock,
    statements,
    logs,
    providerCalls,
    async gql(query, variables, { token, headers = {} } = {}) {
      const response = await fetch(server.url, {
        method: 'POST',
        // As Apollo Client and urql send it: with this media type, errors keep their 4xx status.
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json;q=0.9',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GqlResponse<any>['body'] };
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
