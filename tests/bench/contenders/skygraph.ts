/**
 * Skygraph as shipped, in production mode. The timed runs start the compiled build
 * (`node dist/src/main.js`, see run.ts); this in-process start is for the response check and
 * the statement count, over the very same code.
 */
import { pino } from 'pino';
import { openDatabase } from '../../../db/open.js';
import { fixedClock } from '../../../src/clock.js';
import { defaults, type Config } from '../../../src/config.js';
import { offlineProvider } from '../../../src/forecasts/offline-provider.js';
import { startServer } from '../../../src/server.js';
import { queryNames } from '../fixture.js';
import type { Contender } from './contender.js';

/** Skygraph with some settings changed, and the environment that makes `npm start` do the same. */
export function skygraphWith(
  name: string,
  description: string,
  overrides: Partial<Config>,
  env: Record<string, string>,
): Contender & { env: Record<string, string> } {
  return {
    name,
    description,
    queries: queryNames,
    env,
    async start({ port, host, databasePath, now, onStatement }) {
      const database = openDatabase(databasePath, { onStatement });
      const config: Config = { ...defaults, port, host, databasePath, now, production: true, logLevel: 'silent', ...overrides };
      const server = await startServer({
        config,
        database,
        clock: fixedClock(now),
        provider: offlineProvider,
        logger: pino({ level: 'silent' }),
      });
      return { url: server.url, close: () => server.stop() };
    },
  };
}

export default skygraphWith(
  'skygraph',
  'Skygraph as shipped: Apollo Server 5 with graphql-jit, DataLoader, Drizzle, its response cache (NODE_ENV=production)',
  {},
  {},
);
