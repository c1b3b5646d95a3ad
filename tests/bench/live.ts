/**
 * `npm run bench:live`: live forecasts against a fake Open-Meteo on loopback, over a fresh
 * database of every place.
 *
 * - The ingest of the default set (saved places, the most populous, one call per grid
 *   cell): places per second, requests and their weight, with a budget that never makes it wait,
 *   and how long the free tier's minute budget stretches the same ingest.
 * - Requests while the provider takes 5 s to answer: a place with a fresh run, one with a stale
 *   run (served at once, refreshed in the background), one with none (waits FORECAST_WAIT_MS,
 *   then FORECAST_UNAVAILABLE).
 *
 * Prints a Markdown section for RESULTS.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openDatabase } from '../../db/open.js';
import { seedIfEmpty } from '../../db/seed.js';
import { defaults, type Config } from '../../src/config.js';
import { offlineProvider } from '../../src/forecasts/offline-provider.js';
import { OPEN_METEO, openMeteoProvider } from '../../src/forecasts/open-meteo/provider.js';
import { createProviderBudget } from '../../src/forecasts/provider-budget.js';
import { createForecastStore } from '../../src/forecasts/store.js';
import { runIngest } from '../../src/ingest/run.js';
import { toGlobalId } from '../../src/ids.js';
import { createRateLimiter } from '../../src/rate-limit.js';
import { startServer } from '../../src/server.js';
import { startFakeOpenMeteo } from '../support/fake-open-meteo.js';

const NOW = Date.parse('2026-03-28T12:00:00Z');
const PROVIDER_DELAY_MS = 5_000;
const SAMPLES = 5;

const dir = mkdtempSync(join(tmpdir(), 'skygraph-bench-live-'));
const fake = await startFakeOpenMeteo();
try {
  const database = openDatabase(join(dir, 'live.db'));
  const seedStarted = performance.now();
  const seeded = (await seedIfEmpty(database.db, { now: NOW / 1000, forecastPlaces: 0, provider: offlineProvider }))!;
  const seedMs = performance.now() - seedStarted;

  let now = NOW;
  const clock = { now: () => now };
  const config: Config = { ...defaults, databasePath: join(dir, 'live.db'), responseCacheSeconds: 0, logLevel: 'silent' };
  const provider = (limits: Config['openMeteo']['budget'], name: string) =>
    openMeteoProvider({
      ...config.openMeteo,
      baseUrl: fake.url,
      clock,
      budget: createProviderBudget(createRateLimiter(database.db), name, limits),
    });

  // A paid plan's budget, so that only the ingest itself is timed.
  const unlimited = { minute: 1_000_000, hour: 1_000_000, day: 1_000_000 };
  const ingestStarted = performance.now();
  const ingest = await runIngest({
    db: database.db,
    provider: provider(unlimited, `${OPEN_METEO}-bench`),
    store: createForecastStore(database.db),
    clock: { now: () => NOW + (performance.now() - ingestStarted) },
    config,
  });
  const freeTierMinutes = Math.ceil(ingest.calls.weight / defaults.openMeteo.budget.minute) - 1;

  // The API, with the provider now taking 5 s an answer.
  fake.setDelay(PROVIDER_DELAY_MS);
  const server = await startServer({
    config,
    database,
    clock,
    provider: provider(defaults.openMeteo.budget, OPEN_METEO),
    logger: pino({ level: 'silent' }),
  });
  const gql = async (query: string) => {
    const started = performance.now();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    return { ms: performance.now() - started, code: body.errors?.[0]?.extensions?.code ?? 'ok' };
  };
  const forecastOf = (id: number) => `{ location(id: "${toGlobalId('Location', id)}") { current { temperature } } }`;
  const ids = database.sqlite
    .prepare(
      'SELECT l.id, r.location_id IS NOT NULL AS has_run FROM locations l LEFT JOIN forecast_runs r ON r.location_id = l.id ORDER BY l.population DESC LIMIT 5000',
    )
    .all() as { id: number; has_run: number }[];
  const withRun = ids.filter((row) => row.has_run).map((row) => row.id);
  const withoutRun = ids.filter((row) => !row.has_run).map((row) => row.id);

  const sample = async (label: string, queries: string[]) => {
    const results = [];
    for (const query of queries) results.push(await gql(query));
    const ms = results.map((r) => r.ms).sort((a, b) => a - b);
    return {
      label,
      medianMs: ms[Math.floor(ms.length / 2)]!,
      maxMs: ms.at(-1)!,
      codes: [...new Set(results.map((r) => r.code))].join(', '),
    };
  };
  const latencies = [await sample('fresh run', withRun.slice(0, SAMPLES).map(forecastOf))];
  // Past FORECAST_MAX_AGE_HOURS: stale, still within the retention.
  now += (defaults.forecastMaxAgeHours + 1) * 3_600_000;
  latencies.push(await sample('stale run (refreshed in the background)', withRun.slice(SAMPLES, 2 * SAMPLES).map(forecastOf)));
  latencies.push(await sample('no run yet', withoutRun.slice(0, SAMPLES).map(forecastOf)));
  await server.stop();

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`## Live forecasts (npm run bench:live, ${new Date().toISOString().slice(0, 10)})

${cpus().length} × ${cpu}, Node ${process.version}; a fake Open-Meteo on loopback answering from the real format.
A fresh database of ${seeded.places.toLocaleString('en')} places (seeded in ${(seedMs / 1000).toFixed(1)} s, no forecasts).

**Ingest of the default set** (\`INGEST_POPULOUS_PLACES=${config.ingest.populousPlaces}\`, \`INGEST_GRID_DEGREES=${config.ingest.gridDegrees}\`, batches of ${config.openMeteo.batchSize}, concurrency 1, a budget that never waits):

| candidates | grid cells | places refreshed | requests | weight | duration | places/s |
|---:|---:|---:|---:|---:|---:|---:|
| ${ingest.candidates} | ${ingest.cells} | ${ingest.refreshed} | ${ingest.calls.requests} | ${ingest.calls.weight} | ${(ingest.durationMs / 1000).toFixed(2)} s | ${Math.round(ingest.placesPerSecond)} |

On the free tier (${defaults.openMeteo.budget.minute} a minute) the same weight waits for ${freeTierMinutes} more minute window${freeTierMinutes === 1 ? '' : 's'}; ${ingest.calls.weight} of the ${defaults.openMeteo.budget.day.toLocaleString('en')} a day is ${((ingest.calls.weight / defaults.openMeteo.budget.day) * 100).toFixed(0)} %, so an ingest every ${defaults.forecastMaxAgeHours / 2} h (half of FORECAST_MAX_AGE_HOURS, when runs fall due) spends ${((((24 / (defaults.forecastMaxAgeHours / 2)) * ingest.calls.weight) / defaults.openMeteo.budget.day) * 100).toFixed(0)} % of the day's budget.

**Requests while the provider takes ${PROVIDER_DELAY_MS / 1000} s to answer** (\`FORECAST_WAIT_MS=${config.forecastWaitMs}\`, ${SAMPLES} requests each, one at a time):

| place | median | slowest | answer |
|---|---:|---:|---|
${latencies.map((l) => `| ${l.label} | ${l.medianMs.toFixed(1)} ms | ${l.maxMs.toFixed(1)} ms | ${l.codes} |`).join('\n')}
`);
} finally {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
