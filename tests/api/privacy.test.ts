import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { accounts, sessions } from '../../db/schema.js';
import { hashToken, newToken } from '../../src/accounts/tokens.js';
import { ADD, placeIds, signUp } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST_NOW } from '../support/template.js';
import { eq } from 'drizzle-orm';

/**
 * Every field and mutation that touches account data, tried with every credential that is not
 * the owner's: what comes back is nothing of the owner's, and where an id is involved, exactly
 * what a missing id gets.
 */
let server: TestServer;
let ana: Awaited<ReturnType<typeof signUp>>;
let anaFavorite: string;
let places: string[];
const credentials: Record<string, () => Promise<string | undefined>> = {};
const MISSING_ACCOUNT = Buffer.from('Account:999999').toString('base64url');
const MISSING_FAVORITE = Buffer.from('Favorite:999999').toString('base64url');

beforeAll(async () => {
  server = await startTestServer();
  ana = await signUp(server, 'owner');
  places = await placeIds(server, 'search: "ber"', 3);
  anaFavorite = (await server.gql(ADD, { input: { locationId: places[0], label: 'Ana home' } }, { token: ana.token })).body.data.addFavorite
    .favorite.id;
  const revoked = await signUp(server, 'revoked');
  await server.gql('mutation { logOut }', undefined, { token: revoked.token });
  // A session that expired a minute ago, of Ana's own account.
  const expired = newToken();
  const now = Date.parse(TEST_NOW) / 1000;
  const [row] = await server.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, ana.email));
  await server.database.db
    .insert(sessions)
    .values({ accountId: row!.id, tokenHash: hashToken(expired), createdAt: now - 86_400, expiresAt: now - 60 });
  Object.assign(credentials, {
    'no token': async () => undefined,
    'a revoked token': async () => revoked.token,
    "an expired token of the owner's": async () => expired,
    // A new person each time: one case logs its token out, another deletes its account.
    "another account's token": async () => (await signUp(server, 'other')).token,
  });
});
afterAll(() => server.stop());

type Res = Awaited<ReturnType<TestServer['gql']>>;
const firstError = (res: Res) => res.body.errors?.[0];

interface Case {
  name: string;
  run: (token: string | undefined) => Promise<Res>;
  /** What a missing id gets, for the cases that name one. */
  missing?: (token: string | undefined) => Promise<Res>;
}

const cases: Case[] = [
  { name: 'me', run: (token) => server.gql('{ me { id email displayName favorites { id label } } }', undefined, { token }) },
  {
    name: 'node(the account)',
    run: (token) => server.gql('query ($id: ID!) { node(id: $id) { id ... on Account { email } } }', { id: ana.id }, { token }),
    missing: (token) => server.gql('query ($id: ID!) { node(id: $id) { id } }', { id: MISSING_ACCOUNT }, { token }),
  },
  {
    name: 'node(a favorite)',
    run: (token) => server.gql('query ($id: ID!) { node(id: $id) { id ... on Favorite { label } } }', { id: anaFavorite }, { token }),
    missing: (token) => server.gql('query ($id: ID!) { node(id: $id) { id } }', { id: MISSING_FAVORITE }, { token }),
  },
  {
    name: 'removeFavorite',
    run: (token) => server.gql('mutation ($id: ID!) { removeFavorite(id: $id) { removedFavoriteId } }', { id: anaFavorite }, { token }),
    missing: (token) =>
      server.gql('mutation ($id: ID!) { removeFavorite(id: $id) { removedFavoriteId } }', { id: MISSING_FAVORITE }, { token }),
  },
  {
    name: 'moveFavorite',
    run: (token) =>
      server.gql(
        'mutation ($id: ID!) { moveFavorite(id: $id, position: 0) { account { favorites { id label } } } }',
        { id: anaFavorite },
        { token },
      ),
    missing: (token) =>
      server.gql(
        'mutation ($id: ID!) { moveFavorite(id: $id, position: 0) { account { favorites { id } } } }',
        { id: MISSING_FAVORITE },
        { token },
      ),
  },
  { name: 'addFavorite', run: (token) => server.gql(ADD, { input: { locationId: places[1], label: 'intruder' } }, { token }) },
  {
    name: 'updatePreferences',
    run: (token) =>
      server.gql('mutation { updatePreferences(input: { temperatureUnit: FAHRENHEIT }) { preferences { temperatureUnit } } }', undefined, {
        token,
      }),
  },
  { name: 'logOut', run: (token) => server.gql('mutation { logOut }', undefined, { token }) },
  {
    name: 'deleteAccount',
    run: (token) => server.gql('mutation ($p: String!) { deleteAccount(password: $p) }', { p: ana.password }, { token }),
  },
];

const NAMES = ['no token', 'a revoked token', "an expired token of the owner's", "another account's token"];

describe.each(cases)('$name', ({ name, run, missing }) => {
  it.each(NAMES)('with %s reveals and changes nothing of the owner', async (credential) => {
    const token = await credentials[credential]!();
    const res = await run(token);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(ana.email);
    expect(text).not.toContain('Ana home');
    const error = firstError(res);
    if (missing) {
      // Exactly what a missing id gets: same status, code and message but for the id.
      const absent = await missing(token);
      const absentError = firstError(absent);
      expect(error).toBeDefined();
      expect({ status: res.status, code: error?.extensions?.code }).toEqual({ status: absent.status, code: absentError?.extensions?.code });
      expect(error!.message.replace(/"[^"]*"/g, 'ID')).toBe(absentError!.message.replace(/"[^"]*"/g, 'ID'));
    } else if (credential === 'no token' && name === 'me') {
      expect(res.body).toEqual({ data: { me: null } });
    } else if (credential !== "another account's token") {
      expect(error?.extensions?.code).toBe('UNAUTHENTICATED');
    } else if (name === 'deleteAccount') {
      // The test people share one password: the token's own account goes, never the owner's.
      expect(res.body.data).toEqual({ deleteAccount: true });
    }
    // Whatever was sent, the owner's account is as it was.
    const mine = await server.gql('{ me { email preferences { temperatureUnit } favorites { id label position } } }', undefined, {
      token: ana.token,
    });
    expect(mine.body.data.me).toEqual({
      email: ana.email,
      preferences: { temperatureUnit: 'CELSIUS' },
      favorites: [{ id: anaFavorite, label: 'Ana home', position: 0 }],
    });
  });
});
