/**
 * The ingest against a fake Open-Meteo on loopback, into a copy of the seeded database, with the
 * API served over real HTTP from the same file.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { favorites, forecastHours, forecastRuns, leases } from '../../db/schema.js';
import { defaults } from '../../src/config.js';
import { openMeteoProvider, type OpenMeteoOptions } from '../../src/forecasts/open-meteo/provider.js';
import { createProviderBudget, type BudgetLimits } from '../../src/forecasts/provider-budget.js';
import { createForecastStore } from '../../src/forecasts/store.js';
import { fromGlobalId } from '../../src/ids.js';
import { runIngest, INGEST_LEASE, type IngestDeps } from '../../src/ingest/run.js';
import { takeLease } from '../../src/lease.js';
import { createRateLimiter } from '../../src/rate-limit.js';
import { ADD, placeIds, signUp } from '../support/accounts.js';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../support/fake-open-meteo.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST_NOW } from '../support/template.js';

let fake: FakeOpenMeteo;
let server: TestServer;
let budgetName = 0;

beforeAll(async () => {
  fake = await startFakeOpenMeteo();
  server = await startTestServer({ config: { responseCacheSeconds: 0 } });
});
afterAll(async () => {
  await server.stop();
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.metaRequests.length = 0;
  fake.setTemperature(null);
  server.clock.set(TEST_NOW);
});

const now = () => Math.floor(server.clock.now() / 1000);

/** A live provider over the test server's database, with a budget of its own (a fresh name per test). */
function liveProvider(overrides: Partial<OpenMeteoOptions> = {}, limits: BudgetLimits = defaults.openMeteo.budget) {
  const budget = createProviderBudget(createRateLimiter(server.database.db), `open-meteo-${++budgetName}`, limits);
  return openMeteoProvider({
    baseUrl: fake.url,
    apiKey: null,
    model: 'best_match',
    batchSize: 20,
    timeoutMs: 4_000,
    clock: server.clock,
    budget,
    sleep: async () => {},
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1, maxWaitMs: 100 },
    ...overrides,
  });
}

function ingest(provider: IngestDeps['provider'], ingestConfig: Partial<IngestDeps['config']['ingest']> = {}) {
  return runIngest({
    db: server.database.db,
    provider,
    store: createForecastStore(server.database.db),
    clock: server.clock,
    config: {
      ...defaults,
      ingest: { ...defaults.ingest, populousPlaces: 40, gridDegrees: 0, ...ingestConfig },
      openMeteo: { ...defaults.openMeteo, batchSize: 20 },
    },
  });
}

const requestedIds = () => fake.requests.flatMap((url) => url.searchParams.get('location_id')!.split(',').map(Number));

/** Deletes every run and saved place, so that each test starts with none. */
async function forgetRuns(): Promise<void> {
  await server.database.db.delete(forecastRuns);
  await server.database.db.delete(favorites);
}

const PLACE = `query ($id: ID!) { location(id: $id) { current { temperature } hourly(hours: 48) { temperature }
  forecastSource { provider model issuedAt } } }`;

