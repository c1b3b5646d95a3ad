/**
 * Storing runs over a real SQLite file: a run's identity decides whether it is written again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { openDatabase, type OpenedDatabase } from '../../db/open.js';
import { locations } from '../../db/schema.js';
import { modelHours } from '../../src/forecasts/model.js';
import { createForecastStore, withDays, type ForecastStore } from '../../src/forecasts/store.js';

const place = { id: 2950159, latitude: 52.52437, longitude: 13.41053, timezone: 'Europe/Berlin', elevationM: 34 };
const FROM = Date.UTC(2026, 11, 2, 0) / 1000;

let dir: string;
let database: OpenedDatabase;
let store: ForecastStore;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skygraph-store-'));
  database = openDatabase(join(dir, 'store.db'));
  database.db
    .insert(locations)
    .values({ ...place, name: 'Berlin', countryCode: 'DE', population: 3_426_354 })
    .run();
  store = createForecastStore(database.db);
});
afterAll(() => {
  database.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (issuedAt: number, fetchedAt: number, provider = 'open-meteo') =>
  withDays({ locationId: place.id, provider, model: 'ecmwf_ifs025', issuedAt, fetchedAt, hours: modelHours(place, FROM, 48) }, place);
/** Rows this connection has inserted, updated or deleted so far. */
const changes = () => database.sqlite.prepare('SELECT total_changes()').pluck().get() as number;
const stored = () => database.db.get<{ issued_at: number; fetched_at: number }>(sql`select issued_at, fetched_at from forecast_runs`);

describe('the forecast store', () => {
  it('writes a run once: the same provider, model and issue time again only moves its fetch time', async () => {
    expect(await store.storeRuns([run(FROM, FROM + 100)])).toEqual({ replaced: 1, unchanged: 0 });

    let before = changes();
    expect(await store.storeRuns([run(FROM, FROM + 3_700)])).toEqual({ replaced: 0, unchanged: 1 });
    // The run's own row, nothing of its 48 hours or 3 days.
    expect(changes() - before).toBe(1);
    expect(stored()).toEqual({ issued_at: FROM, fetched_at: FROM + 3_700 });

    // A newer run, or the same time from another provider, is another run: written whole.
    before = changes();
    expect(await store.storeRuns([run(FROM + 3_600, FROM + 7_300)])).toEqual({ replaced: 1, unchanged: 0 });
    expect(changes() - before).toBeGreaterThan(2 * 48);
    expect(await store.storeRuns([run(FROM + 3_600, FROM + 7_400, 'skygraph-offline')])).toEqual({ replaced: 1, unchanged: 0 });
  });

  it('confirms only the runs that still are the named one', async () => {
    await store.storeRuns([run(FROM + 7_200, FROM + 7_300)]);
    expect(await store.confirmRuns({ provider: 'open-meteo', model: 'ecmwf_ifs025', issuedAt: FROM }, [place.id], FROM + 9_000)).toBe(0);
    expect(
      await store.confirmRuns({ provider: 'open-meteo', model: 'ecmwf_ifs025', issuedAt: FROM + 7_200 }, [place.id], FROM + 9_000),
    ).toBe(1);
    expect(stored()).toEqual({ issued_at: FROM + 7_200, fetched_at: FROM + 9_000 });
  });
});
