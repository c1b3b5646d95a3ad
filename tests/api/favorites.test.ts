import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { forecastHours } from '../../db/schema.js';
import { fromGlobalId } from '../../src/ids.js';
import { ADD, placeIds, signUp } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

const code = (res: { body: { errors?: readonly { extensions?: Record<string, unknown> }[] } }) => res.body.errors?.[0]?.extensions?.code;
const LIST = '{ me { favorites { id position location { name } } } }';
const positions = async (token: string) =>
  (await server.gql(LIST, {}, { token })).body.data.me.favorites.map((f: { position: number }) => f.position);

async function saveAll(token: string, ids: string[]) {
  for (const locationId of ids) {
    const res = await server.gql(ADD, { input: { locationId } }, { token });
    expect(res.body.errors).toBeUndefined();
  }
}

describe('saving places', () => {
  it('appends, refuses the same place twice, and keeps positions 0..n-1 when one is removed', async () => {
    const { token } = await signUp(server);
    const ids = await placeIds(server, 'countryCode: "NL"', 4);
    await saveAll(token, ids);
    expect(await positions(token)).toEqual([0, 1, 2, 3]);

    expect(code(await server.gql(ADD, { input: { locationId: ids[1] } }, { token }))).toBe('BAD_USER_INPUT');

    const { favorites } = (await server.gql(LIST, {}, { token })).body.data.me;
    expect(
      (await server.gql('mutation ($id: ID!) { removeFavorite(id: $id) { removedFavoriteId } }', { id: favorites[1].id }, { token })).body
        .data.removeFavorite.removedFavoriteId,
    ).toBe(favorites[1].id);
    const after = (await server.gql(LIST, {}, { token })).body.data.me.favorites;
    expect(after.map((f: { position: number }) => f.position)).toEqual([0, 1, 2]);
    expect(after.map((f: { id: string }) => f.id)).toEqual([favorites[0].id, favorites[2].id, favorites[3].id]);
  });

  it('moves a place down and up and returns the whole new order', async () => {
    const { token } = await signUp(server);
    await saveAll(token, await placeIds(server, 'countryCode: "BE"', 5));
    const before = (await server.gql(LIST, {}, { token })).body.data.me.favorites.map((f: { id: string }) => f.id);
    const move = async (id: string, position: number) =>
      (
        await server.gql(
          'mutation ($id: ID!, $p: Int!) { moveFavorite(id: $id, position: $p) { account { favorites { id position } } } }',
          { id, p: position },
          { token },
        )
      ).body.data.moveFavorite.account.favorites;

    const down = await move(before[0], 3);
    expect(down.map((f: { id: string }) => f.id)).toEqual([before[1], before[2], before[3], before[0], before[4]]);
    expect(down.map((f: { position: number }) => f.position)).toEqual([0, 1, 2, 3, 4]);
    const up = await move(before[4], 0);
    expect(up.map((f: { id: string }) => f.id)).toEqual([before[4], before[1], before[2], before[3], before[0]]);
    expect(await move(before[2], 2)).toHaveLength(5);
  });

  it('refuses a position outside 0..n-1', async () => {
    const { token } = await signUp(server);
    await saveAll(token, await placeIds(server, 'countryCode: "DK"', 2));
    const { favorites } = (await server.gql(LIST, {}, { token })).body.data.me;
    for (const position of [-1, 2]) {
      const res = await server.gql(
        'mutation ($id: ID!, $p: Int!) { moveFavorite(id: $id, position: $p) { account { favorites { id } } } }',
        { id: favorites[0].id, p: position },
        { token },
      );
      expect(code(res)).toBe('BAD_USER_INPUT');
    }
    expect(await positions(token)).toEqual([0, 1]);
  });

  it('gives 20 concurrent additions positions 0..19', async () => {
    const { token } = await signUp(server);
    const ids = await placeIds(server, 'countryCode: "AT"', 20);
    const results = await Promise.all(ids.map((locationId) => server.gql(ADD, { input: { locationId } }, { token })));
    for (const res of results) expect(res.body.errors).toBeUndefined();
    expect(results.map((r) => r.body.data.addFavorite.favorite.position).sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(await positions(token)).toEqual([...Array(20).keys()]);
  });

  it('caps how many places one account may save', async () => {
    const capped = await startTestServer({ config: { maxFavorites: 3 } });
    try {
      const { token } = await signUp(capped);
      const ids = await placeIds(capped, 'countryCode: "CH"', 4);
      for (const locationId of ids.slice(0, 3)) expect(code(await capped.gql(ADD, { input: { locationId } }, { token }))).toBeUndefined();
      const res = await capped.gql(ADD, { input: { locationId: ids[3] } }, { token });
      expect(code(res)).toBe('BAD_USER_INPUT');
      expect(res.body.errors![0]!.message).toMatch(/at most 3/);
    } finally {
      await capped.stop();
    }
  });

  it('fills the forecast of a place as it is saved', async () => {
    const { token } = await signUp(server);
    const [id] = await placeIds(server, 'countryCode: "FO"', 1);
    const key = fromGlobalId(id!)!.key;
    const stored = () => server.database.db.select().from(forecastHours).where(eq(forecastHours.locationId, key)).all().length;
    expect(stored()).toBe(0);
    await saveAll(token, [id!]);
    expect(stored()).toBeGreaterThan(0);
  });

  it('needs a logged-in person', async () => {
    const [locationId] = await placeIds(server, 'search: "oslo"', 1);
    expect(code(await server.gql(ADD, { input: { locationId } }))).toBe('UNAUTHENTICATED');
  });
});

describe('privacy', () => {
  it('answers another person’s favorite and account as NOT_FOUND, on every path', async () => {
    const owner = await signUp(server, 'owner');
    const other = await signUp(server, 'other');
    await saveAll(owner.token, await placeIds(server, 'countryCode: "SE"', 2));
    await saveAll(other.token, await placeIds(server, 'countryCode: "FI"', 1));
    const [theirs] = (await server.gql(LIST, {}, { token: owner.token })).body.data.me.favorites;

    const node = '... on Favorite { label position } ... on Account { email }';
    const asOther = (query: string, variables: Record<string, unknown>) => server.gql(query, variables, { token: other.token });
    expect(code(await asOther(`query ($id: ID!) { node(id: $id) { id ${node} } }`, { id: theirs.id }))).toBe('NOT_FOUND');
    expect(code(await asOther(`query ($id: ID!) { node(id: $id) { id ${node} } }`, { id: owner.id }))).toBe('NOT_FOUND');
    expect(
      code(await asOther('mutation ($id: ID!) { moveFavorite(id: $id, position: 0) { account { favorites { id } } } }', { id: theirs.id })),
    ).toBe('NOT_FOUND');
    expect(code(await asOther('mutation ($id: ID!) { removeFavorite(id: $id) { removedFavoriteId } }', { id: theirs.id }))).toBe(
      'NOT_FOUND',
    );
    // Without any token, too.
    expect(code(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: theirs.id }))).toBe('NOT_FOUND');
    // A favorite id that does not exist at all gets the very same answer.
    const missing = Buffer.from('Favorite:999999').toString('base64url');
    const a = await asOther('mutation ($id: ID!) { removeFavorite(id: $id) { removedFavoriteId } }', { id: missing });
    const b = await asOther('mutation ($id: ID!) { removeFavorite(id: $id) { removedFavoriteId } }', { id: theirs.id });
    expect(a.body.errors![0]!.message.replace(missing, 'X')).toBe(b.body.errors![0]!.message.replace(theirs.id, 'X'));

    // The owner still has both, untouched, and sees their own through node().
    expect(await positions(owner.token)).toEqual([0, 1]);
    const own = await server.gql(`query ($id: ID!) { node(id: $id) { id ${node} } }`, { id: theirs.id }, { token: owner.token });
    expect(own.body.data.node).toEqual({ id: theirs.id, label: null, position: 0 });
    const me = await server.gql(`query ($id: ID!) { node(id: $id) { ${node} } }`, { id: owner.id }, { token: owner.token });
    expect(me.body.data.node.email).toBe(owner.email);
  });
});

