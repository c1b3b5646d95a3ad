import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signUp } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST_NOW } from '../support/template.js';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

const PLACES = '{ locations(search: "lyon", first: 3) { nodes { name current { time temperature } } } }';

async function counted(query: string, token?: string) {
  server.statements.reset();
  const res = await server.gql(query, undefined, { token });
  return { res, statements: server.statements.count, cacheControl: res.headers.get('cache-control') };
}

describe('the response cache', () => {
  it('answers a repeated anonymous query of public data without touching the database', async () => {
    const first = await counted(PLACES);
    expect(first.statements).toBeGreaterThan(0);
    expect(first.cacheControl).toBe('public, max-age=60');
    const second = await counted(PLACES);
    expect(second.statements).toBe(0);
    expect(second.res.body).toEqual(first.res.body);
    expect(second.cacheControl).toBe('public, max-age=60');
  });

  it('keeps a person’s answers for them alone, and only until they change something', async () => {
    const ana = await signUp(server, 'ana');
    const bo = await signUp(server, 'bo');
    const ME = '{ me { email preferences { temperatureUnit } favorites { location { name current { temperature } } } } }';

    const first = await counted(ME, ana.token);
    expect(first.cacheControl).toBe('private, no-store');
    const again = await counted(ME, ana.token);
    // Only the token is looked up: the answer comes from the cache.
    expect(again.statements).toBe(1);
    expect(again.res.body).toEqual(first.res.body);

    // The same query from someone else is theirs, not Ana's.
    const other = await counted(ME, bo.token);
    expect(other.res.body.data.me.email).toBe(bo.email);

    // A change to Ana's favorites or preferences is seen at once.
    const [lyon] = (await server.gql('{ locations(search: "lyon", first: 1) { nodes { id } } }')).body.data.locations.nodes;
    await server.gql('mutation ($id: ID!) { addFavorite(input: { locationId: $id }) { id } }', { id: lyon.id }, { token: ana.token });
    const afterAdd = await counted(ME, ana.token);
    expect(afterAdd.statements).toBeGreaterThan(1);
    expect(afterAdd.res.body.data.me.favorites.map((f: { location: { name: string } }) => f.location.name)).toEqual(['Lyon']);
    const celsius = afterAdd.res.body.data.me.favorites[0].location.current.temperature;
    await server.gql(
      'mutation { updatePreferences(input: { temperatureUnit: FAHRENHEIT }) { temperatureUnit } }',
      {},
      { token: ana.token },
    );
    const afterUnits = (await counted(ME, ana.token)).res.body.data.me;
    expect(afterUnits.preferences.temperatureUnit).toBe('FAHRENHEIT');
    expect(afterUnits.favorites[0].location.current.temperature).toBeCloseTo((celsius * 9) / 5 + 32, 0);

    // A token logged out is refused even though its answer is cached.
    await server.gql('mutation { logOut }', {}, { token: ana.token });
    expect((await counted(ME, ana.token)).res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('marks private fields, errors and mutations as not to be stored', async () => {
    expect((await counted('{ me { email } }')).cacheControl).toBe('private, no-store');
    expect((await counted('{ locations(first: 0) { nodes { name } } }')).cacheControl).toBe('private, no-store');
    const mutation = await counted('mutation { logOut }');
    expect(mutation.cacheControl).toBe('private, no-store');
  });

  it('starts afresh when the hour changes', async () => {
    const before = (await counted(PLACES)).res.body.data.locations.nodes[0].current.time;
    server.clock.advance(3_600_000);
    try {
      const later = await counted(PLACES);
      expect(later.statements).toBeGreaterThan(0);
      expect(Date.parse(later.res.body.data.locations.nodes[0].current.time) - Date.parse(before)).toBe(3_600_000);
    } finally {
      server.clock.set(TEST_NOW);
    }
  });

  it('never lets a cached answer skip the CSRF check', async () => {
    await counted(PLACES);
    const simple = await fetch(`${server.url}?query=${encodeURIComponent(PLACES)}`);
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/CSRF/);
  });

  it('can be turned off', async () => {
    const uncached = await startTestServer({ config: { responseCacheSeconds: 0 } });
    try {
      await uncached.gql(PLACES);
      uncached.statements.reset();
      const res = await uncached.gql(PLACES);
      expect(uncached.statements.count).toBeGreaterThan(0);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    } finally {
      await uncached.stop();
    }
  });
});
