import { searchKey } from '../../src/locations/names.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

const names = async (args: string): Promise<string[]> => {
  const res = await server.gql(`{ locations(${args}) { nodes { name countryCode } } }`);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.locations.nodes.map((n: { name: string }) => n.name);
};

describe('searching places', () => {
  it('finds Berlin first for "berl", the most populous match', async () => {
    const res = await server.gql(
      '{ locations(search: "berl", first: 10) { totalCount edges { matchedName } nodes { name countryCode population } } }',
    );
    const { nodes, edges, totalCount } = res.body.data.locations;
    expect(nodes[0]).toMatchObject({ name: 'Berlin', countryCode: 'DE' });
    expect(totalCount).toBeGreaterThan(10);
    // Any of a place's names may be the one that matched ("Berlington" for Burlington).
    for (const edge of edges) expect(searchKey(edge.matchedName)).toMatch(/^berl/);
  });

  it('matches regardless of case and accents', async () => {
    expect((await names('search: "SAO PAULO", first: 1'))[0]).toBe('São Paulo');
    expect((await names('search: "zurich", first: 1'))[0]).toBe('Zürich');
    expect((await names('search: "Malmö", first: 1'))[0]).toBe('Malmö');
    expect((await names('search: "malmo", first: 1'))[0]).toBe('Malmö');
  });

  it('filters by country, case-insensitively', async () => {
    const res = await server.gql('{ locations(search: "san", countryCode: "it", first: 20) { nodes { countryCode } totalCount } }');
    const { nodes, totalCount } = res.body.data.locations;
    expect(nodes.length).toBe(20);
    expect(new Set(nodes.map((n: { countryCode: string }) => n.countryCode))).toEqual(new Set(['IT']));
    expect(totalCount).toBeGreaterThan(20);
  });

  it('finds places near a point, nearest first, with their distance', async () => {
    const res = await server.gql(`{
      locations(near: { latitude: 52.52437, longitude: 13.41053, radiusKm: 30 }, first: 10) {
        totalCount nodes { name latitude longitude distanceKm }
      }
    }`);
    const { nodes, totalCount } = res.body.data.locations;
    expect(nodes[0].name).toBe('Berlin');
    expect(nodes[0].distanceKm).toBe(0);
    const distances = nodes.map((n: { distanceKm: number }) => n.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(30);
    expect(totalCount).toBeGreaterThanOrEqual(nodes.length);
    // Potsdam is about 27 km from Berlin's centre: inside 30 km, outside 20.
    const within = async (radiusKm: number) =>
      (await names(`near: { latitude: 52.52437, longitude: 13.41053, radiusKm: ${radiusKm} }, search: "potsdam", first: 5`)).includes(
        'Potsdam',
      );
    expect(await within(30)).toBe(true);
    expect(await within(20)).toBe(false);
  });

  it('finds places across the antimeridian', async () => {
    // Suva (Fiji, 178.4° E) from a point just west of the antimeridian on the other side.
    const res = await server.gql(
      `{ locations(near: { latitude: -18.14, longitude: -179.9, radiusKm: 250 }, first: 5) { nodes { name distanceKm } } }`,
    );
    expect(res.body.data.locations.nodes.map((n: { name: string }) => n.name)).toContain('Suva');
  });

  it('leaves distanceKm null without near', async () => {
    const res = await server.gql('{ locations(search: "berl", first: 1) { edges { distanceKm } nodes { distanceKm } } }');
    expect(res.body.data.locations.edges[0].distanceKm).toBeNull();
    expect(res.body.data.locations.nodes[0].distanceKm).toBeNull();
  });

  it("puts each search's distance on its edge, as the deprecated Location field still shows it", async () => {
    const near = (latitude: number, longitude: number) =>
      server.gql(`{
        locations(near: { latitude: ${latitude}, longitude: ${longitude}, radiusKm: 20 }, search: "paris", first: 30) {
          edges { distanceKm node { id name distanceKm } }
        }
      }`);
    const fromCentre = (await near(48.8566, 2.3522)).body.data.locations.edges[0];
    const fromLaDefense = (await near(48.8918, 2.2385)).body.data.locations.edges.find(
      (edge: { node: { id: string } }) => edge.node.id === fromCentre.node.id,
    );
    // The same place, two distances: a cache keyed by the place's id could hold only one.
    expect(fromCentre.node.name).toBe('Paris');
    expect(fromLaDefense).toBeDefined();
    expect(fromCentre.distanceKm).toBeLessThan(1);
    expect(fromLaDefense.distanceKm).toBeGreaterThan(8);
    expect(fromCentre.node.distanceKm).toBe(fromCentre.distanceKm);
    expect(fromLaDefense.node.distanceKm).toBe(fromLaDefense.distanceKm);
  });
});

describe('paging', () => {
  async function walk(args: string, pageSize: number) {
    const seen: string[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (let page = 0; page < 100; page++) {
      const res: any = await server.gql(
        `query ($after: String) { locations(${args}, first: ${pageSize}, after: $after) {
          totalCount edges { cursor node { id } } nodes { id }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
        { after },
      );
      expect(res.body.errors).toBeUndefined();
      const conn = res.body.data.locations;
      totalCount = conn.totalCount;
      expect(conn.nodes.map((n: { id: string }) => n.id)).toEqual(conn.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1)?.cursor ?? null);
      seen.push(...conn.nodes.map((n: { id: string }) => n.id));
      if (!conn.pageInfo.hasNextPage) return { seen, totalCount };
      after = conn.pageInfo.endCursor;
    }
    throw new Error('paging did not end');
  }

  it('walks every page of a country filter and sees every place exactly once', async () => {
    const { seen, totalCount } = await walk('countryCode: "LU"', 7);
    expect(totalCount).toBeGreaterThan(14);
    expect(seen.length).toBe(totalCount);
    expect(new Set(seen).size).toBe(totalCount);
  });

  it('walks every page of a near search exactly once', async () => {
    const { seen, totalCount } = await walk('near: { latitude: 48.8566, longitude: 2.3522, radiusKm: 15 }', 9);
    expect(totalCount).toBeGreaterThan(18);
    expect(seen.length).toBe(totalCount);
    expect(new Set(seen).size).toBe(totalCount);
  });

  it('pages match the same query asked in one page', async () => {
    const whole = await server.gql('{ locations(search: "new", first: 30) { nodes { id } } }');
    const { seen } = await walk('search: "new"', 30);
    expect(seen.slice(0, 30)).toEqual(whole.body.data.locations.nodes.map((n: { id: string }) => n.id));
  });

  it('gives opaque cursors, not offsets', async () => {
    const res = await server.gql('{ locations(first: 2) { edges { cursor } } }');
    for (const { cursor } of res.body.data.locations.edges) expect(cursor).not.toMatch(/^\d+$/);
  });
});

describe('looking up by id', () => {
  it('resolves location(id) and node(id) to the same place', async () => {
    const found = await server.gql('{ locations(search: "tokyo", first: 1) { nodes { id name } } }');
    const { id, name } = found.body.data.locations.nodes[0];
    const byId = await server.gql(
      'query ($id: ID!) { location(id: $id) { name } node(id: $id) { id ... on Location { name timezone } } }',
      { id },
    );
    expect(byId.body.data).toEqual({ location: { name }, node: { id, name, timezone: 'Asia/Tokyo' } });
  });
});

describe('bad input', () => {
  const codeOf = async (query: string, variables?: Record<string, unknown>) => {
    const res = await server.gql(query, variables);
    expect(res.body.errors?.length).toBeGreaterThan(0);
    return { code: res.body.errors![0]!.extensions?.code, message: res.body.errors![0]!.message };
  };

  it('answers an unknown id with NOT_FOUND', async () => {
    const id = Buffer.from('Location:999999999').toString('base64url');
    expect((await codeOf('query ($id: ID!) { location(id: $id) { name } }', { id })).code).toBe('NOT_FOUND');
    expect((await codeOf('query ($id: ID!) { node(id: $id) { id } }', { id })).code).toBe('NOT_FOUND');
  });

  it('answers a malformed id with BAD_USER_INPUT', async () => {
    expect((await codeOf('{ location(id: "not-an-id") { name } }')).code).toBe('BAD_USER_INPUT');
  });

  it('answers a malformed cursor with BAD_USER_INPUT', async () => {
    expect((await codeOf('{ locations(first: 5, after: "garbage!") { nodes { id } } }')).code).toBe('BAD_USER_INPUT');
    // A cursor of the population ordering handed to a distance ordering.
    const page = await server.gql('{ locations(first: 1) { pageInfo { endCursor } } }');
    const after = page.body.data.locations.pageInfo.endCursor;
    const mixed = await codeOf(
      'query ($after: String) { locations(near: { latitude: 0, longitude: 0 }, first: 5, after: $after) { nodes { id } } }',
      { after },
    );
    expect(mixed.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a page size above the cap and says the limit', async () => {
    const { code, message } = await codeOf('{ locations(first: 100000) { nodes { id } } }');
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toBe('first must be between 1 and 100, got 100000');
    expect((await codeOf('{ locations(first: 0) { nodes { id } } }')).code).toBe('BAD_USER_INPUT');
  });

  it('refuses latitude 200', async () => {
    const { code, message } = await codeOf('{ locations(near: { latitude: 200, longitude: 0 }) { nodes { id } } }');
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toMatch(/latitude must be between -90 and 90, got 200/);
  });

  it('refuses an empty or blank search', async () => {
    expect((await codeOf('{ locations(search: "") { nodes { id } } }')).code).toBe('BAD_USER_INPUT');
    expect((await codeOf('{ locations(search: "   ") { nodes { id } } }')).code).toBe('BAD_USER_INPUT');
  });

  it('refuses a country code that is not two letters', async () => {
    expect((await codeOf('{ locations(countryCode: "Germany") { nodes { id } } }')).code).toBe('BAD_USER_INPUT');
  });

  it('answers a query against the schema with GRAPHQL_VALIDATION_FAILED', async () => {
    expect((await codeOf('{ locations { nope } }')).code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
