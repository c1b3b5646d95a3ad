/**
 * Fuzzing the GraphQL endpoint: random operations generated from the running server's own schema
 * (tests/support/operations.ts), with arguments of the right and the wrong type, sent without a
 * token, with a token that is not ours, and with a real one. Whatever comes in, the server answers
 * JSON, never a 5xx, and only with the error codes of the contract.
 *
 * The seed is fixed, so a run repeats exactly; FUZZ_RUNS sets how many requests (default 300).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema } from 'graphql';
import { ADD, placeIds, signUp } from '../support/accounts.js';
import { requestArbitrary, shorten, type GeneratedRequest } from '../support/operations.js';
import { startTestServer, type TestServer } from '../support/server.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = 42;

/** Every `extensions.code` the contract allows; INTERNAL_SERVER_ERROR is a bug by definition here. */
const CONTRACT_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'PAYLOAD_TOO_LARGE',
]);

/**
 * Root fields left out: signUp would create accounts (and meet the per-address sign-up limit),
 * logOut would end the session of the real token that later requests use.
 */
const EXCLUDED_ROOT_FIELDS = ['signUp', 'logOut'];

type Auth = { kind: 'none' } | { kind: 'invalid'; token: string } | { kind: 'real' };

const authArbitrary: fc.Arbitrary<Auth> = fc.oneof(
  fc.constant<Auth>({ kind: 'none' }),
  fc.stringMatching(/^[A-Za-z0-9_\-.~+/=]{0,200}$/).map((token): Auth => ({ kind: 'invalid', token })),
  fc.constant<Auth>({ kind: 'real' }),
);

const acceptArbitrary = fc.constantFrom(
  'application/json',
  'application/graphql-response+json',
  'application/graphql-response+json, application/json;q=0.9',
  '*/*',
  undefined,
);

/** What is wrong with an answer, or null when nothing is. */
function problemWith(status: number, text: string): string | null {
  if (status >= 500) return `answered ${status}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'answered a body that is not JSON';
  }
  if (typeof body !== 'object' || body === null) return 'answered JSON that is not an object';
  const errors = (body as { errors?: unknown }).errors;
  if (errors === undefined) return status === 200 ? null : `answered ${status} without errors`;
  if (!Array.isArray(errors) || errors.length === 0) return 'answered `errors` that is not a non-empty list';
  for (const error of errors as { extensions?: { code?: unknown } }[]) {
    const code = error?.extensions?.code;
    if (typeof code !== 'string' || !CONTRACT_CODES.has(code))
      return `answered an error coded ${JSON.stringify(code)}, not one of the contract's`;
  }
  return null;
}

describe('random operations from the schema', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  let token: string;
  let ids: string[];
  let cursors: string[];

  beforeAll(async () => {
    server = await startTestServer();
    const introspection = await server.gql(getIntrospectionQuery());
    schema = buildClientSchema(introspection.body.data);

    // One sign-up for the whole run: the real token, with one saved place to move and remove.
    const person = await signUp(server, 'fuzz');
    token = person.token;
    const places = await placeIds(server, 'countryCode: "FI"', 3);
    const saved = await server.gql(ADD, { input: { locationId: places[0] } }, { token });
    ids = [...places, saved.body.data.addFavorite.favorite.id, person.id];
    const cursor = async (args: string) =>
      (await server.gql(`{ locations(${args}, first: 1) { pageInfo { endCursor } } }`)).body.data.locations.pageInfo.endCursor as string;
    cursors = [await cursor('countryCode: "FI"'), await cursor('near: { latitude: 60.17, longitude: 24.94 }')];
  });
  afterAll(() => server.stop());

  it(`answers ${RUNS} random requests with JSON, never a 5xx, and only the contract's error codes`, async () => {
    const requests = requestArbitrary(schema, { ids, cursors, excludeRootFields: EXCLUDED_ROOT_FIELDS });
    await fc.assert(
      fc.asyncProperty(requests, authArbitrary, acceptArbitrary, async (request: GeneratedRequest, auth, accept) => {
        const authorization = auth.kind === 'real' ? `Bearer ${token}` : auth.kind === 'invalid' ? `Bearer ${auth.token}` : undefined;
        const response = await fetch(server.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(accept ? { accept } : {}),
            ...(authorization ? { authorization } : {}),
          },
          body: request.body,
        });
        const text = await response.text();
        const problem = problemWith(response.status, text);
        // fast-check shows the request (document, variables, operationName) as the counterexample;
        // this message adds what came back.
        if (problem) throw new Error(`The server ${problem}.\nstatus: ${response.status}\nbody: ${shorten(text)}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 120_000);

  it('is still ready after the run', async () => {
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
  });
});
