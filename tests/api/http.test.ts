import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type TestServer } from '../support/server.js';

describe('in development', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.stop());

  it('answers the health checks', async () => {
    const health = await fetch(`${server.origin}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.origin}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('serves the Apollo Sandbox landing page to a browser', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/sandbox/i);
  });

  it('answers introspection', async () => {
    const res = await server.gql('{ __type(name: "Location") { fields { name } } }');
    expect(res.body.data.__type.fields.map((f: { name: string }) => f.name)).toContain('hourly');
  });

  it('answers queries sent with GET', async () => {
    const res = await fetch(`${server.url}?query=${encodeURIComponent('{ locations(search: "oslo", first: 1) { nodes { name } } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(((await res.json()) as any).data.locations.nodes[0].name).toBe('Oslo');
  });

  it('refuses a simple cross-site POST (CSRF prevention)', async () => {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/);
  });

  it('answers malformed JSON with a JSON error', async () => {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses a body over the size limit with 413 and a JSON error', async () => {
    const query = `{ locations(search: "${'a'.repeat(1_100_000)}") { nodes { id } } }`;
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown path with a JSON 404', async () => {
    const res = await fetch(`${server.origin}/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).errors[0].message).toMatch(/\/graphql/);
  });
});

describe('in production', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ production: true })));
  afterAll(() => server.stop());

  it('turns introspection off', async () => {
    const res = await server.gql('{ __schema { types { name } } }');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('serves no landing page', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/sandbox/i);
  });

  it('gives no schema hints in validation errors', async () => {
    const res = await server.gql('{ locatoins { totalCount } }');
    expect(res.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('masks internal errors and leaks no stack trace', async () => {
    server.database.sqlite.close();
    const res = await server.gql('{ locations(first: 1) { nodes { name } } }');
    expect(res.body.errors?.[0]).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
      locations: expect.anything(),
      path: ['locations', 'nodes'],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/sqlite|at .*\.ts/i);
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(503);
  });
});

describe('stopping', () => {
  it('finishes the request in flight, then refuses new connections', async () => {
    const server = await startTestServer();
    const inFlight = server.gql('{ locations(first: 40) { nodes { hourly(hours: 240) { temperature } } } }');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await server.stop();
    expect((await inFlight).body.data.locations.nodes).toHaveLength(40);
    await expect(fetch(`${server.origin}/healthz`)).rejects.toThrow();
  });
});