describe('an ingest', () => {
  beforeEach(forgetRuns);

  it('refreshes the saved places first, then the most populous, in batches the API then serves', async () => {
    const person = await signUp(server, 'ingest');
    // A place far down the population order: only its being saved brings it in.
    const [small] = await placeIds(server, 'countryCode: "IS"', 30).then((ids) => ids.slice(-1));
    expect((await server.gql(ADD, { input: { locationId: small } }, { token: person.token })).body.errors).toBeUndefined();

    const summary = await ingest(liveProvider());
    expect(summary).toMatchObject({ outcome: 'done', candidates: 41, refreshed: 41, remaining: 0, failedBatches: 0 });
    expect(summary.calls).toEqual({ requests: 3, weight: 41, retries: 0, rateLimited: 0 });
    // Batches of 20 at most, the saved place first.
    expect(fake.requests.map((url) => url.searchParams.get('location_id')!.split(',').length)).toEqual([20, 20, 1]);
    expect(requestedIds()[0]).toBe(fromGlobalId(small!)!.key);
    expect(new Set(requestedIds()).size).toBe(41);
    const params = fake.requests[0]!.searchParams;
    expect(params.get('timeformat')).toBe('unixtime');
    expect(params.get('models')).toBe('best_match');

    const res = await server.gql(PLACE, { id: small });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.location.forecastSource).toMatchObject({ provider: 'open-meteo', model: 'best_match' });
    expect(res.body.data.location.hourly).toHaveLength(48);
  });

  it('changes nothing when run again, and asks for nothing', async () => {
    await ingest(liveProvider());
    const changes = () => server.database.sqlite.prepare('SELECT total_changes()').pluck().get() as number;
    const before = changes();
    fake.requests.length = 0;
    const again = await ingest(liveProvider());
    expect(again).toMatchObject({ outcome: 'done', refreshed: 0, confirmed: 0, fresh: 40 });
    expect(fake.requests).toHaveLength(0);
    // The lease's own row, taken and released: not one forecast row.
    expect(changes() - before).toBe(2);
  });

  it('with a pinned model, confirms runs of the newest issue instead of fetching them again, and fetches a new issue', async () => {
    const issued = now() - 5 * 3600;
    fake.setMeta('ecmwf_ifs025', { initialisedAt: issued, availableAt: issued + 3 * 3600 });
    const provider = liveProvider({ model: 'ecmwf_ifs025' });
    expect(await ingest(provider)).toMatchObject({ outcome: 'done', refreshed: 40 });
    const hoursBefore = await server.database.db.select().from(forecastHours).limit(5);

    // Four hours on, past the ingest's refresh age (half of FORECAST_MAX_AGE_HOURS), the same issue.
    server.clock.advance(4 * 3_600_000);
    fake.requests.length = 0;
    expect(await ingest(liveProvider({ model: 'ecmwf_ifs025' }))).toMatchObject({ refreshed: 0, confirmed: 40 });
    expect(fake.requests).toHaveLength(0);
    const runs = await server.database.db.select().from(forecastRuns);
    expect(runs.every((run) => run.issuedAt === issued && run.fetchedAt === now())).toBe(true);
    expect(await server.database.db.select().from(forecastHours).limit(5)).toEqual(hoursBefore);

    // A new issue, on every server for long enough: fetched.
    fake.setMeta('ecmwf_ifs025', { initialisedAt: issued + 6 * 3600, availableAt: now() - 3600 });
    expect(await ingest(liveProvider({ model: 'ecmwf_ifs025' }))).toMatchObject({ refreshed: 40, confirmed: 0 });
    const after = await server.database.db.select().from(forecastRuns);
    expect(after.every((run) => run.issuedAt === issued + 6 * 3600)).toBe(true);
  });

  it('asks once per grid cell and stores the answer for every place in it', async () => {
    const summary = await ingest(liveProvider(), { populousPlaces: 300, gridDegrees: 1 });
    expect(summary.cells).toBeLessThan(summary.candidates);
    expect(requestedIds()).toHaveLength(summary.cells);
    expect(summary.refreshed).toBe(300);
    expect(summary.calls.weight).toBe(summary.cells);
    expect(await server.database.db.$count(forecastRuns)).toBe(300);
  });

  it('retries 503s and truncated bodies, and still stores every batch', async () => {
    fake.script(
      { kind: 'status', status: 503, body: '{"error":true,"reason":"Service Unavailable"}' },
      { kind: 'truncate', after: 300, error: 'Error: connection reset' },
    );
    const summary = await ingest(liveProvider());
    expect(summary).toMatchObject({ outcome: 'done', refreshed: 40, failedBatches: 0 });
    expect(summary.calls).toMatchObject({ requests: 4, retries: 2 });
  });

  it('stops cleanly when the hour budget is spent (a 429), and resumes where it stopped in the next hour', async () => {
    fake.script(
      { kind: 'answer' },
      {
        kind: 'status',
        status: 429,
        body: '{"error":true,"reason":"Hourly API request limit exceeded. Please try again in the next hour."}',
      },
    );
    const provider = liveProvider();
    const stopped = await ingest(provider);
    expect(stopped).toMatchObject({ outcome: 'budget spent', refreshed: 20, remaining: 20 });
    expect(stopped.calls.rateLimited).toBe(1);
    // TEST_NOW is 12:00: Open-Meteo's hour resets at 13:00.
    expect(stopped.retryAfterSeconds).toBe(3_600);
    expect((await provider.status!()).budget).toContainEqual({ window: 'hour', used: 5_000, limit: 5_000 });

    fake.requests.length = 0;
    expect(await ingest(provider)).toMatchObject({ outcome: 'budget spent', refreshed: 0 });
    expect(fake.requests).toHaveLength(0);

    server.clock.advance(3_600_000 + 1_000);
    const resumed = await ingest(provider);
    expect(resumed).toMatchObject({ outcome: 'done', refreshed: 20, fresh: 20 });
    expect(resumed.calls.requests).toBe(1);
  });

  it('spends no more than the budget allows, however the calls are made', async () => {
    const provider = liveProvider({}, { minute: 20, hour: 30, day: 30 });
    const summary = await ingest(provider);
    expect(summary).toMatchObject({ outcome: 'budget spent', refreshed: 20, remaining: 20 });
    expect(summary.calls.weight).toBe(20);
  });

  it('gives up after batches keep failing, and says how much is left', async () => {
    const failing = Array.from({ length: 9 }, () => ({ kind: 'status' as const, status: 502, body: 'Bad Gateway' }));
    fake.script(...failing);
    const summary = await ingest(liveProvider(), { populousPlaces: 100 });
    expect(summary).toMatchObject({ outcome: 'failed', failedBatches: 3, refreshed: 0, remaining: 40 });
  });

  it('does not run while another process holds the lease, and takes it once that lease expires', async () => {
    const other = await takeLease(server.database.db, INGEST_LEASE, 60, now());
    expect(other).not.toBeNull();
    expect(await ingest(liveProvider())).toMatchObject({ outcome: 'busy', refreshed: 0 });
    expect(fake.requests).toHaveLength(0);

    // The other holder crashed: it never renews, and its lease runs out.
    server.clock.advance(61_000);
    expect(await ingest(liveProvider())).toMatchObject({ outcome: 'done', refreshed: 40 });
    expect(await other!.renew(now())).toBe(false);
    expect(await server.database.db.select().from(leases).where(eq(leases.name, INGEST_LEASE))).toEqual([]);
  });

  it('keeps the places requests asked for fresh, and lets go of those nobody asked for', async () => {
    // A place beyond the 40 most populous, asked for by a request: filled read-through.
    const [asked] = (await placeIds(server, 'countryCode: "NZ"', 40)).slice(-1);
    expect((await server.gql(PLACE, { id: asked })).body.errors).toBeUndefined();
    fake.requests.length = 0;
    server.clock.advance(4 * 3_600_000);
    expect(await ingest(liveProvider())).toMatchObject({ candidates: 41, refreshed: 41 });
    expect(requestedIds()).toContain(fromGlobalId(asked!)!.key);

    // Two days on, nobody has asked again: the ingest's own refreshes do not keep it in.
    server.clock.advance(49 * 3_600_000);
    expect(await ingest(liveProvider())).toMatchObject({ candidates: 40 });
  });
});
