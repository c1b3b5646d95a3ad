import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { accounts, favorites, sessions } from '../../db/schema.js';
import { ADD, placeIds, signUp } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
// The address limit is high here: every test logs in from 127.0.0.1; one test below sets its own.
beforeAll(async () => (server = await startTestServer({ config: { loginFailuresPerEmail: 3, loginFailuresPerAddress: 100 } })));
afterAll(() => server.stop());

const SIGN_UP =
  'mutation ($input: SignUpInput!) { signUp(input: $input) { token expiresAt account { id email displayName preferences { temperatureUnit } } } }';
const LOG_IN = 'mutation ($input: LogInInput!) { logIn(input: $input) { token account { email } } }';
const code = (res: { body: { errors?: readonly { extensions?: Record<string, unknown> }[] } }) => res.body.errors?.[0]?.extensions?.code;

describe('the journey of a new user', () => {
  it('signs up, saves places, reorders, switches units, logs out and finds everything again', async () => {
    const email = `Journey-${process.pid}@Example.com`;
    const password = 'a long enough password';
    const signed = await server.gql(SIGN_UP, { input: { email: `  ${email} `, password, displayName: 'Ana' } });
    expect(signed.body.errors).toBeUndefined();
    const { token, account } = signed.body.data.signUp;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(account).toMatchObject({ email: email.toLowerCase(), displayName: 'Ana', preferences: { temperatureUnit: 'CELSIUS' } });

    // Search and save three places.
    const [berlin] = await placeIds(server, 'search: "berlin", countryCode: "DE"', 1);
    const [lisbon] = await placeIds(server, 'search: "lisbon"', 1);
    const [reykjavik] = await placeIds(server, 'search: "reykjavik"', 1);
    for (const [locationId, label] of [
      [berlin, 'Home'],
      [lisbon, null],
      [reykjavik, 'Trip'],
    ] as const) {
      const added = await server.gql(ADD, { input: { locationId, label } }, { token });
      expect(added.body.errors).toBeUndefined();
    }

    const list = async (authToken: string) =>
      (
        await server.gql(
          '{ me { favorites { id label position location { name current { temperature } daily(days: 7) { temperatureMax } } } } }',
          {},
          { token: authToken },
        )
      ).body.data.me.favorites;
    let saved = await list(token);
    expect(saved.map((f: { location: { name: string } }) => f.location.name)).toEqual(['Berlin', 'Lisbon', 'Reykjavík']);
    expect(saved.map((f: { position: number }) => f.position)).toEqual([0, 1, 2]);

    // Reykjavík to the top.
    const moved = await server.gql(
      'mutation ($id: ID!) { moveFavorite(id: $id, position: 0) { account { favorites { position label location { name } } } } }',
      { id: saved[2].id },
      { token },
    );
    expect(moved.body.data.moveFavorite.account.favorites).toEqual([
      { position: 0, label: 'Trip', location: { name: 'Reykjavík' } },
      { position: 1, label: 'Home', location: { name: 'Berlin' } },
      { position: 2, label: null, location: { name: 'Lisbon' } },
    ]);

    // Fahrenheit: every temperature changes, under favorites and under locations alike.
    const celsius = await list(token);
    const prefs = await server.gql(
      'mutation { updatePreferences(input: { temperatureUnit: FAHRENHEIT }) { preferences { temperatureUnit windSpeedUnit precipitationUnit } } }',
      {},
      { token },
    );
    expect(prefs.body.data.updatePreferences.preferences).toEqual({
      temperatureUnit: 'FAHRENHEIT',
      windSpeedUnit: 'KMH',
      precipitationUnit: 'MM',
    });
    const fahrenheit = await list(token);
    celsius.forEach((favorite: any, i: number) => {
      expect(fahrenheit[i].location.current.temperature).toBeCloseTo((favorite.location.current.temperature * 9) / 5 + 32, 0);
      favorite.location.daily.forEach((day: { temperatureMax: number }, d: number) =>
        expect(fahrenheit[i].location.daily[d].temperatureMax).toBeCloseTo((day.temperatureMax * 9) / 5 + 32, 0),
      );
    });
    const q = '{ locations(search: "lisbon", first: 1) { nodes { current { temperature celsius: temperature(unit: CELSIUS) } } } }';
    const viaLocations = (await server.gql(q, {}, { token })).body.data.locations.nodes[0].current;
    expect(viaLocations.temperature).toBeCloseTo((viaLocations.celsius * 9) / 5 + 32, 0);
    const anonymous = (await server.gql(q)).body.data.locations.nodes[0].current;
    expect(anonymous.temperature).toBe(anonymous.celsius);

    // Log out: the token stops working.
    expect((await server.gql('mutation { logOut }', {}, { token })).body.data.logOut).toBe(true);
    expect(code(await server.gql('{ me { email } }', {}, { token }))).toBe('UNAUTHENTICATED');

    // Log in again (any case): everything is still there.
    const again = await server.gql(LOG_IN, { input: { email: email.toUpperCase(), password } });
    const token2 = again.body.data.logIn.token;
    expect(token2).not.toBe(token);
    const after = await list(token2);
    expect(after.map((f: { location: { name: string } }) => f.location.name)).toEqual(['Reykjavík', 'Berlin', 'Lisbon']);
    const me = await server.gql('{ me { preferences { temperatureUnit } } }', {}, { token: token2 });
    expect(me.body.data.me.preferences.temperatureUnit).toBe('FAHRENHEIT');
  });
});

