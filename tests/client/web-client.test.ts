/**
 * The example web client (examples/web-client) against a real server: its generated operations
 * and its Apollo Client setup, where each mutation's answer alone keeps the watched saved places
 * right (no refetch), sending the document text as in development, or only the persisted
 * document ids to a server that runs only the client's persisted-documents.json.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createClient } from '../../examples/web-client/src/client.js';
import { SignUp, UpdatePreferences, Viewer } from '../../examples/web-client/src/operations/account.js';
import { AddFavorite, MoveFavorite, RemoveFavorite } from '../../examples/web-client/src/operations/favorites.js';
import { SearchPlaces } from '../../examples/web-client/src/operations/places.js';
import { createSession } from '../../examples/web-client/src/session.js';
import { startTestServer, type TestServer } from '../support/server.js';

const manifest = 'examples/web-client/src/gql/persisted-documents.json';
const persisted: Record<string, string> = JSON.parse(readFileSync(manifest, 'utf8'));

// One server as in development, one that runs only the example's documents (TRUSTED_DOCUMENTS).
let open: TestServer;
let trusted: TestServer;
beforeAll(async () => {
  [open, trusted] = await Promise.all([startTestServer(), startTestServer({ config: { trustedDocumentsPath: manifest } })]);
});
afterAll(() => Promise.all([open.stop(), trusted.stop()]));

type Body = { query?: string; documentId?: string; operationName?: string; variables?: unknown; extensions?: unknown };

/** A fetch that records the body of every request the client sends. */
function recordingFetch() {
  const sent: Body[] = [];
  const send: typeof fetch = (input, init) => {
    sent.push(JSON.parse(String(init?.body)) as Body);
    return fetch(input, init);
  };
  return { send, sent, count: (operationName: string) => sent.filter((body) => body.operationName === operationName).length };
}

/** Signs up through the client, watches the viewer, and searches three places to save. */
async function loggedInClient(documents: 'text' | 'id') {
  const server = documents === 'id' ? trusted : open;
  const recorder = recordingFetch();
  const session = createSession();
  const client = createClient({ apiUrl: server.url, documents, session, fetch: recorder.send });
  const email = `web-client-${documents}-${process.pid}@example.com`;
  const { data } = await client.mutate({ mutation: SignUp, variables: { input: { email, password: 'a long passphrase' } } });
  session.set(data!.signUp.token);
  await client.resetStore();

  const viewer = client.watchQuery({ query: Viewer });
  let subscription: { unsubscribe(): void } | undefined;
  await new Promise<void>((loaded) => (subscription = viewer.subscribe((result) => result.dataState === 'complete' && loaded())));
  const favorites = () => {
    const result = viewer.getCurrentResult();
    if (result.dataState !== 'complete') throw new Error(`the viewer is ${result.dataState}, not complete`);
    return result.data.me!.favorites.map((favorite) => ({ position: favorite.position, place: favorite.location.id }));
  };
  const places = (await client.query({ query: SearchPlaces, variables: { search: 'berl', first: 3 } })).data!.locations.edges.map(
    (edge) => edge.node.id,
  );
  expect(places).toHaveLength(3);
  return { client, viewer, favorites, places, recorder, stop: () => subscription?.unsubscribe() };
}

describe('the example web client, sending document text', () => {
  it('keeps the watched saved places in the server order through add, move and remove, without refetching them', async () => {
    const { client, viewer, favorites, places, recorder, stop } = await loggedInClient('text');
    const [a, b, c] = places as [string, string, string];
    const viewerRequests = recorder.count('Viewer');

    const added = [];
    for (const locationId of places) {
      added.push((await client.mutate({ mutation: AddFavorite, variables: { input: { locationId } } })).data!.addFavorite.favorite.id);
    }
    expect(favorites()).toEqual([
      { position: 0, place: a },
      { position: 1, place: b },
      { position: 2, place: c },
    ]);

    await client.mutate({ mutation: MoveFavorite, variables: { id: added[2]!, position: 0 } });
    expect(favorites()).toEqual([
      { position: 0, place: c },
      { position: 1, place: a },
      { position: 2, place: b },
    ]);

    const { data } = await client.mutate({ mutation: RemoveFavorite, variables: { id: added[0]! } });
    expect(data!.removeFavorite.removedFavoriteId).toBe(added[0]);
    expect(favorites()).toEqual([
      { position: 0, place: c },
      { position: 1, place: b },
    ]);

    await client.mutate({ mutation: UpdatePreferences, variables: { input: { temperatureUnit: 'FAHRENHEIT' } } });
    const result = viewer.getCurrentResult();
    expect(result.dataState === 'complete' && result.data.me?.preferences.temperatureUnit).toBe('FAHRENHEIT');

    // Every change above reached the watched list through its mutation's answer alone.
    expect(recorder.count('Viewer')).toBe(viewerRequests);
    expect(recorder.sent.every((body) => typeof body.query === 'string' && body.documentId === undefined)).toBe(true);
    stop();
  });
});

describe('the example web client, sending persisted document ids', () => {
  it('works against a server that runs only its persisted documents, sending ids alone, and stays normalized', async () => {
    const { client, favorites, places, recorder, stop } = await loggedInClient('id');
    const viewerRequests = recorder.count('Viewer');

    await client.mutate({ mutation: AddFavorite, variables: { input: { locationId: places[1]! } } });
    expect(favorites()).toEqual([{ position: 0, place: places[1] }]);
    expect(recorder.count('Viewer')).toBe(viewerRequests);

    expect(recorder.sent.map((body) => body.operationName)).toEqual(['SignUp', 'Viewer', 'SearchPlaces', 'AddFavorite']);
    for (const body of recorder.sent) {
      expect(body.query).toBeUndefined();
      expect(Object.keys(persisted)).toContain(body.documentId);
      expect(persisted[body.documentId!]).toContain(`${body.operationName}`);
    }
    stop();
  });

  it('is needed there: the same client sending document text is refused', async () => {
    const client = createClient({ apiUrl: trusted.url, documents: 'text', session: createSession() });
    const error = await client.query({ query: SearchPlaces, variables: { search: 'berl' } }).then(
      () => undefined,
      (error: { errors?: { extensions?: { code?: unknown } }[] }) => error,
    );
    expect(error?.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });
});
