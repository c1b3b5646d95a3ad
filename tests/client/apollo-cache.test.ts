/**
 * Apollo Client's normalized cache against the real server, in Node: the example client (with
 * its type policies and its rule for log-in and log-out) goes through search → near search → log
 * in → add, move, remove favorites → change preferences → log out, and after every step what the
 * cache answers must equal what a fresh query answers. No step has update code of its own: each
 * mutation's payload is all the cache gets. Apollo's own warnings ("Cache data may be lost …")
 * fail the test too.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { forgetEverything, refetchAfterUnitChange } from '../../examples/web-client/src/cache-policies.js';
import { createClient } from '../../examples/web-client/src/client.js';
import { LogOut, SignUp, UpdatePreferences, Viewer } from '../../examples/web-client/src/operations/account.js';
import { AddFavorite, MoveFavorite, RemoveFavorite } from '../../examples/web-client/src/operations/favorites.js';
import { NearbyPlaces, PlaceForecast, SearchPlaces } from '../../examples/web-client/src/operations/places.js';
import { createSession, type Session } from '../../examples/web-client/src/session.js';
import { gql } from '@apollo/client';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let session: Session;
// The example's own Apollo Client (its package's copy), as the page uses it.
let client: ReturnType<typeof createClient>;
const warnings: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  session = createSession();
  client = createClient({ apiUrl: server.url, documents: 'text', session });
  for (const method of ['warn', 'error'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
  }
});
afterAll(async () => {
  jest.restoreAllMocks();
  await client?.stop();
  await server?.stop();
});

/** What a client with an empty cache and the same token is answered now. */
async function fresh<T, V extends OperationVariables>(query: TypedDocumentNode<T, V>, variables?: V): Promise<T> {
  const token = session.token();
  const clean = createClient({ apiUrl: server.url, documents: 'text', session: { token: () => token, set: () => {} } });
  try {
    const result = await clean.query({ query, variables: variables as V, fetchPolicy: 'no-cache' });
    return result.data as T;
  } finally {
    clean.stop();
  }
}

/** The cache answers `query` by itself, and exactly as the server does now. */
async function expectCacheRight<T, V extends OperationVariables>(query: TypedDocumentNode<T, V>, variables?: V): Promise<void> {
  const cached = client.readQuery({ query, variables: variables as V });
  expect(cached).not.toBeNull();
  expect(cached).toEqual(await fresh(query, variables));
  expect(warnings).toEqual([]);
}

const PARIS = { latitude: 48.8566, longitude: 2.3522, radiusKm: 20 };
const LA_DEFENSE = { latitude: 48.8918, longitude: 2.2385, radiusKm: 20 };
const metric = { temperatureUnit: 'CELSIUS' } as const;