describe('signing up and logging in', () => {
  it('gives me null without a token', async () => {
    const res = await server.gql('{ me { email } }');
    expect(res.body).toEqual({ data: { me: null } });
  });

  it('refuses a second sign-up with the same email, in any case, without saying more', async () => {
    const { email } = await signUp(server);
    const res = await server.gql(SIGN_UP, { input: { email: email.toUpperCase(), password: 'another password' } });
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0]!.message).not.toMatch(/created|since|name/i);
  });

  it('refuses a short password and a malformed email', async () => {
    expect(code(await server.gql(SIGN_UP, { input: { email: 'short@example.com', password: 'short' } }))).toBe('BAD_USER_INPUT');
    expect(code(await server.gql(SIGN_UP, { input: { email: 'not-an-email', password: 'long enough password' } }))).toBe('BAD_USER_INPUT');
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const { email } = await signUp(server);
    const wrong = await server.gql(LOG_IN, { input: { email, password: 'not the password' } });
    const unknown = await server.gql(LOG_IN, { input: { email: `nobody-${process.pid}@example.com`, password: 'not the password' } });
    expect(code(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.body.errors![0]!.message).toBe(unknown.body.errors![0]!.message);
  });

  it('stores only hashes of passwords and tokens', async () => {
    const { token, email, password } = await signUp(server);
    const row = server.database.db.select().from(accounts).where(eq(accounts.email, email)).get()!;
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(password);
    const tokens = server.database.db.select().from(sessions).where(eq(sessions.accountId, row.id)).all();
    expect(tokens.map((s) => s.tokenHash)).not.toContain(token);
  });

  it('refuses an expired token', async () => {
    const { token } = await signUp(server);
    expect(code(await server.gql('{ me { email } }', {}, { token }))).toBeUndefined();
    server.clock.advance(31 * 86_400_000);
    try {
      expect(code(await server.gql('{ me { email } }', {}, { token }))).toBe('UNAUTHENTICATED');
      expect(code(await server.gql('mutation { logOut }', {}, { token }))).toBe('UNAUTHENTICATED');
    } finally {
      server.clock.advance(-31 * 86_400_000);
    }
  });

  it('refuses a token that was never issued and a header that is not a bearer token', async () => {
    expect(code(await server.gql('{ me { email } }', {}, { token: 'x'.repeat(43) }))).toBe('UNAUTHENTICATED');
    expect(code(await server.gql('{ me { email } }', {}, { headers: { authorization: 'Basic abc' } }))).toBe('UNAUTHENTICATED');
  });

  it('keeps a second token working when the first logs out', async () => {
    const { token, email, password } = await signUp(server);
    const second = (await server.gql(LOG_IN, { input: { email, password } })).body.data.logIn.token;
    await server.gql('mutation { logOut }', {}, { token });
    expect((await server.gql('{ me { email } }', {}, { token: second })).body.data.me.email).toBe(email);
  });
});

