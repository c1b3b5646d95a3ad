/**
 * Skygraph as shipped, in production mode. The timed runs start the compiled build
 * (`node dist/src/main.js`); this in-process start is for the response check and the
 * statement count, over the very same code.
 */
import { pino } from 'pino';
import { openDatabase } from '../../../db/open.js';
import { fixedClock } from '../../../src/clock.js';
import { defaults } from '../../../src/config.js';
import { offlineProvider } from '../../../src/forecasts/offline-provider.js';
import { startServer } from '../../../src/server.js';
import { queryNames } from '../fixture.js';
import type { Contender } from './contender.js';

const contender: Contender = {
  name: 'skygraph',
  description: 'Skygraph as shipped: Apollo Server 5, DataLoader, Drizzle (NODE_ENV=production)',
  queries: queryNames,
  async start({ port, host, databasePath, now, onStatement }) {
    const database = openDatabase(databasePath, { onStatement });
    const config = { ...defaults, port, host, databasePath, now, production: true, logLevel: 'silent' as const };
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

export default contender;