describe('Apollo Client with the example client’s cache', () => {
  let places: string[] = [];

  it('keeps search pages and a place’s forecast, queried in any order', async () => {
    const paris = await client.query({ query: SearchPlaces, variables: { search: 'Paris', first: 3, ...metric } });
    places = paris.data!.locations.edges.map((edge) => edge.node.id);
    await client.query({ query: SearchPlaces, variables: { search: 'Lyon', first: 3, ...metric } });
    // The forecast selects more of `current` than the search did, for the same hour.
    await client.query({ query: PlaceForecast, variables: { id: places[0]!, ...metric } });
    // Back to the list, refreshed: less of the same `current` must not drop what the forecast holds.
    await client.query({ query: SearchPlaces, variables: { search: 'Paris', first: 3, ...metric }, fetchPolicy: 'network-only' });
    await expectCacheRight(SearchPlaces, { search: 'Paris', first: 3, ...metric });
    await expectCacheRight(SearchPlaces, { search: 'Lyon', first: 3, ...metric });
    await expectCacheRight(PlaceForecast, { id: places[0]!, ...metric });
  });

  it('keeps each near search’s own distances', async () => {
    await client.query({ query: NearbyPlaces, variables: { near: PARIS, first: 5, ...metric } });
    await client.query({ query: NearbyPlaces, variables: { near: LA_DEFENSE, first: 5, ...metric } });
    await expectCacheRight(NearbyPlaces, { near: PARIS, first: 5, ...metric });
    await expectCacheRight(NearbyPlaces, { near: LA_DEFENSE, first: 5, ...metric });
  });

  it('forgets the anonymous answers on sign-up and shows the new person', async () => {
    await client.query({ query: Viewer });
    const { data } = await client.mutate({
      mutation: SignUp,
      variables: { input: { email: `apollo-${process.pid}@example.com`, password: 'correct horse battery' } },
    });
    session.set(data!.signUp.token);
    await forgetEverything(client);
    expect(client.readQuery({ query: Viewer })).toBeNull();
    await client.query({ query: Viewer });
    await expectCacheRight(Viewer);
  });

  it('applies add, move and remove from their payloads alone', async () => {
    const [first, second, third] = places as [string, string, string];
    const added: string[] = [];
    for (const locationId of [first, second, third]) {
      const { data } = await client.mutate({ mutation: AddFavorite, variables: { input: { locationId } } });
      added.push(data!.addFavorite.favorite.id);
      await expectCacheRight(Viewer);
    }
    await client.mutate({ mutation: MoveFavorite, variables: { id: added[2]!, position: 0 } });
    await expectCacheRight(Viewer);
    expect(client.readQuery({ query: Viewer })!.me!.favorites.map((f) => f.id)).toEqual([added[2], added[0], added[1]]);
    await client.mutate({ mutation: RemoveFavorite, variables: { id: added[0]! } });
    await expectCacheRight(Viewer);
    expect(client.readQuery({ query: Viewer })!.me!.favorites.map((f) => f.position)).toEqual([0, 1]);
  });

  it('shows new preferences at once, and new units where the client asks for them', async () => {
    // A field without a `unit` argument, as an app that relies on preferences asks it.
    const Current = gql`
      query CurrentInPreferredUnits($id: ID!) {
        location(id: $id) {
          id
          current {
            time
            temperature
          }
        }
      }
    ` as TypedDocumentNode<{ location: { id: string; current: { time: string; temperature: number } } }, { id: string }>;
    const watched = client.watchQuery({ query: Current, variables: { id: places[0]! } }).subscribe(() => {});
    try {
      await client.query({ query: Current, variables: { id: places[0]! } });
      await client.mutate({ mutation: UpdatePreferences, variables: { input: { temperatureUnit: 'FAHRENHEIT' } } });
      await expectCacheRight(Viewer);
      expect(client.readQuery({ query: Viewer })!.me!.preferences.temperatureUnit).toBe('FAHRENHEIT');

      // What was cached in Celsius is stale now: that is why the rule exists.
      const celsius = client.readQuery({ query: Current, variables: { id: places[0]! } })!;
      const fahrenheit = await fresh(Current, { id: places[0]! });
      expect(fahrenheit.location.current.temperature).toBeCloseTo((celsius.location.current.temperature * 9) / 5 + 32, 0);
      await refetchAfterUnitChange(client);
      await expectCacheRight(Current, { id: places[0]! });

      // Explicit units need no refetch: each unit is its own cache entry.
      await client.query({ query: PlaceForecast, variables: { id: places[0]!, ...metric } });
      await client.query({ query: PlaceForecast, variables: { id: places[0]!, temperatureUnit: 'FAHRENHEIT' } });
      await expectCacheRight(PlaceForecast, { id: places[0]!, temperatureUnit: 'FAHRENHEIT' });
      await expectCacheRight(PlaceForecast, { id: places[0]!, ...metric });
    } finally {
      watched.unsubscribe();
    }
  });

  it('forgets the person on log-out', async () => {
    await client.mutate({ mutation: LogOut });
    session.set(null);
    await forgetEverything(client);
    await client.query({ query: Viewer });
    expect(client.readQuery({ query: Viewer })!.me).toBeNull();
    await expectCacheRight(Viewer);
  });
});
