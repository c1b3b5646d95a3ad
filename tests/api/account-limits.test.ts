import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { like } from 'drizzle-orm';
import { accounts } from '../../db/schema.js';
import { signUp } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/server.js';

const LOG_IN = 'mutation ($input: LogInInput!) { logIn(input: $input) { token } }';
const SIGN_UP = 'mutation ($input: SignUpInput!) { signUp(input: $input) { token } }';
type Res = Awaited<ReturnType<TestServer['gql']>>;
const code = (res: Res) => res.body.errors?.[0]?.extensions?.code;
const tally = (responses: Res[]) => {
  const counts: Record<string, number> = {};
  for (const res of responses) {
    const key = String(code(res) ?? 'ok');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

describe('the log-in limit under concurrency', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ config: { loginFailuresPerEmail: 5, loginFailuresPerAddress: 20 } })));
  afterAll(() => server.stop());

  it('evaluates at most the limit of 200 concurrent guesses for one email, and not the right one among them', async () => {
    const { email, password } = await signUp(server, 'target');
    const guesses = Array.from({ length: 200 }, (_, i) => (i === 100 ? password : `wrong guess ${i}`));
    const responses = await Promise.all(guesses.map((guess) => server.gql(LOG_IN, { input: { email, password: guess } })));
    // Only 5 were checked (all wrong, or 4 wrong and the right one if it came early); the rest,
    // the right password among them, were refused before any hash.
    const counts = tally(responses);
    expect((counts.UNAUTHENTICATED ?? 0) + (counts.ok ?? 0)).toBeLessThanOrEqual(5);
    expect(counts.RATE_LIMITED).toBeGreaterThanOrEqual(195);
    expect(code(responses[100]!)).toBe('RATE_LIMITED');
  });

  it('evaluates at most the limit of 60 concurrent guesses from one address across emails', async () => {
    const headers = { 'x-forwarded-for': '198.51.100.60' };
    const limited = await startTestServer({ config: { loginFailuresPerAddress: 20, trustProxy: 1 } });
    try {
      const responses = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          limited.gql(LOG_IN, { input: { email: `nobody-${i}@example.com`, password: 'a guessed password' } }, { headers }),
        ),
      );
      expect(tally(responses)).toEqual({ UNAUTHENTICATED: 20, RATE_LIMITED: 40 });
    } finally {
      await limited.stop();
    }
  });

  it('counts aliased attempts in one request one by one', async () => {
    const { email } = await signUp(server, 'aliased');
    const doc = `mutation ($e: String!) { ${[1, 2, 3]
      .map((i) => `a${i}: logIn(input: { email: $e, password: "wrong password ${i}" }) { token }`)
      .join(' ')} }`;
    // Mutation fields run one after another and stop at the first failure: one attempt counted.
    const first = await server.gql(doc, { e: email });
    expect(first.body.errors).toHaveLength(1);
    for (let i = 0; i < 4; i++) await server.gql(LOG_IN, { input: { email, password: `another wrong one ${i}` } });
    expect(code(await server.gql(LOG_IN, { input: { email, password: 'yet another wrong one' } }))).toBe('RATE_LIMITED');
  });

  it('refuses more password checks in one operation than the limit, before any is made', async () => {
    const doc = `mutation { ${[1, 2, 3, 4].map((i) => `a${i}: logIn(input: { email: "x${i}@example.com", password: "p" }) { token }`).join(' ')} }`;
    const res = await server.gql(doc);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 3, found: 4 });
  });
});

