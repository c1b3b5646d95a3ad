/**
 * The most expensive requests the default limits let through, each timed once on a copy of the
 * bench database (so fills are real), with a /healthz probe sent alongside: how long the request
 * takes, and how long a health check waits meanwhile. `node --import tsx tests/bench/worst-case.ts`
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDatabase, loadContender } from './check.js';
import { BENCH_NOW } from './fixture.js';

const ALL_HOURLY =
  'time temperature apparentTemperature relativeHumidity precipitation precipitationProbability windSpeed windDirection weatherCode condition';
const cases: Record<string, string> = {
  '40 new places × 240 hours (cost 9,690, 40 fills)':
    '{ locations(countryCode: "BR", first: 40) { nodes { hourly(hours: 240) { temperature } } } }',
  '4 new places × 240 hours × every field (cost 9,618)': `{ locations(countryCode: "AR", first: 4) { nodes { hourly(hours: 240) { ${ALL_HOURLY} } } } }`,
  '10 aliased pages of 20 new places (200 asked, 50 filled: the per-request budget)': `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: locations(countryCode: "MX", first: 20, search: "${'abcdefghij'[i]}") { nodes { current { temperature } } }`).join(' ')} }`,
  '3 near searches of 500 km with counts (cost 7,590)': `{ ${Array.from({ length: 3 }, (_, i) => `a${i}: locations(near: { latitude: ${48 + i}, longitude: 10, radiusKm: 500 }) { totalCount }`).join(' ')} }`,
};

const { path } = await benchDatabase();
const copy = join(mkdtempSync(join(tmpdir(), 'skygraph-worst-')), 'bench.db');
copyFileSync(path, copy);
const running = await (
  await loadContender('skygraph-uncached')
).start({ port: 0, host: '127.0.0.1', databasePath: copy, now: Date.parse(BENCH_NOW) });
const origin = new URL(running.url).origin;

for (const [name, query] of Object.entries(cases)) {
  const started = performance.now();
  const answer = fetch(running.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  }).then(async (res) => ({
    status: res.status,
    bytes: (await res.text()).length,
    ms: performance.now() - started,
  }));
  // Health checks one after another while the request runs: the longest wait is how long the
  // request held the event loop at a stretch (at most).
  let longestHealthMs = 0;
  let done = false;
  void answer.then(() => (done = true));
  while (!done) {
    const probe = performance.now();
    await fetch(`${origin}/healthz`);
    longestHealthMs = Math.max(longestHealthMs, performance.now() - probe);
  }
  const { status, bytes, ms } = await answer;
  console.log(
    `${name}: HTTP ${status}, ${bytes.toLocaleString('en')} bytes, ${ms.toFixed(0)} ms; longest /healthz wait ${longestHealthMs.toFixed(0)} ms`,
  );
}
await running.close();
