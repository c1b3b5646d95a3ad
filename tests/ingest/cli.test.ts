/**
 * `npm run ingest` as cron runs it: its own process, on the file a running server serves.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnChildServer } from '../support/child-server.js';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../support/fake-open-meteo.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST_NOW } from '../support/template.js';

let fake: FakeOpenMeteo;
let server: TestServer;

beforeAll(async () => {
  fake = await startFakeOpenMeteo();
  server = await startTestServer({ config: { responseCacheSeconds: 0 } });
});
afterAll(async () => {
  await server.stop();
  await fake.close();
});

const MODEL = 'ecmwf_ifs025';
const HOUR = 3600;
const now = Date.parse(TEST_NOW) / 1000;

/** Runs one ingest in a child process, and `whileRunning` until it exits; resolves with its summary line. */
async function ingestProcess(whileRunning?: (exited: Promise<unknown>) => Promise<void>) {
  const child = spawnChildServer({
    script: 'src/ingest/main.ts',
    databasePath: server.database.sqlite.name,
    env: {
      FORECAST_PROVIDER: 'open-meteo',
      OPEN_METEO_BASE_URL: fake.url,
      OPEN_METEO_MODEL: MODEL,
      OPEN_METEO_BATCH_SIZE: '20',
      INGEST_POPULOUS_PLACES: '300',
      INGEST_GRID_DEGREES: '0',
    },
  });
  try {
    const reading = whileRunning?.(child.exited);
    const exit = await child.exited;
    await reading;
    expect({ exit, stderr: child.stderr() }).toEqual({ exit: { code: 0, signal: null }, stderr: '' });
    return child.logs().find((log) => log?.msg === 'ingest finished')!;
  } finally {
    await child.dispose();
  }
}

const PLACES = `{ locations(first: 20) { nodes { name hourly(hours: 24) { temperature } } } }`;

describe('npm run ingest', () => {
  it('fills the database a server is serving, and a new issue replaces each run whole under concurrent reads', async () => {
    fake.setMeta(MODEL, { initialisedAt: now - 6 * HOUR, availableAt: now - 4 * HOUR });
    fake.setTemperature(1);
    const first = await ingestProcess();
    expect(first).toMatchObject({ outcome: 'done', refreshed: 300, calls: { requests: 15, weight: 300, retries: 0, rateLimited: 0 } });

    fake.setMeta(MODEL, { initialisedAt: now - 3 * HOUR, availableAt: now - HOUR });
    fake.setTemperature(2);
    const seen = new Set<number>();
    let done = false;
    const read = async (): Promise<void> => {
      while (!done) {
        const res = await server.gql(PLACES);
        expect(res.body.errors).toBeUndefined();
        for (const place of res.body.data.locations.nodes as { name: string; hourly: { temperature: number }[] }[]) {
          const temperatures = new Set(place.hourly.map((hour) => hour.temperature));
          // One run's hours, never some of the old run's and some of the new one's.
          expect({ place: place.name, temperatures: [...temperatures] }).toEqual({
            place: place.name,
            temperatures: [...temperatures].slice(0, 1),
          });
          seen.add([...temperatures][0]!);
        }
      }
    };
    const second = await ingestProcess(async (exited) => {
      void exited.then(() => (done = true));
      await Promise.all([read(), read(), read()]);
    });
    expect(second).toMatchObject({ outcome: 'done', refreshed: 300, confirmed: 0 });
    // The reads overlapped the ingest: they began on the old run.
    expect(seen.has(1)).toBe(true);

    const after = await server.gql(PLACES);
    expect(
      after.body.data.locations.nodes.every((place: { hourly: { temperature: number }[] }) =>
        place.hourly.every((h) => h.temperature === 2),
      ),
    ).toBe(true);

    // The same issue again: nothing to ask for.
    fake.requests.length = 0;
    expect(await ingestProcess()).toMatchObject({ outcome: 'done', refreshed: 0, fresh: 300 });
    expect(fake.requests).toHaveLength(0);
  });
});
