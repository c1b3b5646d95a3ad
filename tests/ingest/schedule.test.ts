/**
 * The ingest inside the server (INGEST_INTERVAL_MINUTES), and what /readyz says of the budget.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { forecastRuns } from '../../db/schema.js';
import { defaults } from '../../src/config.js';
import { OPEN_METEO, openMeteoProvider } from '../../src/forecasts/open-meteo/provider.js';
import { createProviderBudget } from '../../src/forecasts/provider-budget.js';
import { createRateLimiter } from '../../src/rate-limit.js';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../support/fake-open-meteo.js';
import { startTestServer, type TestServer } from '../support/server.js';

let fake: FakeOpenMeteo;
let server: TestServer;

beforeAll(async () => {
  fake = await startFakeOpenMeteo();
  server = await startTestServer({
    provider: ({ db }) =>
      openMeteoProvider({
        baseUrl: fake.url,
        apiKey: null,
        model: 'best_match',
        batchSize: 10,
        timeoutMs: 4_000,
        clock: { now: () => Date.now() },
        budget: createProviderBudget(createRateLimiter(db), OPEN_METEO, defaults.openMeteo.budget),
      }),
    config: {
      ingest: { intervalMinutes: 60, populousPlaces: 25, gridDegrees: 0 },
      openMeteo: { ...defaults.openMeteo, batchSize: 10 },
    },
  });
});
afterAll(() => fake.close());

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the condition never held');
}

describe('with INGEST_INTERVAL_MINUTES', () => {
  it('ingests at start, shows the spent budget in /readyz, and stops with the server', async () => {
    const live = () => server.database.db.$count(forecastRuns, eq(forecastRuns.provider, OPEN_METEO));
    await eventually(async () => (await live()) === 25);
    expect(fake.requests).toHaveLength(3);

    const ready = await fetch(`${server.origin}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { provider: { budget: unknown[] } };
    expect(body.provider.budget).toEqual([
      { window: 'minute', used: 25, limit: 600 },
      { window: 'hour', used: 25, limit: 5_000 },
      { window: 'day', used: 25, limit: 10_000 },
    ]);
    // Stopping waits for the schedule, which has nothing in flight: it ends at once, and no run starts after it.
    await server.stop();
    expect(fake.requests).toHaveLength(3);
  });
});