describe('the log-in rate limit', () => {
  it('refuses further tries for an email after repeated failures, for a while only', async () => {
    const { email, password } = await signUp(server);
    for (let i = 0; i < 3; i++)
      expect(code(await server.gql(LOG_IN, { input: { email, password: 'wrong password!' } }))).toBe('UNAUTHENTICATED');
    // Now even the right password is refused, and the error says when to come back.
    const limited = await server.gql(LOG_IN, { input: { email, password } });
    expect(code(limited)).toBe('RATE_LIMITED');
    expect(limited.body.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.body.errors![0]!.extensions!.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);

    server.clock.advance(16 * 60_000);
    try {
      expect(code(await server.gql(LOG_IN, { input: { email, password } }))).toBeUndefined();
    } finally {
      server.clock.advance(-16 * 60_000);
    }
  });

  it('refuses a client address that fails across many emails', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.9' };
    const limited = await startTestServer({ config: { loginFailuresPerEmail: 3, loginFailuresPerAddress: 4, trustProxy: 1 } });
    try {
      for (let i = 0; i < 4; i++) {
        const res = await limited.gql(LOG_IN, { input: { email: `guess-${i}@example.com`, password: 'a guessed password' } }, { headers });
        expect(code(res)).toBe('UNAUTHENTICATED');
      }
      const res = await limited.gql(LOG_IN, { input: { email: 'guess-9@example.com', password: 'a guessed password' } }, { headers });
      expect(code(res)).toBe('RATE_LIMITED');
      // Another address is not affected.
      const other = await limited.gql(
        LOG_IN,
        { input: { email: 'guess-9@example.com', password: 'a guessed password' } },
        { headers: { 'x-forwarded-for': '203.0.113.10' } },
      );
      expect(code(other)).toBe('UNAUTHENTICATED');
    } finally {
      await limited.stop();
    }
  });
});

describe('deleting an account', () => {
  it('needs the password, then removes the account, its tokens and its saved places', async () => {
    const { token, email, password } = await signUp(server);
    for (const locationId of await placeIds(server, 'search: "rome"', 2)) await server.gql(ADD, { input: { locationId } }, { token });
    const id = server.database.db.select().from(accounts).where(eq(accounts.email, email)).get()!.id;
    expect(server.database.db.select().from(favorites).where(eq(favorites.accountId, id)).all()).toHaveLength(2);

    const refused = await server.gql('mutation ($p: String!) { deleteAccount(password: $p) }', { p: 'wrong password!' }, { token });
    expect(code(refused)).toBe('FORBIDDEN');
    expect(server.database.db.select().from(accounts).where(eq(accounts.id, id)).get()).toBeDefined();

    const deleted = await server.gql('mutation ($p: String!) { deleteAccount(password: $p) }', { p: password }, { token });
    expect(deleted.body.data.deleteAccount).toBe(true);
    expect(server.database.db.select().from(accounts).where(eq(accounts.id, id)).get()).toBeUndefined();
    expect(server.database.db.select().from(sessions).where(eq(sessions.accountId, id)).all()).toHaveLength(0);
    expect(server.database.db.select().from(favorites).where(eq(favorites.accountId, id)).all()).toHaveLength(0);
    expect(code(await server.gql('{ me { email } }', {}, { token }))).toBe('UNAUTHENTICATED');
    expect(code(await server.gql(LOG_IN, { input: { email, password } }))).toBe('UNAUTHENTICATED');
  });
});
