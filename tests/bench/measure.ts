/**
 * The benchmark's measurements besides request load: seeding, forecast ingest against a plain
 * insert loop, and cold start to the first answered request.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { desc } from 'drizzle-orm';
import { openDatabase } from '../../db/open.js';
import { locations } from '../../db/schema.js';
import { runWindow } from '../../src/forecasts/horizon.js';
import { offlineProvider } from '../../src/forecasts/offline-provider.js';
import type { ForecastRun } from '../../src/forecasts/provider.js';
import { createForecastStore, withDays } from '../../src/forecasts/store.js';
import { BENCH_NOW, BENCH_NOW_UNIX } from './fixture.js';
import { readRequest, send } from './requests.js';

export interface IngestResult {
  rows: number;
  storeRowsPerSecond: number;
  plainLoopRowsPerSecond: number;
}

// The seed's batch size: what the store is built for.
const PLACES_PER_BATCH = 250;

/** Forecast ingest of `placeCount` places' runs through the server's store and through a hand-written prepared-insert loop, best of `rounds`. */
export async function measureIngest(database: string, placeCount: number, rounds: number): Promise<IngestResult> {
  const dir = mkdtempSync(join(tmpdir(), 'skygraph-ingest-'));
  const path = join(dir, 'ingest.db');
  copyFileSync(database, path);
  try {
    const { db, sqlite } = openDatabase(path);
    const places = db.select().from(locations).orderBy(desc(locations.population)).limit(placeCount).all();
    const runs = (await offlineProvider.forecast(places, runWindow(BENCH_NOW_UNIX), BENCH_NOW_UNIX)).map((run, i) =>
      withDays(run, places[i]!),
    );
    const rows = runs.reduce((n, run) => n + run.hours.length, 0);
    const store = createForecastStore(db);

    // Each round stores newer runs (a later issue time), as the provider's next model run would
    // be: the store leaves a run it already has untouched (forecasts/store.ts), which measures nothing.
    const timeStore = (round: number) => {
      const newer = runs.map((run) => ({ ...run, issuedAt: run.issuedAt + (round + 1) * 3_600 }));
      const started = performance.now();
      for (let i = 0; i < newer.length; i += PLACES_PER_BATCH) store.storeRuns(newer.slice(i, i + PLACES_PER_BATCH));
      return performance.now() - started;
    };
    const timeLoop = () => {
      const started = performance.now();
      for (let i = 0; i < runs.length; i += PLACES_PER_BATCH) plainLoop(sqlite, runs.slice(i, i + PLACES_PER_BATCH));
      return performance.now() - started;
    };
    // Alternate and keep each one's best, so neither pays for a cold cache alone.
    let storeMs = Infinity;
    let loopMs = Infinity;
    for (let round = 0; round < rounds; round++) {
      storeMs = Math.min(storeMs, timeStore(round));
      loopMs = Math.min(loopMs, timeLoop());
    }
    sqlite.close();
    return { rows, storeRowsPerSecond: (rows / storeMs) * 1000, plainLoopRowsPerSecond: (rows / loopMs) * 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a hand-written ingest does: replace each place's run row by row with prepared statements. */
function plainLoop(sqlite: Database.Database, runs: readonly ForecastRun[]): void {
  const deleteHours = sqlite.prepare('DELETE FROM forecast_hours WHERE location_id = ?');
  const upsertRun = sqlite.prepare(
    'INSERT INTO forecast_runs (location_id, provider, model, issued_at, fetched_at) VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT (location_id) DO UPDATE SET provider = excluded.provider, model = excluded.model, issued_at = excluded.issued_at, fetched_at = excluded.fetched_at',
  );
  const insertHour = sqlite.prepare('INSERT INTO forecast_hours VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  sqlite
    .transaction(() => {
      for (const run of runs) {
        deleteHours.run(run.locationId);
        upsertRun.run(run.locationId, run.provider, run.model, run.issuedAt, run.fetchedAt);
        for (const h of run.hours) {
          insertHour.run(
            run.locationId,
            h.time,
            h.temperature,
            h.apparentTemperature,
            h.relativeHumidity,
            h.precipitation,
            h.precipitationProbability,
            h.windSpeed,
            h.windDirection,
            h.weatherCode,
          );
        }
      }
    })
    .immediate();
}

/** Milliseconds from spawning the built server on an existing database to its first answer of Q1. */
export async function measureColdStart(database: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_PATH: database,
      SKYGRAPH_NOW: BENCH_NOW,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    const url = `http://127.0.0.1:${port}/graphql`;
    for (;;) {
      try {
        const { status } = await send(url, readRequest('Q1'));
        if (status === 200) return performance.now() - started;
      } catch {
        // Not listening yet.
      }
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
