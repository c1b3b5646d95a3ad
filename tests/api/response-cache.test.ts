import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signUp } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST_NOW } from '../support/template.js';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

const PLACES = '{ locations(search: "lyon", first: 3) { nodes { name current { time temperature } } } }';

async function counted(query: string, token?: string) {
  server.statements.reset();
  const res = await server.gql(query, undefined, { token });
  return { res, statements: server.statements.count, cacheControl: res.headers.get('cache-control') };
}

describe('the response cache', () => {
  it('answers a repeated anonymous query of public data without touching the database', async () => {
    const first = await counted(PLACES);
    expect(first.statements).toBeGreaterThan(0);
    expect(first.cacheControl).toBe('public, max-age=60');
    const second = await counted(PLACES);
    expect(second.statements).toBe(0);
    expect(second.res.body).toEqual(first.res.body);
    expect(second.cacheControl).toBe('public, max-age=60');
  });

  it('never serves a request that carries a token from it, nor marks its answer public', async () => {
    const { token } = await signUp(server);
    await counted(PLACES, token);
    const again = await counted(PLACES, token);
    expect(again.statements).toBeGreaterThan(0);
    expect(again.cacheControl).toBe('private, no-store');
  });

  it('marks private fields, errors and mutations as not to be stored', async () => {
    expect((await counted('{ me { email } }')).cacheControl).toBe('private, no-store');
    expect((await counted('{ locations(first: 0) { nodes { name } } }')).cacheControl).toBe('private, no-store');
    const mutation = await counted('mutation { logOut }');
    expect(mutation.cacheControl).toBe('private, no-store');
  });

  it('starts afresh when the hour changes', async () => {
    const before = (await counted(PLACES)).res.body.data.locations.nodes[0].current.time;
    server.clock.advance(3_600_000);
    try {
      const later = await counted(PLACES);
      expect(later.statements).toBeGreaterThan(0);
      expect(Date.parse(later.res.body.data.locations.nodes[0].current.time) - Date.parse(before)).toBe(3_600_000);
    } finally {
      server.clock.set(TEST_NOW);
    }
  });

  it('can be turned off', async () => {
    const uncached = await startTestServer({ config: { responseCacheSeconds: 0 } });
    try {
      await uncached.gql(PLACES);
      uncached.statements.reset();
      const res = await uncached.gql(PLACES);
      expect(uncached.statements.count).toBeGreaterThan(0);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    } finally {
      await uncached.stop();
    }
  });
});
