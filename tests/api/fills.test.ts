import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { count, lt } from 'drizzle-orm';
import { forecastHours, forecastRuns, rateLimitEvents, sessions } from '../../db/schema.js';
import { signUp } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST_NOW } from '../support/template.js';

// Places of a country well past the 300 that the template has forecasts for.
const PAGE = (after?: string) =>
  `{ locations(countryCode: "FR", first: 20${after ? `, after: "${after}"` : ''}) { pageInfo { endCursor } nodes { name current { temperature } } } }`;

describe('read-through fills', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ config: { fillsPerRequest: 5, fillsPerClientPerHour: 8 } })));
  afterAll(() => server.stop());

  it('fill at most the per-request budget, and answer the other places RATE_LIMITED while serving the rest', async () => {
    const res = await server.gql(PAGE());
    const nodes = res.body.data.locations.nodes as { current: unknown }[];
    expect(nodes).toHaveLength(20);
    // Paris and the other largest places were seeded; of the rest five were filled.
    const seeded = nodes.filter((n) => n.current !== null).length - 5;
    expect(server.providerCalls.places).toBe(5);
    expect(res.body.errors).toHaveLength(20 - 5 - seeded);
    expect(res.body.errors![0]).toMatchObject({
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 0 },
      path: ['locations', 'nodes', expect.any(Number), 'current'],
    });
  });

  it('fill at most the per-client budget per hour, across requests, and say how long to wait', async () => {
    const next = await server.gql(PAGE());
    // 8 per hour: 5 spent above, 3 left.
    expect(server.providerCalls.places).toBe(8);
    const refusal = next.body.errors!.at(-1)!;
    expect(refusal.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refusal.extensions!.retryAfterSeconds).toBeGreaterThan(3_000);
    // Forged cursors deeper into the list fill nothing more.
    const deeper = await server.gql(PAGE(next.body.data.locations.pageInfo.endCursor));
    expect(server.providerCalls.places).toBe(8);
    expect(deeper.body.errors?.every((e) => e.extensions?.code === 'RATE_LIMITED')).toBe(true);
    // The budget is the client's: after the hour it fills again.
    server.clock.advance(3_601_000);
    try {
      await server.gql(PAGE(next.body.data.locations.pageInfo.endCursor));
      expect(server.providerCalls.places).toBe(13);
    } finally {
      server.clock.set(TEST_NOW);
    }
  });

  it('still save a place past the budget; its forecast fills when next read', async () => {
    const { token } = await signUp(server, 'saver');
    const [id] = (
      await server.gql('{ locations(countryCode: "FR", search: "mont", first: 1) { nodes { id } } }')
    ).body.data.locations.nodes.map((n: { id: string }) => n.id);
    const res = await server.gql(
      'mutation ($id: ID!) { addFavorite(input: { locationId: $id }) { favorite { position } } }',
      { id },
      { token },
    );
    expect(res.body.errors).toBeUndefined();
  });
});

describe('retention', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ config: { forecastRetentionHours: 48 } })));
  afterAll(() => server.stop());

  it('prunes runs nobody asked for again once they are past the retention, with their hours', async () => {
    const { db } = server.database;
    const runsBefore = (await db.select({ n: count() }).from(forecastRuns))[0]!.n;
    expect(runsBefore).toBeGreaterThan(100);
    server.clock.advance(49 * 3_600_000);
    try {
      // One fill, of the 20 largest places, whose runs have gone stale.
      await server.gql('{ locations(first: 20) { nodes { current { temperature } } } }');
      const old = (
        await db
          .select({ n: count() })
          .from(forecastRuns)
          .where(lt(forecastRuns.issuedAt, Date.parse(TEST_NOW) / 1000 + 3_600))
      )[0]!.n;
      // At least 100 old runs went with that store (and more with every later one).
      expect(old).toBeLessThanOrEqual(runsBefore - 20 - 100);
      const orphanHours = server.database.sqlite
        .prepare('select count(*) as n from forecast_hours where location_id not in (select location_id from forecast_runs)')
        .get() as { n: number };
      expect(orphanHours.n).toBe(0);
      expect((await db.select({ n: count() }).from(forecastHours))[0]!.n).toBeGreaterThan(0);
    } finally {
      server.clock.set(TEST_NOW);
    }
  });

  it('prunes expired sessions when new ones are written', async () => {
    const { db } = server.database;
    await signUp(server, 'old-session');
    const before = (await db.select({ n: count() }).from(sessions))[0]!.n;
    expect(before).toBeGreaterThan(0);
    server.clock.advance(31 * 86_400_000);
    try {
      await signUp(server, 'new-session');
      expect((await db.select({ n: count() }).from(sessions))[0]!.n).toBe(1);
    } finally {
      server.clock.set(TEST_NOW);
    }
  });

  it('prunes rate-limit events (failed log-ins, sign-ups, fills) once they age out of every window', async () => {
    const { db } = server.database;
    const LOG_IN = 'mutation { logIn(input: { email: "nobody@example.com", password: "a wrong password" }) { token } }';
    const now = Date.parse(TEST_NOW) / 1000;
    const olderThan = async (at: number) => (await db.select({ n: count() }).from(rateLimitEvents).where(lt(rateLimitEvents.at, at)))[0]!.n;
    await signUp(server, 'counted');
    await server.gql(LOG_IN);
    expect(await olderThan(now + 1)).toBeGreaterThanOrEqual(3);
    server.clock.advance(25 * 3_600_000);
    try {
      await server.gql(LOG_IN);
      // The longest window is the provider budget's day: nothing from 25 hours ago is left.
      expect(await olderThan(now + 1)).toBe(0);
    } finally {
      server.clock.set(TEST_NOW);
    }
  });
});