describe('the sign-up limit', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ config: { signupsPerAddress: 5, trustProxy: 1 } })));
  afterAll(() => server.stop());
  const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

  it('allows a few sign-ups per address, then answers RATE_LIMITED with how long to wait', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        server.gql(SIGN_UP, { input: { email: `many-${i}@example.com`, password: 'a long password' } }, from('198.51.100.1')),
      ),
    );
    expect(tally(responses)).toEqual({ ok: 5, RATE_LIMITED: 7 });
    const limited = responses.find((res) => code(res) === 'RATE_LIMITED')!;
    expect(limited.body.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(3_000);
    const created = await server.database.db.select().from(accounts).where(like(accounts.email, 'many-%'));
    expect(created).toHaveLength(5);
    // Another address is not affected.
    const other = await server.gql(SIGN_UP, { input: { email: 'other@example.com', password: 'a long password' } }, from('198.51.100.2'));
    expect(other.body.errors).toBeUndefined();
  });

  it('counts sign-ups for a taken email too, and refuses them with the message a new one would get', async () => {
    const address = from('198.51.100.3');
    const input = { email: 'taken@example.com', password: 'a long password' };
    expect((await server.gql(SIGN_UP, { input }, address)).body.errors).toBeUndefined();
    const again = await server.gql(SIGN_UP, { input }, address);
    expect(again.body.errors?.[0]).toMatchObject({
      message: 'This email address cannot be used to sign up; if it is yours, log in instead',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    // 16 requests × 3 aliases on the taken email: the limit stops them after the first few.
    const doc = `mutation { ${[1, 2, 3].map((i) => `a${i}: signUp(input: { email: "taken@example.com", password: "a long password" }) { token }`).join(' ')} }`;
    const responses = await Promise.all(Array.from({ length: 16 }, () => server.gql(doc, undefined, address)));
    expect(tally(responses)).toEqual({ BAD_USER_INPUT: 3, RATE_LIMITED: 13 });
  });
});

describe('the client address behind a proxy', () => {
  it('is the hop the trusted proxy saw, whatever the client wrote to the left of it', async () => {
    const server = await startTestServer({ config: { loginFailuresPerAddress: 20, trustProxy: 1 } });
    try {
      const results: Res[] = [];
      for (let i = 0; i < 25; i++) {
        // The client writes a new address each time; the proxy appends the one it saw.
        const headers = { 'x-forwarded-for': `10.0.${i}.1, 203.0.113.77` };
        results.push(await server.gql(LOG_IN, { input: { email: `guess-${i}@example.com`, password: 'a guessed password' } }, { headers }));
      }
      expect(tally(results)).toEqual({ UNAUTHENTICATED: 20, RATE_LIMITED: 5 });
    } finally {
      await server.stop();
    }
  });
});

describe.each(['jit', 'graphql-js'] as const)('mutations under the %s executor', (executor) => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ config: { executor } })));
  afterAll(() => server.stop());

  it('stop at the first failed field: nothing after it runs or lands', async () => {
    const email = `after-failure-${executor}@example.com`;
    const res = await server.gql(`mutation {
      bad: signUp(input: { email: "not an email", password: "a long password" }) { token }
      good: signUp(input: { email: "${email}", password: "a long password" }) { token }
    }`);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]!.path).toEqual(['bad']);
    expect(await server.database.db.select().from(accounts).where(like(accounts.email, email))).toHaveLength(0);
  });

  it('run the fields before a failure, and say so', async () => {
    const { token } = await signUp(server, `partial-${executor}`);
    const [id] = (await server.gql('{ locations(search: "oslo", first: 1) { nodes { id } } }')).body.data.locations.nodes.map(
      (n: { id: string }) => n.id,
    );
    const res = await server.gql(
      `mutation ($id: ID!) {
        first: addFavorite(input: { locationId: $id }) { favorite { position } }
        again: addFavorite(input: { locationId: $id }) { favorite { position } }
        never: logOut
      }`,
      { id },
      { token },
    );
    // `again` failed (already saved) and nulled the whole data; `never` did not run: the token still works.
    expect(res.body.errors?.map((e) => e.path)).toEqual([['again']]);
    const me = await server.gql('{ me { favorites { location { name } } } }', undefined, { token });
    expect(me.body.data.me.favorites).toHaveLength(1);
  });
});
