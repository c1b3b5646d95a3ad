/**
 * `npm run bench:search`: seeding every place with every name into a fresh database, and place
 * search over HTTP on it, one request at a time (the response cache off): p50 and p99 of 1-, 3-
 * and 6-letter prefixes of real names in several scripts, each prefix a different request.
 *
 * Prints a Markdown section for RESULTS.md.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openDatabase } from '../../db/open.js';
import { seedIfEmpty } from '../../db/seed.js';
import { defaults } from '../../src/config.js';
import { offlineProvider } from '../../src/forecasts/offline-provider.js';
import { startServer } from '../../src/server.js';

const NOW = Date.parse('2026-03-28T12:00:00Z');
/** Prefixes per length. */
const SAMPLES = 400;

const dir = mkdtempSync(join(tmpdir(), 'skygraph-bench-search-'));
try {
  const path = join(dir, 'search.db');
  const database = openDatabase(path);
  const started = performance.now();
  const seeded = (await seedIfEmpty(database.db, { now: NOW / 1000, forecastPlaces: 0, provider: offlineProvider }))!;
  const seedMs = performance.now() - started;
  database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const sizeMb = statSync(path).size / 1e6;

  // Real names of places, most populous first, so that prefixes are what people type: every
  // 50th name of the index, in whatever script it is written.
  const names = database.sqlite
    .prepare("SELECT name FROM location_names WHERE kind != 'code' AND rowid % 50 = 0 ORDER BY rowid")
    .pluck()
    .all() as string[];
  const server = await startServer({
    config: { ...defaults, databasePath: path, port: 0, responseCacheSeconds: 0, logLevel: 'silent' },
    database,
    clock: { now: () => NOW },
    provider: offlineProvider,
    logger: pino({ level: 'silent' }),
  });
  const query = 'query ($s: String!) { locations(search: $s, first: 10) { edges { matchedName node { id name countryCode } } } }';
  const rows: string[] = [];
  for (const length of [1, 3, 6]) {
    const prefixes = [
      ...new Set(names.map((name) => [...name].slice(0, length).join('')).filter((p) => [...p].length === length && p.trim() !== '')),
    ];
    // Spread over the whole list, so that every script and every initial is in the sample.
    const sample = Array.from(
      { length: Math.min(SAMPLES, prefixes.length) },
      (_, i) => prefixes[Math.floor((i * prefixes.length) / Math.min(SAMPLES, prefixes.length))]!,
    );
    const times: number[] = [];
    let errors = 0;
    for (const prefix of sample) {
      const t = performance.now();
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { s: prefix } }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      times.push(performance.now() - t);
      if (body.errors) errors++;
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
    rows.push(`| ${length} | ${sample.length} | ${at(0.5)} ms | ${at(0.99)} ms | ${times.at(-1)!.toFixed(2)} ms | ${errors} |`);
  }
  await server.stop();

  console.log(`## Place search (npm run bench:search, ${new Date().toISOString().slice(0, 10)})

${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}.

Seeding a new database with every place and every name: ${seeded.places.toLocaleString('en')} places and ${seeded.names.toLocaleString('en')} names in ${(seedMs / 1000).toFixed(1)} s; the file is ${sizeMb.toFixed(0)} MB.

Search over HTTP, one request at a time, \`first: 10\`, the response cache off, each prefix of real names a different request:

| prefix length | requests | p50 | p99 | slowest | errors |
|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
