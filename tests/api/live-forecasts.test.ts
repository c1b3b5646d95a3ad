/**
 * Live forecasts over HTTP: Skygraph with the Open-Meteo provider, against a fake Open-Meteo on
 * loopback. Places outside the template's seeded 300 have no run, so each request below fills.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { forecastRuns } from '../../db/schema.js';
import { fromGlobalId } from '../../src/ids.js';
import { openMeteoProvider } from '../../src/forecasts/open-meteo/provider.js';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../support/fake-open-meteo.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Generous, so that a slow machine's ordinary fill never runs past it; the provider's timeout is
// longer still, so that a hung call is always past it.
const WAIT_MS = 3_000;

let fake: FakeOpenMeteo;
let server: TestServer;

beforeAll(async () => {
  fake = await startFakeOpenMeteo();
  const clock = { now: () => Date.parse('2026-03-28T12:00:00Z') };
  const provider = openMeteoProvider({
    baseUrl: fake.url,
    apiKey: null,
    model: 'best_match',
    batchSize: 100,
    timeoutMs: 4_000,
    clock,
    retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1, maxWaitMs: 1 },
  });
  server = await startTestServer({ provider, captureLogs: true, config: { forecastWaitMs: WAIT_MS, responseCacheSeconds: 0 } });
});
afterAll(async () => {
  await server.stop();
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  server.providerCalls.calls = 0;
});

/** The ids of `count` places of `country` (in `timezone`, if given) with no run yet, from the `skip`-th on. */
async function unfilledPlaces(skip: number, count: number, country = 'FR', timezone?: string): Promise<string[]> {
  const res = await server.gql(`{ locations(countryCode: "${country}", first: 100) { nodes { id timezone } } }`);
  const withRun = new Set((await server.database.db.select({ id: forecastRuns.locationId }).from(forecastRuns)).map((row) => row.id));
  const nodes = res.body.data.locations.nodes as { id: string; timezone: string }[];
  const withoutRun = nodes.filter((node) => !withRun.has(fromGlobalId(node.id)!.key) && (!timezone || node.timezone === timezone));
  expect(withoutRun.length).toBeGreaterThanOrEqual(skip + count);
  return withoutRun.slice(skip, skip + count).map((node) => node.id);
}

/** Polls until `check` holds: what a request started in the background lands a moment after its answer. */
async function eventually(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the condition never held');
}

const PLACE = `query ($id: ID!) { location(id: $id) { name current { temperature } hourly(hours: 3) { time temperature }
  forecastSource { provider model } } }`;

describe('with FORECAST_PROVIDER=open-meteo', () => {
  it('fills a place from the provider and says where its numbers came from', async () => {
    const [id] = await unfilledPlaces(0, 1);
    const res = await server.gql(PLACE, { id });
    expect(res.body.errors).toBeUndefined();
    const location = res.body.data.location;
    expect(location.forecastSource).toEqual({ provider: 'open-meteo', model: 'best_match' });
    // The fake's temperature at hour i of its answer is i (hour 0 is now, 12:00 UTC).
    expect(location.current.temperature).toBe(0);
    expect(location.hourly.map((h: { temperature: number }) => h.temperature)).toEqual([0, 1, 2]);
    expect(fake.requests).toHaveLength(1);
  });

  it('asks the provider once for a place that many concurrent requests need', async () => {
    const [id] = await unfilledPlaces(1, 1);
    const answers = await Promise.all(Array.from({ length: 12 }, () => server.gql(PLACE, { id })));
    for (const res of answers) expect(res.body.data.location.forecastSource.provider).toBe('open-meteo');
    expect(fake.requests).toHaveLength(1);
  });

  it('answers within its wait when the provider hangs: FORECAST_UNAVAILABLE on the forecast, the rest served', async () => {
    const [id] = await unfilledPlaces(2, 1);
    fake.script({ kind: 'hang' });
    const res = await server.gql(`query ($id: ID!) { location(id: $id) { name current { temperature } } }`, { id });
    expect(res.status).toBe(200);
    expect(res.body.data.location.name).toEqual(expect.any(String));
    expect(res.body.data.location.current).toBeNull();
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['location', 'current'], extensions: expect.objectContaining({ code: 'FORECAST_UNAVAILABLE' }) }),
    ]);
    // No timing here: had the request waited for the fill, it would have had the retry's data,
    // which comes after the provider's timeout, instead of this error.
    // The fill goes on without the request: the timed-out call is retried and its run stored.
    const key = fromGlobalId(id!)!.key;
    await eventually(
      async () => (await server.database.db.select().from(forecastRuns).where(eq(forecastRuns.locationId, key))).length === 1,
    );
  });

  it('answers FORECAST_UNAVAILABLE when the provider fails, logging the cause but not telling it to the client', async () => {
    const [id] = await unfilledPlaces(3, 1);
    fake.script(
      { kind: 'status', status: 503, body: '{"error":true,"reason":"upstream down"}' },
      { kind: 'status', status: 503, body: '{"error":true,"reason":"upstream down"}' },
    );
    const res = await server.gql(`query ($id: ID!) { location(id: $id) { current { temperature } } }`, { id });
    expect(res.body.errors![0]!.extensions!.code).toBe('FORECAST_UNAVAILABLE');
    expect(JSON.stringify(res.body)).not.toContain('upstream down');
    expect(fake.requests).toHaveLength(2);
    const failed = server.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'forecast fill failed');
    expect(failed.at(-1)).toMatchObject({ level: 50, provider: 'open-meteo' });
    expect(JSON.stringify(failed.at(-1))).toContain('upstream down');

    // Degraded, not down: stored forecasts are still served.
    const degraded = await fetch(`${server.origin}/readyz`);
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toMatchObject({
      status: 'degraded',
      provider: { name: 'open-meteo', state: 'degraded', consecutiveFailures: 1, lastError: expect.stringContaining('503') },
    });

    // Once the provider is back, the same place fills, and the service is ready again.
    const again = await server.gql(`query ($id: ID!) { location(id: $id) { current { temperature } } }`, { id });
    expect(again.body.errors).toBeUndefined();
    expect(await (await fetch(`${server.origin}/readyz`)).json()).toMatchObject({
      status: 'ready',
      provider: { state: 'ok', consecutiveFailures: 0 },
    });
  });
});

