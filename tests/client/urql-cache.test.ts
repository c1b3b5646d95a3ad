/**
 * urql with its normalized cache, Graphcache, against the real server: the same journey as
 * apollo-cache.test.ts with the example client's operations, and after every step what the cache
 * answers by itself must equal what a fresh query answers. Graphcache has no store to clear: on
 * log-in and log-out an app makes a new client, as urql's documentation says.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Client, fetchExchange, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { graphcacheKeys } from '../../examples/web-client/src/cache-policies.js';
import { LogOut, SignUp, UpdatePreferences, Viewer } from '../../examples/web-client/src/operations/account.js';
import { AddFavorite, MoveFavorite, RemoveFavorite } from '../../examples/web-client/src/operations/favorites.js';
import { NearbyPlaces, PlaceForecast, SearchPlaces } from '../../examples/web-client/src/operations/places.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let token: string | null = null;
let client: Client;
const warnings: string[] = [];

function newClient(): Client {
  const bearer = token;
  return new Client({
    url: server.url,
    exchanges: [cacheExchange({ keys: graphcacheKeys }), fetchExchange],
    // urql sends queries as GET, which CSRF prevention refuses without this header (README).
    fetchOptions: () => ({ headers: { 'apollo-require-preflight': 'true', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } }),
  });
}

beforeAll(async () => {
  server = await startTestServer();
  client = newClient();
  for (const method of ['warn', 'error'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
  }
});
afterAll(async () => {
  jest.restoreAllMocks();
  await server?.stop();
});

async function run<T, V extends AnyVariables>(query: TypedDocumentNode<T, V>, variables: V): Promise<T> {
  const result = await client.query(query, variables, { requestPolicy: 'network-only' }).toPromise();
  if (result.error) throw result.error;
  return result.data!;
}

async function mutate<T, V extends AnyVariables>(mutation: TypedDocumentNode<T, V>, variables: V): Promise<T> {
  const result = await client.mutation(mutation, variables).toPromise();
  if (result.error) throw result.error;
  return result.data!;
}

async function expectCacheRight<T, V extends AnyVariables>(query: TypedDocumentNode<T, V>, variables: V): Promise<void> {
  const cached = client.readQuery(query, variables, { requestPolicy: 'cache-only' });
  expect(cached?.stale).toBeFalsy();
  expect(cached?.data ?? null).not.toBeNull();
  const fresh = await newClient().query(query, variables, { requestPolicy: 'network-only' }).toPromise();
  expect(cached!.data).toEqual(fresh.data);
  expect(warnings).toEqual([]);
}

const metric = { temperatureUnit: 'CELSIUS' } as const;

describe('urql with Graphcache and the example client’s keys', () => {
  let places: string[] = [];
  let favorites: string[] = [];

  it('keeps searches, near searches with their own distances, and forecasts', async () => {
    const found = await run(SearchPlaces, { search: 'Paris', first: 3, ...metric });
    places = found.locations.edges.map((edge) => edge.node.id);
    await run(PlaceForecast, { id: places[0]!, ...metric });
    await run(SearchPlaces, { search: 'Paris', first: 3, ...metric });
    const near = (latitude: number, longitude: number) => ({ near: { latitude, longitude, radiusKm: 20 }, first: 5, ...metric });
    await run(NearbyPlaces, near(48.8566, 2.3522));
    await run(NearbyPlaces, near(48.8918, 2.2385));
    await expectCacheRight(SearchPlaces, { search: 'Paris', first: 3, ...metric });
    await expectCacheRight(PlaceForecast, { id: places[0]!, ...metric });
    await expectCacheRight(NearbyPlaces, near(48.8566, 2.3522));
    await expectCacheRight(NearbyPlaces, near(48.8918, 2.2385));
  });

  it('applies sign-up, add, move and remove from their payloads alone', async () => {
    const { signUp } = await mutate(SignUp, { input: { email: `urql-${process.pid}@example.com`, password: 'correct horse battery' } });
    token = signUp.token;
    client = newClient();
    await run(Viewer, {});
    for (const locationId of places) {
      favorites.push((await mutate(AddFavorite, { input: { locationId } })).addFavorite.favorite.id);
      await expectCacheRight(Viewer, {});
    }
    await mutate(MoveFavorite, { id: favorites[2]!, position: 0 });
    await expectCacheRight(Viewer, {});
    await mutate(RemoveFavorite, { id: favorites[0]! });
    await expectCacheRight(Viewer, {});
    expect(client.readQuery(Viewer, {})!.data!.me!.favorites.map((f) => f.id)).toEqual([favorites[2], favorites[1]]);
  });

  it('shows new preferences at once, and keeps one entry per explicit unit', async () => {
    await mutate(UpdatePreferences, { input: { temperatureUnit: 'FAHRENHEIT', windSpeedUnit: 'MS' } });
    await expectCacheRight(Viewer, {});
    await run(PlaceForecast, { id: places[0]!, ...metric });
    await run(PlaceForecast, { id: places[0]!, temperatureUnit: 'FAHRENHEIT' });
    await expectCacheRight(PlaceForecast, { id: places[0]!, temperatureUnit: 'FAHRENHEIT' });
    await expectCacheRight(PlaceForecast, { id: places[0]!, ...metric });
  });

  it('forgets the person on log-out', async () => {
    await mutate(LogOut, {});
    token = null;
    client = newClient();
    expect((await run(Viewer, {})).me).toBeNull();
    await expectCacheRight(Viewer, {});
  });
});
