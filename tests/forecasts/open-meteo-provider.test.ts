/**
 * The Open-Meteo provider against a fake Open-Meteo on loopback (real HTTP): batching, what it
 * asks, and what it does when the provider fails. Waits between retries are recorded, not slept.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { fixedClock } from '../../src/clock.js';
import type { ModelPlace } from '../../src/forecasts/model.js';
import { OPEN_METEO, openMeteoProvider, type OpenMeteoOptions } from '../../src/forecasts/open-meteo/provider.js';
import { OpenMeteoError } from '../../src/forecasts/open-meteo/response.js';
import { BudgetSpentError, createProviderBudget } from '../../src/forecasts/provider-budget.js';
import { noCalls } from '../../src/forecasts/provider.js';
import { createRateLimiter } from '../../src/rate-limit.js';
import { openDatabase } from '../../db/open.js';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../support/fake-open-meteo.js';

const NOW = Date.UTC(2026, 11, 2, 18, 0, 20);
const FROM = Date.UTC(2026, 11, 2, 18) / 1000;
const window = { from: FROM, hours: 24 };
const places: ModelPlace[] = [
  { id: 2950159, latitude: 52.52437, longitude: 13.41053, elevationM: 34 },
  { id: 2988507, latitude: 48.85341, longitude: 2.3488, elevationM: 42 },
  { id: 2147714, latitude: -33.86785, longitude: 151.20732, elevationM: 58 },
  { id: 5128581, latitude: 40.71427, longitude: -74.00597, elevationM: 57 },
  { id: 1850147, latitude: 35.6895, longitude: 139.69171, elevationM: 44 },
];

let fake: FakeOpenMeteo;
let waits: number[];

beforeAll(async () => {
  fake = await startFakeOpenMeteo();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  waits = [];
});

function provider(overrides: Partial<OpenMeteoOptions> = {}) {
  return openMeteoProvider({
    baseUrl: fake.url,
    apiKey: null,
    model: 'best_match',
    batchSize: 2,
    timeoutMs: 2000,
    clock: fixedClock(NOW),
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    ...overrides,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('the Open-Meteo provider', () => {
  it('asks for the places in batches, one call after another, and gives one run per place in their order', async () => {
    const runs = await provider().forecast(places, window, NOW / 1000);
    expect(fake.requests.map((url) => url.searchParams.get('location_id'))).toEqual(['2950159,2988507', '2147714,5128581', '1850147']);
    expect(runs.map((run) => run.locationId)).toEqual(places.map((place) => place.id));
    for (const run of runs) {
      expect(run).toMatchObject({ provider: OPEN_METEO, model: 'best_match', issuedAt: NOW / 1000 });
      expect(run.hours.map((hour) => hour.time)).toEqual(Array.from({ length: 24 }, (_, i) => FROM + i * 3600));
    }
    expect(runs[0]!.hours[1]).toEqual({
      time: FROM + 3600,
      temperature: 1,
      apparentTemperature: 11,
      relativeHumidity: 21,
      precipitation: 31,
      precipitationProbability: 41,
      windSpeed: 51,
      windDirection: 61,
      weatherCode: 3,
    });
  });

  it('ends a run before the first hour the provider has no value for, rather than inventing one', async () => {
    const probability = Array.from({ length: 24 }, (_, i) => (i >= 20 ? null : 10));
    fake.script({ kind: 'answer', values: { precipitation_probability: probability } });
    const [run] = await provider().forecast(places.slice(0, 1), window, NOW / 1000);
    expect(run!.hours).toHaveLength(20);
  });

  it('retries a 503 and a truncated 200 with jittered backoff, and then succeeds', async () => {
    fake.script(
      { kind: 'status', status: 503, body: '{"error":true,"reason":"Service unavailable"}' },
      { kind: 'truncate', after: 400, error: 'Error: Timeout while reading data' },
    );
    const runs = await provider().forecast(places.slice(0, 2), window, NOW / 1000);
    expect(runs).toHaveLength(2);
    expect(fake.requests).toHaveLength(3);
    // Full jitter at 0.5: half of 500 ms, then half of 1,000 ms.
    expect(waits).toEqual([250, 500]);
  });

  it('never retries a 400, and says what Open-Meteo refused', async () => {
    fake.script({
      kind: 'status',
      status: 400,
      body: '{"error":true,"reason":"Cannot initialize WeatherVariable from invalid String value"}',
    });
    const error = await failureOf(provider().forecast(places.slice(0, 1), window, NOW / 1000));
    expect(error).toBeInstanceOf(OpenMeteoError);
    expect((error as OpenMeteoError).failure).toBe('bad request');
    expect((error as Error).message).toContain('invalid String value');
    expect(fake.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('waits for the next minute after a minutely 429, and does not retry an hourly or daily one', async () => {
    fake.script({
      kind: 'status',
      status: 429,
      body: '{"error":true,"reason":"Minutely API request limit exceeded. Please try again in one minute."}',
    });
    await provider().forecast(places.slice(0, 1), window, NOW / 1000);
    // NOW is 20 s past the minute: 40 s to its end, and a quarter second more.
    expect(waits).toEqual([40_250]);

    waits = [];
    fake.requests.length = 0;
    fake.script({
      kind: 'status',
      status: 429,
      body: '{"error":true,"reason":"Daily API request limit exceeded. Please try again tomorrow."}',
    });
    const error = await failureOf(provider().forecast(places.slice(0, 1), window, NOW / 1000));
    // NOW is 18:00:20 UTC: the day resets at midnight.
    expect(error).toBeInstanceOf(BudgetSpentError);
    expect((error as BudgetSpentError).retryAfterSeconds).toBe(6 * 3600 - 20);
    expect(((error as Error).cause as OpenMeteoError).failure).toBe('rate limited');
    expect(fake.requests).toHaveLength(1);
  });

  it('honours a Retry-After header', async () => {
    fake.script({ kind: 'status', status: 503, body: 'busy', headers: { 'retry-after': '7' } });
    await provider().forecast(places.slice(0, 1), window, NOW / 1000);
    expect(waits).toEqual([7000]);
  });

  it('gives up on a provider that does not answer after its timeout and retries', async () => {
    fake.script({ kind: 'hang' }, { kind: 'hang' });
    const slow = provider({ timeoutMs: 100, retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 10, maxWaitMs: 1000 } });
    const error = await failureOf(slow.forecast(places.slice(0, 1), window, NOW / 1000));
    expect((error as Error).name).toBe('TimeoutError');
    expect(fake.requests).toHaveLength(2);
  });

  it('sends the API key to the paid host and never logs it', async () => {
    const lines: unknown[] = [];
    const logger = {
      info: (line: unknown) => lines.push(line),
      warn: (line: unknown) => lines.push(line),
    } as unknown as OpenMeteoOptions['logger'];
    fake.script({ kind: 'status', status: 503, body: 'down' });
    await provider({ apiKey: 's3cret-key', logger }).forecast(places.slice(0, 1), window, NOW / 1000);
    expect(fake.requests.every((url) => url.searchParams.get('apikey') === 's3cret-key')).toBe(true);
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toContain('s3cret-key');
    expect(lines[1]).toMatchObject({ provider: OPEN_METEO, places: 1, weight: 1, status: 200, attempt: 1 });
  });

  it('spends its budget before each call, and after an hourly 429 calls no more until the hour resets', async () => {
    const { db, sqlite } = openDatabase(':memory:');
    try {
      const budget = createProviderBudget(createRateLimiter(db), OPEN_METEO, {
        minute: 600,
        hour: 5_000,
        day: 10_000,
      });
      const stats = noCalls();
      await provider({ budget }).forecast(places, window, NOW / 1000, stats);
      // Five places in batches of two: three calls weighing one a place.
      expect(stats).toEqual({ requests: 3, weight: 5, retries: 0, rateLimited: 0 });
      expect((await budget.usage(NOW)).map((u) => u.used)).toEqual([5, 5, 5]);

      fake.script({
        kind: 'status',
        status: 429,
        body: '{"error":true,"reason":"Hourly API request limit exceeded. Please try again in the next hour."}',
      });
      const limited = noCalls();
      expect(await failureOf(provider({ budget }).forecast(places.slice(0, 1), window, NOW / 1000, limited))).toBeInstanceOf(
        BudgetSpentError,
      );
      expect(limited.rateLimited).toBe(1);
      fake.requests.length = 0;
      const error = await failureOf(provider({ budget }).forecast(places.slice(0, 1), window, NOW / 1000));
      expect(error).toBeInstanceOf(BudgetSpentError);
      // NOW is 18:00:20: the hour's window resets at 19:00.
      expect((error as BudgetSpentError).retryAfterSeconds).toBe(3600 - 20);
      expect(fake.requests).toHaveLength(0);
      const status = await provider({ budget }).status!();
      expect(status.budget).toContainEqual({ window: 'hour', used: 5_000, limit: 5_000 });
    } finally {
      sqlite.close();
    }
  });

  it("waits for the budget's next minute rather than spend past it", async () => {
    const { db, sqlite } = openDatabase(':memory:');
    try {
      const budget = createProviderBudget(createRateLimiter(db), OPEN_METEO, { minute: 2, hour: 100, day: 100 });
      let now = NOW;
      const clock = { now: () => now };
      const sleeping = provider({ budget, clock, sleep: async (ms) => void (waits.push(ms), (now += ms)) });
      await sleeping.forecast(places.slice(0, 4), window, NOW / 1000);
      // Two calls of two: the second waits out the first's minute.
      expect(waits).toEqual([60_000]);
      expect(fake.requests).toHaveLength(2);
    } finally {
      sqlite.close();
    }
  });

  it("dates a pinned model's runs by its meta file, once every server has the run, and best_match's by the fetch", async () => {
    const issued = FROM - 6 * 3600;
    fake.setMeta('ecmwf_ifs025', { initialisedAt: issued, availableAt: issued + 4 * 3600 });
    const pinned = provider({ model: 'ecmwf_ifs025' });
    const [run] = await pinned.forecast(places.slice(0, 1), window, NOW / 1000);
    expect(run).toMatchObject({ model: 'ecmwf_ifs025', issuedAt: issued, fetchedAt: NOW / 1000 });
    expect(fake.requests[0]!.searchParams.get('models')).toBe('ecmwf_ifs025');
    expect(await pinned.latestIssue!(NOW / 1000)).toBe(issued);
    // Read once for both: the file is trusted for a few minutes.
    expect(fake.metaRequests).toHaveLength(1);

    // A run that reached the servers five minutes ago may not be on all of them yet.
    fake.setMeta('gfs_seamless', { initialisedAt: issued, availableAt: NOW / 1000 - 300 });
    expect(await provider({ model: 'gfs_seamless' }).latestIssue!(NOW / 1000)).toBeNull();
    // A model with no meta file (or another name there): the fetch time stands in.
    const [unlisted] = await provider({ model: 'icon_global' }).forecast(places.slice(0, 1), window, NOW / 1000);
    expect(unlisted!.issuedAt).toBe(NOW / 1000);
    const [renamed] = await provider({ model: 'icon_global', metaModel: 'ecmwf_ifs025' }).forecast(places.slice(0, 1), window, NOW / 1000);
    expect(renamed!.issuedAt).toBe(issued);

    // The paid host's key goes with the meta file too.
    await provider({ model: 'ecmwf_ifs025', apiKey: 'k3y' }).latestIssue!(NOW / 1000);
    expect(fake.metaRequests.at(-1)!.searchParams.get('apikey')).toBe('k3y');

    fake.metaRequests.length = 0;
    expect(await provider().latestIssue!(NOW / 1000)).toBeNull();
    expect(fake.metaRequests).toHaveLength(0);
  });
});
