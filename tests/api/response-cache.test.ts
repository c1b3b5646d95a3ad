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

  it('shares one entry between requests that ask the same thing in differently written JSON, and keeps different variables apart', async () => {
    const QUERY = 'query ($s: String!, $n: Int) { locations(search: $s, first: $n) { nodes { name } } }';
    const post = async (body: string) => {
      server.statements.reset();
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { body: await response.json(), statements: server.statements.count, age: response.headers.get('age') };
    };
    const first = await post(JSON.stringify({ query: QUERY, variables: { s: 'nan', n: 2 } }));
    expect(first.statements).toBeGreaterThan(0);
    // Keys in another order, spaces, and a field the server ignores: the same request.
    const same = await post(`{ "variables": { "n": 2, "s": "nan" },\n  "query": ${JSON.stringify(QUERY)}, "operationName": null }`);
    expect(same).toMatchObject({ statements: 0, body: first.body, age: '0' });
    const other = await post(JSON.stringify({ query: QUERY, variables: { s: 'nan', n: 3 } }));
    expect(other.statements).toBeGreaterThan(0);
    expect(other.body.data.locations.nodes).toHaveLength(3);
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
    await server.gql(
      'mutation ($id: ID!) { addFavorite(input: { locationId: $id }) { favorite { id } } }',
      { id: lyon.id },
      { token: ana.token },
    );
    const afterAdd = await counted(ME, ana.token);
    expect(afterAdd.statements).toBeGreaterThan(1);
    expect(afterAdd.res.body.data.me.favorites.map((f: { location: { name: string } }) => f.location.name)).toEqual(['Lyon']);
    const celsius = afterAdd.res.body.data.me.favorites[0].location.current.temperature;
    await server.gql(
      'mutation { updatePreferences(input: { temperatureUnit: FAHRENHEIT }) { preferences { temperatureUnit } } }',
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

  it('shares an answer of public fields between people who prefer the same units, and never across units or with their own data', async () => {
    const FORECAST = '{ locations(search: "lyon", first: 2) { nodes { name current { temperature windSpeed } } } }';
    const [ana, bo, cy] = [await signUp(server, 'units-ana'), await signUp(server, 'units-bo'), await signUp(server, 'units-cy')];
    await server.gql(
      'mutation { updatePreferences(input: { temperatureUnit: FAHRENHEIT }) { preferences { temperatureUnit } } }',
      {},
      { token: cy.token },
    );
    const first = await counted(FORECAST, ana.token);
    expect(first.statements).toBeGreaterThan(1);
    expect(first.cacheControl).toBe('private, no-store');
    // Bo prefers the same units: only his token is looked up.
    const shared = await counted(FORECAST, bo.token);
    expect(shared.statements).toBe(1);
    expect(shared.res.headers.get('age')).not.toBeNull();
    expect(shared.res.body).toEqual(first.res.body);
    expect(shared.cacheControl).toBe('private, no-store');
    // Cy's Fahrenheit answer is his units' own.
    const fahrenheit = await counted(FORECAST, cy.token);
    expect(fahrenheit.statements).toBeGreaterThan(1);
    const celsius = first.res.body.data.locations.nodes[0].current.temperature;
    expect(fahrenheit.res.body.data.locations.nodes[0].current.temperature).toBeCloseTo((celsius * 9) / 5 + 32, 0);
    // A query that also reads `me` stays the person's own.
    const WITH_ME = `{ me { email } ${FORECAST.slice(1, -1)} }`;
    expect((await counted(WITH_ME, ana.token)).res.body.data.me.email).toBe(ana.email);
    const bosOwn = await counted(WITH_ME, bo.token);
    expect(bosOwn.statements).toBeGreaterThan(1);
    expect(bosOwn.res.body.data.me.email).toBe(bo.email);
    // Never the anonymous (public) entry: that one may be kept by HTTP caches, a person's may not.
    const anonymous = await counted(FORECAST);
    expect(anonymous.statements).toBeGreaterThan(0);
    expect(anonymous.cacheControl).toBe('public, max-age=60');
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

  it('says what an answer varies on, how old a kept one is, and never keeps one past the quarter hour', async () => {
    const first = await counted(PLACES);
    expect(first.res.headers.get('vary')).toBe('Authorization, Accept, Origin');
    server.clock.advance(20_000);
    try {
      const hit = await counted(PLACES);
      expect(hit.statements).toBe(0);
      expect(hit.res.headers.get('age')).toBe('20');
      expect(hit.res.headers.get('vary')).toBe('Authorization, Accept, Origin');
    } finally {
      server.clock.set(TEST_NOW);
    }
    // 12:14:30: the answer describes this quarter hour only, so 30 s is all it may be kept.
    server.clock.set('2026-03-28T12:14:30Z');
    try {
      expect((await counted(PLACES)).cacheControl).toBe('public, max-age=30');
    } finally {
      server.clock.set(TEST_NOW);
    }
  });

  it('never marks an answer to a request with credentials public, even for public fields', async () => {
    const { token } = await signUp(server, 'public-fields');
    expect((await counted(PLACES, token)).cacheControl).toBe('private, no-store');
    expect((await counted(PLACES, 'an unknown token')).cacheControl).toBe('private, no-store');
  });

  it("never gives a deleted account's answer to the person who signs up next", async () => {
    const ME = '{ me { email favorites { location { name } } } }';
    const gone = await signUp(server, 'deleted');
    // Kept under the account's id at version 0, where a newcomer's account starts too.
    expect((await counted(ME, gone.token)).res.body.data.me.email).toBe(gone.email);
    const [lyon] = (await server.gql('{ locations(search: "lyon", first: 1) { nodes { id } } }')).body.data.locations.nodes;
    await server.gql(
      'mutation ($id: ID!) { addFavorite(input: { locationId: $id }) { favorite { id } } }',
      { id: lyon.id },
      { token: gone.token },
    );
    expect((await counted(ME, gone.token)).res.body.data.me.email).toBe(gone.email);
    const deleted = await server.gql('mutation ($p: String!) { deleteAccount(password: $p) }', { p: gone.password }, { token: gone.token });
    expect(deleted.body.data.deleteAccount).toBe(true);
    // The deleted person's token reaches nothing, cached or not.
    expect((await counted(ME, gone.token)).res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // SQLite would have given the newcomer the deleted person's id (the highest): ids are never reused.
    const next = await signUp(server, 'newcomer');
    expect(next.id).not.toBe(gone.id);
    const mine = await counted(ME, next.token);
    expect(mine.res.body.data.me).toEqual({ email: next.email, favorites: [] });
  });

  it('keeps answers apart after logOut and a change of preferences, and from anonymous callers', async () => {
    const ME = '{ me { email preferences { temperatureUnit } } locations(search: "lyon", first: 1) { nodes { current { temperature } } } }';
    const ana = await signUp(server, 'apart');
    const celsius = (await counted(ME, ana.token)).res.body.data;
    await server.gql(
      'mutation { updatePreferences(input: { temperatureUnit: FAHRENHEIT }) { preferences { temperatureUnit } } }',
      {},
      { token: ana.token },
    );
    const fahrenheit = (await counted(ME, ana.token)).res.body.data;
    expect(fahrenheit.me.preferences.temperatureUnit).toBe('FAHRENHEIT');
    expect(fahrenheit.locations.nodes[0].current.temperature).not.toBe(celsius.locations.nodes[0].current.temperature);
    // Anonymous: no `me`, metric units.
    const anonymous = (await counted(ME)).res.body.data;
    expect(anonymous.me).toBeNull();
    expect(anonymous.locations.nodes[0].current.temperature).toBe(celsius.locations.nodes[0].current.temperature);
    await server.gql('mutation { logOut }', {}, { token: ana.token });
    const loggedOut = (await counted(ME, ana.token)).res.body;
    expect(loggedOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(loggedOut.data?.me).toBeNull();
  });
});