describe('mutation payloads', () => {
  const LIST_FIELDS = 'account { id favorites { id position location { name } } }';

  it('return the changed favorite and the account with its list as it now is', async () => {
    const { token, id: accountId } = await signUp(server);
    const ids = await placeIds(server, 'countryCode: "AT"', 3);
    const added = [];
    for (const locationId of ids) {
      const res = await server.gql(
        `mutation ($input: AddFavoriteInput!) { addFavorite(input: $input) { favorite { id position } ${LIST_FIELDS} } }`,
        { input: { locationId } },
        { token },
      );
      const payload = res.body.data.addFavorite;
      expect(payload.account.id).toBe(accountId);
      // The new one is last, and the list holds it: a cache that takes the list is right.
      expect(payload.favorite.position).toBe(added.length);
      added.push(payload.favorite.id);
      expect(payload.account.favorites.map((f: { id: string }) => f.id)).toEqual(added);
    }

    const moved = (
      await server.gql(
        `mutation ($id: ID!) { moveFavorite(id: $id, position: 0) { favorite { id position } ${LIST_FIELDS} } }`,
        { id: added[2] },
        { token },
      )
    ).body.data.moveFavorite;
    expect(moved.favorite).toEqual({ id: added[2], position: 0 });
    expect(moved.account.favorites.map((f: { id: string }) => f.id)).toEqual([added[2], added[0], added[1]]);

    const removed = (
      await server.gql(`mutation ($id: ID!) { removeFavorite(id: $id) { removedFavoriteId ${LIST_FIELDS} } }`, { id: added[0] }, { token })
    ).body.data.removeFavorite;
    expect(removed.removedFavoriteId).toBe(added[0]);
    expect(removed.account.favorites.map((f: { id: string; position: number }) => [f.id, f.position])).toEqual([
      [added[2], 0],
      [added[1], 1],
    ]);
    expect(removed.account.favorites).toEqual((await server.gql(LIST, {}, { token })).body.data.me.favorites);
  });

  it('show each aliased change of one request on the list of the change before it', async () => {
    const { token } = await signUp(server);
    const [a, b] = await placeIds(server, 'countryCode: "CH"', 2);
    const res = await server.gql(
      `mutation ($a: ID!, $b: ID!) {
        first: addFavorite(input: { locationId: $a }) { account { favorites { location { id } } } }
        second: addFavorite(input: { locationId: $b }) { account { favorites { location { id } } } }
        prefs: updatePreferences(input: { temperatureUnit: FAHRENHEIT }) { preferences { temperatureUnit } }
      }`,
      { a, b },
      { token },
    );
    expect(res.body.errors).toBeUndefined();
    const placesOf = (payload: { account: { favorites: { location: { id: string } }[] } }) =>
      payload.account.favorites.map((f) => f.location.id);
    // A loader that kept the first list would show one place in the second payload.
    expect(placesOf(res.body.data.first)).toEqual([a]);
    expect(placesOf(res.body.data.second)).toEqual([a, b]);
    expect(res.body.data.prefs.preferences.temperatureUnit).toBe('FAHRENHEIT');
  });

  it('answer a later payload of the same request with the preferences just changed', async () => {
    const { token } = await signUp(server);
    const [place] = await placeIds(server, 'countryCode: "DK"', 1);
    const res = await server.gql(
      `mutation ($id: ID!) {
        updatePreferences(input: { windSpeedUnit: KNOTS }) { id preferences { windSpeedUnit } }
        addFavorite(input: { locationId: $id }) { account { preferences { windSpeedUnit temperatureUnit } } }
      }`,
      { id: place },
      { token },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updatePreferences.preferences.windSpeedUnit).toBe('KNOTS');
    expect(res.body.data.addFavorite.account.preferences).toEqual({ windSpeedUnit: 'KNOTS', temperatureUnit: 'CELSIUS' });
  });
});

describe('batching', () => {
  it('runs as many SQL statements for 20 favorites as for 2', async () => {
    const query = '{ me { favorites { location { current { temperature } daily(days: 7) { temperatureMax } } } } }';
    const count = async (n: number) => {
      const { token } = await signUp(server);
      await saveAll(token, await placeIds(server, 'countryCode: "NO"', n));
      server.statements.reset();
      const res = await server.gql(query, {}, { token });
      expect(res.body.data.me.favorites).toHaveLength(n);
      return server.statements.count;
    };
    const two = await count(2);
    const twenty = await count(20);
    expect(twenty).toBe(two);
    // The viewer, the favorites with their places, the current hours, the days.
    expect(twenty).toBeLessThanOrEqual(4);
  });
});
