import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { defaults } from '../../src/config.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

const ALL_HOURLY =
  'time temperature apparentTemperature relativeHumidity precipitation precipitationProbability windSpeed windDirection weatherCode condition';
const ALL_DAILY = 'date temperatureMin temperatureMax precipitationSum condition sunrise sunset';
const aliased = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

const refusal = (res: { status: number; body: { data?: unknown; errors?: readonly { extensions?: Record<string, unknown> }[] } }) => ({
  status: res.status,
  code: res.body.errors?.[0]?.extensions?.code,
  data: res.body.data,
});

describe('the attacks that took the server down', () => {
  it('refuses 500 aliased 100-place forecasts before parsing them whole (145 KB)', async () => {
    const field = `locations(first: 100) { nodes { hourly(hours: 240) { ${ALL_HOURLY} } daily(days: 10) { ${ALL_DAILY} } } }`;
    const res = await server.gql(aliased(500, field));
    expect(refusal(res)).toEqual({ status: 400, code: 'GRAPHQL_PARSE_FAILED', data: undefined });
    expect(res.body.errors?.[0]?.message).toMatch(/more that 3000 tokens/);
  });

  it('refuses 20 aliased 100-place forecasts (2 KB) on their cost, with the cost and the limit', async () => {
    const field = `locations(first: 100) { nodes { hourly(hours: 240) { ${ALL_HOURLY} } daily(days: 10) { ${ALL_DAILY} } } }`;
    const res = await server.gql(`{ ${Array.from({ length: 10 }, (_, i) => `a${i}: ${field}`).join(' ')} }`);
    expect(refusal(res)).toEqual({ status: 400, code: 'QUERY_TOO_COMPLEX', data: undefined });
    const { cost, maxCost } = res.body.errors![0]!.extensions as { cost: number; maxCost: number };
    expect(maxCost).toBe(defaults.limits.maxCost);
    // 10 × (10 + 100 × (1 + (1 + 240 × 10) + (1 + 10 × 7))) = 2,473,100
    expect(cost).toBe(2_473_100);
    expect(res.body.errors![0]!.message).toMatch(/costs 2473100, more than the limit of 10000/);
  });

  it('refuses 1,000 aliased 500 km near counts, on their aliases or else on their cost', async () => {
    const field = 'locations(near: { latitude: 50, longitude: 10, radiusKm: 500 }) { totalCount }';
    const many = await server.gql(`{ ${Array.from({ length: 16 }, (_, i) => `a${i}: ${field}`).join(' ')} }`);
    expect(refusal(many)).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    expect(many.body.errors![0]!.message).toBe('Aliases limit of 15 exceeded, found 16.');
    const four = await server.gql(`{ ${Array.from({ length: 4 }, (_, i) => `a${i}: ${field}`).join(' ')} }`);
    // 4 × (10 + 2,500 + 20 × 1)
    expect(four.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 10_120 });
    const three = await server.gql(`{ ${Array.from({ length: 3 }, (_, i) => `a${i}: ${field}`).join(' ')} }`);
    expect(three.body.errors).toBeUndefined();
    // At the default radius a near search costs little.
    expect((await server.gql('{ locations(near: { latitude: 50, longitude: 10 }) { totalCount } }')).body.errors).toBeUndefined();
  });

  it('prices `locations(first: 50) { hourly(hours: 168) }` at about 50 × 168, inside the limit', async () => {
    const res = await server.gql('{ locations(first: 50) { nodes { hourly(hours: 168) { temperature } } } }', undefined, {
      headers: {},
    });
    expect(res.body.errors).toBeUndefined();
    const over = await server.gql('{ locations(first: 60) { nodes { hourly(hours: 168) { temperature } } } }');
    // 10 + 60 × (1 + 1 + 168) = 10,210
    expect(over.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 10_210 });
  });
});

