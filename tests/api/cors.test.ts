/**
 * CORS over real HTTP: what a browser's preflight and its requests are answered, for the
 * development default, an allow-list and `*`. The browser's own enforcement is in
 * tests/browser/cors.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { placeIds, signUp } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/server.js';

const APP = 'https://app.example.com';
const EVIL = 'https://evil.example';

function preflightOf(server: TestServer, origin: string, headers = 'content-type, authorization') {
  return fetch(server.url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
  });
}

function post(server: TestServer, origin: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  return fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}), ...headers },
    body: JSON.stringify(body),
  });
}

describe('in development, by default', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.stop());

  it('answers a localhost page’s preflight with what a GraphQL client needs', async () => {
    const res = await preflightOf(server, 'http://localhost:5173', 'content-type, authorization, apollo-require-preflight');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('hands a localhost page its answer, and varies on Origin', async () => {
    const res = await post(server, 'http://127.0.0.1:3000', { query: '{ locations(search: "Berlin", first: 1) { nodes { name } } }' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(res.headers.get('vary')).toContain('Origin');
    expect((await res.json()).data.locations.nodes[0].name).toBe('Berlin');
  });

  it('refuses a preflight from any other origin with a code, and grants its requests nothing', async () => {
    const res = await preflightOf(server, EVIL);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(body.errors[0].message).toContain('CORS_ORIGINS');
    const answer = await post(server, EVIL, { query: '{ locations(first: 1) { totalCount } }' });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives each origin its own header when the answer comes from the response cache', async () => {
    const query = { query: '{ locations(search: "Lyon", first: 1) { nodes { name } } }' };
    const first = await post(server, 'http://localhost:1111', query);
    const second = await post(server, 'http://localhost:2222', query);
    const stranger = await post(server, EVIL, query);
    expect(second.headers.get('age')).not.toBeNull();
    expect(first.headers.get('access-control-allow-origin')).toBe('http://localhost:1111');
    expect(second.headers.get('access-control-allow-origin')).toBe('http://localhost:2222');
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps CSRF prevention on for allowed origins: a form-like request is refused', async () => {
    const res = await fetch(`${server.url}?query=${encodeURIComponent('{ me { email } }')}`, {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].message).toMatch(/CSRF/);
  });

  it('answers a plain OPTIONS (no preflight) with the methods it takes', async () => {
    const res = await fetch(server.url, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('GET, POST, OPTIONS');
  });
});

describe('in production', () => {
  it('lets no page in until CORS_ORIGINS says so', async () => {
    const server = await startTestServer({ production: true });
    try {
      expect((await preflightOf(server, 'http://localhost:5173')).status).toBe(403);
    } finally {
      await server.stop();
    }
  });

  describe('with an allow-list and *', () => {
    let server: TestServer;
    beforeAll(async () => (server = await startTestServer({ production: true, config: { corsOrigins: [APP, '*'] } })));
    afterAll(() => server.stop());

    it('lets a listed origin send credentials and write', async () => {
      expect((await preflightOf(server, APP)).status).toBe(204);
      const person = await signUp(server);
      const [place] = await placeIds(server, 'search: "Oslo"', 1);
      const res = await post(
        server,
        APP,
        { query: 'mutation ($id: ID!) { addFavorite(input: { locationId: $id }) { favorite { id } } }', variables: { id: place } },
        { authorization: `Bearer ${person.token}` },
      );
      expect(res.headers.get('access-control-allow-origin')).toBe(APP);
      expect((await res.json()).errors).toBeUndefined();
    });

    it('lets any other page read public data, without credentials', async () => {
      expect((await preflightOf(server, EVIL, 'content-type')).headers.get('access-control-allow-origin')).toBe('*');
      const refused = await preflightOf(server, EVIL, 'content-type, authorization');
      expect(refused.status).toBe(403);
      expect((await refused.json()).errors[0].message).toContain('authorization');
      const read = await post(server, EVIL, { query: '{ locations(search: "Oslo", first: 1) { nodes { name } } }' });
      expect(read.headers.get('access-control-allow-origin')).toBe('*');
      expect((await read.json()).data.locations.nodes[0].name).toBe('Oslo');
    });

    it('refuses every write from such a page before it runs, aliased or not', async () => {
      const email = `cors-${process.pid}@example.com`;
      const res = await post(server, EVIL, {
        query: `mutation ($email: String!) {
          a: signUp(input: { email: $email, password: "correct horse battery" }) { token }
          b: logIn(input: { email: $email, password: "correct horse battery" }) { token }
        }`,
        variables: { email },
      });
      expect(res.status).toBe(403);
      const body = await res.json();
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
      // Nothing was written: the same sign-up without an Origin succeeds.
      const direct = await post(server, undefined, {
        query: 'mutation ($email: String!) { signUp(input: { email: $email, password: "correct horse battery" }) { token } }',
        variables: { email },
      });
      expect((await direct.json()).data.signUp.token).toEqual(expect.any(String));
    });
  });
});
