/**
 * Place search as a person types it, over HTTP against the seeded GeoNames places: every name a
 * place is known by, in any script, ranked as a person would call right.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { responseCacheSeconds: 0 } });
});
afterAll(() => server.stop());

interface Found {
  name: string;
  countryCode: string;
  countryName: string;
  admin1Code: string | null;
  matchedName: string | null;
}

const SEARCH = `query ($search: String!, $countryCode: String, $first: Int, $after: String) {
  locations(search: $search, countryCode: $countryCode, first: $first, after: $after) {
    edges { cursor matchedName node { id name countryCode countryName admin1Code } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function search(term: string, variables: Record<string, unknown> = {}): Promise<Found[]> {
  const res = await server.gql(SEARCH, { search: term, first: 5, ...variables });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.locations.edges.map((edge: { matchedName: string; node: Omit<Found, 'matchedName'> }) => ({
    ...edge.node,
    matchedName: edge.matchedName,
  }));
}

describe('place search', () => {
  it.each([
    ['münchen', 'München'],
    ['munchen', 'München'],
    ['muenchen', 'Muenchen'],
    ['Мюнхен', 'Мюнхен'],
    ['慕尼黑', '慕尼黑'],
    ['MÜNCHEN', 'München'],
  ])('finds Munich first for "%s", saying which name matched', async (term, matched) => {
    const [first] = await search(term);
    expect(first).toMatchObject({ name: 'Munich', countryCode: 'DE', countryName: 'Germany', admin1Code: '02', matchedName: matched });
  });

  it.each(['köln', 'koeln', 'cologne', 'Köln'])('finds Köln (DE) first for "%s"', async (term) => {
    const [first] = await search(term);
    expect(first).toMatchObject({ name: 'Köln', countryCode: 'DE' });
  });

  it.each([
    ['東京', 'Tokyo', 'JP'],
    ['nyc', 'New York City', 'US'],
    ['NYC', 'New York City', 'US'],
    ['wien', 'Vienna', 'AT'],
    ['frankfurt', 'Frankfurt am Main', 'DE'],
    ['frankfurt am', 'Frankfurt am Main', 'DE'],
    ['rio de jan', 'Rio de Janeiro', 'BR'],
    ['москва', 'Moscow', 'RU'],
    ['ｔｏｋｙｏ', 'Tokyo', 'JP'],
  ])('finds the place a person means for "%s"', async (term, name, countryCode) => {
    const [first] = await search(term);
    expect(first).toMatchObject({ name, countryCode });
  });

  it.each(['saint louis', 'st. louis', 'st louis', 'St-Louis', 'ST LOUIS'])('finds St. Louis (US) first for "%s"', async (term) => {
    const [first] = await search(term);
    expect(first).toMatchObject({ name: 'St. Louis', countryCode: 'US', admin1Code: 'MO' });
  });

  it('puts Frankfurt am Main before Frankfurt (Oder)', async () => {
    const names = (await search('frankfurt', { first: 10 })).map((place) => place.name);
    expect(names.indexOf('Frankfurt am Main')).toBeLessThan(names.indexOf('Frankfurt (Oder)'));
    expect(names).toContain('Frankfurt (Oder)');
  });

  it('puts an exact match of a name before places whose names only start with it', async () => {
    // Ulm is small next to the places whose names begin with "ulm" (Ulmeni, …) added up, but it
    // is the only one named exactly so.
    const [first] = await search('ulm');
    expect(first).toMatchObject({ name: 'Ulm', countryCode: 'DE' });
  });

  it('tells the Springfields apart by their state', async () => {
    const found = await search('springfield', { countryCode: 'US', first: 10 });
    const states = found.filter((place) => place.name === 'Springfield').map((place) => place.admin1Code);
    expect(states.length).toBeGreaterThanOrEqual(5);
    expect(new Set(states).size).toBe(states.length);
    expect(states).toEqual(expect.arrayContaining(['IL', 'MO', 'MA']));
  });

  it('keeps the country filter with a name search', async () => {
    const found = await search('paris', { countryCode: 'us', first: 10 });
    expect(found.length).toBeGreaterThan(3);
    expect(found.every((place) => place.countryCode === 'US')).toBe(true);
    expect(found[0]).toMatchObject({ name: 'Paris', admin1Code: 'TX' });
  });

  it('does not take a code for a prefix: "ny" does not find places by their airport codes', async () => {
    // NYC matches "nyc" exactly; as a prefix, "ny" must come from real names.
    const found = await search('ny', { first: 20 });
    for (const place of found) expect(place.matchedName!.toLowerCase().startsWith('ny')).toBe(true);
    expect(found.some((place) => place.matchedName === 'NYC')).toBe(false);
  });

  it('lists each place once, however many of its names match', async () => {
    const found = await search('m', { first: 100 });
    const ids = found.map((place) => `${place.name}/${place.countryCode}/${place.admin1Code}`);
    expect(found).toHaveLength(100);
    expect(new Set(ids).size).toBe(100);
  });

  it('walks every page of "san" and sees every place once, in the order of the first page', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let pages = 0;
    let total = 0;
    const count = await server.gql(`{ locations(search: "san") { totalCount } }`);
    do {
      const res: { body: { data?: any; errors?: unknown } } = await server.gql(
        `query ($after: String) { locations(search: "san", first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(res.body.errors).toBeUndefined();
      const { edges, pageInfo } = res.body.data.locations as {
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      for (const edge of edges as { node: { id: string } }[]) {
        expect(seen.has(edge.node.id)).toBe(false);
        seen.add(edge.node.id);
      }
      total += edges.length;
      after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBeGreaterThan(20);
    expect(total).toBe(count.body.data.locations.totalCount);
  });

  it('reads a page of any search in one statement', async () => {
    for (const term of ['s', 'san', 'munich', '東京']) {
      server.statements.reset();
      await search(term, { first: 20 });
      expect({ term, statements: server.statements.count }).toEqual({ term, statements: 1 });
    }
  });

  it('refuses a cursor of another ordering', async () => {
    const byPopulation = await server.gql(`{ locations(first: 1) { pageInfo { endCursor } } }`);
    const res = await server.gql(SEARCH, { search: 'san', after: byPopulation.body.data.locations.pageInfo.endCursor });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps the distance order of `near` with a name search', async () => {
    const res = await server.gql(`{ locations(near: { latitude: 48.137, longitude: 11.575, radiusKm: 100 }, search: "mun", first: 10) {
      edges { distanceKm node { name } } } }`);
    expect(res.body.errors).toBeUndefined();
    const edges = res.body.data.locations.edges as { distanceKm: number; node: { name: string } }[];
    expect(edges[0]!.node.name).toBe('Munich');
    const distances = edges.map((edge) => edge.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it.each([
    ['a search of only punctuation', '.-,'],
    ['an overlong search', 'x'.repeat(101)],
  ])('answers %s with BAD_USER_INPUT', async (_, term) => {
    const res = await server.gql(SEARCH, { search: term });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("gives each place GeoNames' elevation, its terrain model's where it has no surveyed one", async () => {
    const res = await server.gql('{ locations(search: "munich", first: 1) { nodes { name elevation } } }');
    // GeoNames has no surveyed elevation for Munich; its terrain model says 524 m.
    expect(res.body.data.locations.nodes[0]).toEqual({ name: 'Munich', elevation: 524 });
  });

  it('finds nothing, quickly and without error, for a prefix no name has', async () => {
    expect(await search('xqzw')).toEqual([]);
  });
});