describe('the cost', () => {
  const BY_VARIABLES = 'query ($n: Int, $h: Int) { locations(first: $n) { nodes { hourly(hours: $h) { temperature } } } }';

  it('is computed from the variables, and a cached cost is never reused for other values', async () => {
    const small = await server.gql(BY_VARIABLES, { n: 5, h: 24 });
    expect(small.body.errors).toBeUndefined();
    const big = await server.gql(BY_VARIABLES, { n: 100, h: 240 });
    expect(big.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 10 + 100 * 242 });
    const smallAgain = await server.gql(BY_VARIABLES, { n: 5, h: 24 });
    expect(smallAgain.body.errors).toBeUndefined();
  });

  it('counts what @include leaves in, by its variable', async () => {
    const doc = `query ($all: Boolean!) { locations(first: 100) { nodes { name hourly(hours: 240) @include(if: $all) { temperature } } } }`;
    expect((await server.gql(doc, { all: false })).body.errors).toBeUndefined();
    expect((await server.gql(doc, { all: true })).body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('leaves an out-of-range page size to the resolver, whose message says the range', async () => {
    const res = await server.gql('{ locations(first: 100000) { nodes { hourly(hours: 240) { temperature } } } }');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const plain = await server.gql('{ locations(first: 100000) { nodes { name } } }');
    expect(plain.body.errors?.[0]).toMatchObject({
      message: 'first must be between 1 and 100, got 100000',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('multiplies favorites by the most an account may save, through fragments too', async () => {
    const doc = `fragment F on Location { hourly(hours: 240) { temperature } }
      { me { favorites { location { ...F } } } }`;
    // 1 + 1 + 50 × (1 + 1 + (1 + 1 + 240)) ≫ 10,000
    expect((await server.gql(doc)).body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('the shape limits', () => {
  it('refuses a selection deeper than the limit, fragments included', async () => {
    const deep = await server.gql(
      '{ me { favorites { location { hourly { time } } } } node(id: "x") { ... on Account { favorites { location { daily { date } } } } } }',
    );
    expect(deep.body.errors?.[0]?.extensions?.code).not.toBe('QUERY_TOO_COMPLEX');
    const tooDeep = await startTestServer({ config: { limits: { ...defaults.limits, maxDepth: 3 } } });
    try {
      const res3 = await tooDeep.gql('{ me { favorites { location { current { time } } } } }');
      expect(res3.body.errors?.[0]).toMatchObject({
        message: 'Query depth limit of 3 exceeded, found 5.',
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 3, found: 5 },
      });
    } finally {
      await tooDeep.stop();
    }
  });

  it('refuses more directives than the limit', async () => {
    const many = Array.from({ length: 11 }, (_, i) => `n${i}: totalCount @include(if: true)`).join(' ');
    const res = await server.gql(`{ locations(first: 1) { ${many} } }`);
    expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 10, found: 11 } });
  });

  it('refuses more root fields than the limit, counting each alias', async () => {
    const res = await server.gql(aliased(11, 'me { email }'));
    // The alias limit (15) is not reached; the root field limit (10) is.
    expect(res.body.errors?.[0]).toMatchObject({
      message: 'An operation may have at most 10 root fields, got 11',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 10, found: 11 },
    });
  });

  it('refuses an array of operations: HTTP batching is off', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('the defaults', () => {
  it('let every query of the README and of the benchmark through', async () => {
    const [id] = (await server.gql('{ locations(search: "paris", first: 1) { nodes { id } } }')).body.data.locations.nodes.map(
      (n: { id: string }) => n.id,
    );
    // Values for the variables the documents declare, so that each is costed as it would run.
    const variables = { id, locationId: id, search: 'san', latitude: 48.85, longitude: 2.35, after: null };
    const readme = readFileSync('README.md', 'utf8');
    const documents = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap((block) => block[1]!.split(/\n(?=query|mutation|\{)/));
    const bench = readdirSync('tests/bench/queries').map((file) => readFileSync(`tests/bench/queries/${file}`, 'utf8'));
    expect(documents.length).toBeGreaterThan(5);
    for (const document of [...documents, ...bench]) {
      for (const operation of document.match(/^(query|mutation) (\w+)/gm)?.map((m) => m.split(' ')[1]) ?? [undefined]) {
        const res = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
          body: JSON.stringify({ query: document, operationName: operation, variables }),
        });
        const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
        const codes = (body.errors ?? []).map((e) => e.extensions?.code);
        expect({ document: document.slice(0, 60), codes }).not.toEqual(
          expect.objectContaining({ codes: expect.arrayContaining(['QUERY_TOO_COMPLEX']) }),
        );
        expect(codes).not.toContain('GRAPHQL_PARSE_FAILED');
        // Variables that do not coerce would skip the cost check: every one here must.
        expect(codes).not.toContain('BAD_USER_INPUT');
      }
    }
  });
});

describe('a long request', () => {
  it('does not keep /healthz waiting until it ends', async () => {
    // About the most a request may ask: 40 places new to the database, 240 hours each.
    let done = false;
    const big = server.gql('{ locations(countryCode: "IT", first: 40) { nodes { hourly(hours: 240) { temperature } } } }').finally(() => {
      done = true;
    });
    // Health checks, one after another, for as long as the big request runs: if it held the
    // event loop throughout, none of them could be answered before it ends.
    let answeredMeanwhile = 0;
    while (!done) {
      const health = await fetch(`${server.origin}/healthz`);
      expect(health.status).toBe(200);
      if (!done) answeredMeanwhile++;
    }
    expect((await big).body.errors).toBeUndefined();
    expect(answeredMeanwhile).toBeGreaterThan(0);
  });
});