describe('a stale run, with FORECAST_PROVIDER=open-meteo', () => {
  const SOURCE = `query ($id: ID!) { location(id: $id) { current { time } forecastSource { issuedAt } } }`;

  it('is served at once, and refreshed once in the background however many requests see it', async () => {
    const [id] = await unfilledPlaces(4, 1);
    const first = await server.gql(SOURCE, { id });
    const issuedAt = first.body.data.location.forecastSource.issuedAt as string;

    // Past FORECAST_MAX_AGE_HOURS (6), within the retention (48): stale, still kept.
    server.clock.advance(7 * 3_600_000);
    fake.requests.length = 0;
    // The provider hangs: a request that waited for the refresh would answer FORECAST_UNAVAILABLE.
    fake.script({ kind: 'hang' });
    const answers = await Promise.all(Array.from({ length: 8 }, () => server.gql(SOURCE, { id })));
    for (const res of answers) {
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.location.forecastSource.issuedAt).toBe(issuedAt);
      expect(res.body.data.location.current.time).not.toBe(first.body.data.location.current.time);
    }
    // Only this place's calls: an earlier test's hung call may still be retrying.
    const calls = () => fake.requests.filter((url) => url.searchParams.get('location_id') === String(fromGlobalId(id!)!.key)).length;
    await eventually(() => calls() === 1);

    // The hung call times out and is retried once (the provider's policy); the retry answers, and
    // the next request is served the new run.
    await eventually(async () => (await server.gql(SOURCE, { id })).body.data.location.forecastSource.issuedAt !== issuedAt);
    expect(calls()).toBe(2);
  });
});

describe('local days from live data, across a DST change', () => {
  const DAYS = `query ($id: ID!) { location(id: $id) { daily(days: 10) { date temperatureMin temperatureMax } forecastSource { provider } } }`;

  // Each hour's temperature is its distance in hours from midnight UTC of `day`: a local day's
  // minimum and maximum then say exactly which UTC hours it was made of.
  const hoursSince = (day: string) => (time: number) => (time - Date.parse(`${day}T00:00:00Z`) / 1000) / 3600;

  it.each([
    // Berlin's 29 March has 23 hours: 23:00 UTC the day before to 21:00 UTC, not the 24 that the provider's one UTC offset would give.
    { country: 'DE', timezone: 'Europe/Berlin', day: '2026-03-29', min: -1, max: 21 },
    // Sydney's 5 April has 25: 13:00 UTC the day before (midnight AEDT) to 13:00 UTC (23:00 AEST).
    { country: 'AU', timezone: 'Australia/Sydney', day: '2026-04-05', min: -11, max: 13 },
  ])("makes $timezone's $day from the hours of that local day", async ({ country, timezone, day, min, max }) => {
    const [id] = await unfilledPlaces(0, 1, country, timezone);
    fake.script({ kind: 'answer', temperatureAt: hoursSince(day) });
    const res = await server.gql(DAYS, { id });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.location.forecastSource.provider).toBe('open-meteo');
    const summary = (res.body.data.location.daily as { date: string }[]).find((d) => d.date === day);
    expect(summary).toMatchObject({ temperatureMin: min, temperatureMax: max });
  });
});

describe('sun times from live data', () => {
  it("are the provider's, in the place's zone, across the DST change", async () => {
    const [id] = await unfilledPlaces(1, 1, 'DE', 'Europe/Berlin');
    const res = await server.gql(`query ($id: ID!) { location(id: $id) { daily(days: 3) { date sunrise sunset } } }`, { id });
    expect(res.body.errors).toBeUndefined();
    // The fake's sun rises at 07:00 and sets at 16:00 UTC every day (Berlin's real ones are near
    // 05:00 and 17:30 UTC): CET before the change, CEST from 29 March.
    expect(res.body.data.location.daily).toEqual([
      { date: '2026-03-28', sunrise: '2026-03-28T08:00:00+01:00', sunset: '2026-03-28T17:00:00+01:00' },
      { date: '2026-03-29', sunrise: '2026-03-29T09:00:00+02:00', sunset: '2026-03-29T18:00:00+02:00' },
      { date: '2026-03-30', sunrise: '2026-03-30T09:00:00+02:00', sunset: '2026-03-30T18:00:00+02:00' },
    ]);
  });
});
