/**
 * Bad input, a row at a time: each row is one request and the HTTP status and `extensions.code`
 * it must get, in development and in production alike. In production no body may carry a stack
 * trace, SQL or a file path.
 *
 * Status rules (GraphQL over HTTP): a request that is not a well-formed GraphQL-over-HTTP request
 * (bad JSON, wrong content type, `query` not a string) is 400 whatever the client accepts. A
 * well-formed request whose document does not parse or validate, or whose variables do not
 * coerce, is 4xx when the client accepts `application/graphql-response+json` (the rows below send
 * that unless they say otherwise) and 200 with the error in the body when it accepts only
 * `application/json`. An error raised while executing (a resolver refusing a value) is 200.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADD, placeIds, signUp } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { defaults } from '../../src/config.js';
import { searchKey } from '../../src/locations/names.js';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

type Code =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'GRAPHQL_PARSE_FAILED'
  | 'BAD_REQUEST'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'OPERATION_RESOLUTION_FAILURE';

/** What each suite prepares: an account with one saved place, places, and cursors of both orderings. */
interface Fixture {
  token: string;
  email: string;
  password: string;
  accountId: string;
  favoriteId: string;
  /** A favorite of another person: to this account, as good as missing. */
  othersFavoriteId: string;
  /** A place, and places not yet saved, one for each row that may save one. */
  locationId: string;
  unsavedLocation(): string;
  /** A fresh email address, for sign-ups that may succeed. */
  freshEmail(): string;
  populationCursor: string;
  nearCursor: string;
}

interface HttpRequest {
  method?: string;
  /** Query string of a GET, with its `?`. */
  search?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Send the fixture's bearer token. */
  authenticated?: boolean;
}

interface Expected {
  status: number | readonly number[];
  /** The code every error carries; null for an answer without errors; a list where several are right. */
  code: Code | null | readonly (Code | null)[];
  /** What the first error's message must say. */
  message?: RegExp;
  /** What no error message may say. */
  notMessage?: RegExp;
  /** More checks of a successful answer. */
  check?: (body: any) => void;
}

interface Row {
  name: string;
  request: (f: Fixture) => HttpRequest;
  expected: Expected;
}

interface Payload {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: unknown;
}

interface PostOptions {
  accept?: string | null;
  authenticated?: boolean;
  headers?: Record<string, string>;
}

/** A JSON POST of `payload`; by default accepting graphql-response+json. */
function post(payload: Payload, { accept = GRAPHQL_RESPONSE, authenticated = false, headers = {} }: PostOptions = {}): HttpRequest {
  return {
    headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}), ...headers },
    body: JSON.stringify(payload),
    authenticated,
  };
}

/** A JSON POST whose `variables` are given as JSON text, for values JSON.stringify cannot write (1e309). */
function postRawVariables(query: string, variablesJson: string, options: PostOptions = {}): HttpRequest {
  return { ...post({ query }, options), body: `{"query":${JSON.stringify(query)},"variables":${variablesJson}}` };
}

function raw(body: string, headers: Record<string, string>, method = 'POST'): HttpRequest {
  return { method, headers, body };
}

const ok = (check?: Expected['check']): Expected => ({ status: 200, code: null, check });
const refused = (code: Expected['code'], status: Expected['status'] = 200, extra: Partial<Expected> = {}): Expected => ({
  status,
  code,
  ...extra,
});

const LONG = 100_000;
/** Every name found must start with the search, folded as the server folds names. */
const namesStartWith = (search: string) => (body: any) => {
  for (const { matchedName } of body.data.locations.edges) {
    expect(searchKey(matchedName)).toMatch(new RegExp(`^${escapeRegExp(searchKey(search))}`));
  }
};
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------------------------------------
// Requests that are not well-formed GraphQL over HTTP: 400 BAD_REQUEST whatever the client accepts.

const transportRows: Row[] = [
  ...[
    ['a truncated object', '{"query": '],
    ['an unquoted key', '{query: "{ __typename }"}'],
    ['single quotes', "{'query': '{ __typename }'}"],
    ['a trailing comma', '{"query": "{ __typename }",}'],
    ['garbage after the object', '{"query": "{ __typename }"} x'],
    ['a bare word', 'query'],
    ['a lone NUL byte', '\u0000'],
  ].map(([shape, body]): Row => ({
    name: `malformed JSON (${shape}) is 400 BAD_REQUEST`,
    request: () => raw(body!, { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE }),
    expected: refused('BAD_REQUEST', 400),
  })),
  {
    name: 'malformed JSON accepting only application/json is 400 BAD_REQUEST too',
    request: () => raw('{"query": ', { 'content-type': 'application/json', accept: 'application/json' }),
    expected: refused('BAD_REQUEST', 400),
  },
  {
    name: 'an empty body is 400 BAD_REQUEST',
    request: () => raw('', { 'content-type': 'application/json' }),
    expected: refused('BAD_REQUEST', 400),
  },
  {
    name: 'an empty object is 400 BAD_REQUEST',
    request: () => raw('{}', { 'content-type': 'application/json' }),
    expected: refused('BAD_REQUEST', 400),
  },
  {
    name: 'a JSON array (HTTP batching is off) is 400 BAD_REQUEST',
    request: () => raw('[{"query":"{ __typename }"},{"query":"{ __typename }"}]', { 'content-type': 'application/json' }),
    expected: refused('BAD_REQUEST', 400),
  },
  ...['null', '"{ __typename }"', '42', 'true'].map((body): Row => ({
    name: `a JSON ${body} body is 400 BAD_REQUEST`,
    request: () => raw(body, { 'content-type': 'application/json' }),
    expected: refused('BAD_REQUEST', 400),
  })),
  {
    name: 'text/plain is refused by CSRF prevention with 400',
    request: () => raw('{"query":"{ __typename }"}', { 'content-type': 'text/plain' }),
    expected: refused('BAD_REQUEST', 400, { message: /Cross-Site Request Forgery/ }),
  },
  {
    name: 'application/x-www-form-urlencoded is refused by CSRF prevention with 400',
    request: () => raw('query=%7B%20__typename%20%7D', { 'content-type': 'application/x-www-form-urlencoded' }),
    expected: refused('BAD_REQUEST', 400, { message: /Cross-Site Request Forgery/ }),
  },
  {
    name: 'multipart/form-data is refused by CSRF prevention with 400',
    request: () =>
      raw('--x\r\ncontent-disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--x--\r\n', {
        'content-type': 'multipart/form-data; boundary=x',
      }),
    expected: refused('BAD_REQUEST', 400, { message: /Cross-Site Request Forgery/ }),
  },
  {
    name: 'application/x-www-form-urlencoded with a preflight header is still 400 (only JSON is read)',
    request: () =>
      raw('query=%7B%20__typename%20%7D', { 'content-type': 'application/x-www-form-urlencoded', 'apollo-require-preflight': 'true' }),
    expected: refused('BAD_REQUEST', [400, 415]),
  },
  {
    name: 'application/xml is 400',
    request: () => raw('<query>{ __typename }</query>', { 'content-type': 'application/xml' }),
    expected: refused('BAD_REQUEST', [400, 415]),
  },
  {
    name: 'a POST without content-type is 400',
    request: () => raw('{"query":"{ __typename }"}', {}),
    expected: refused('BAD_REQUEST', [400, 415]),
  },
  ...(
    [
      ['a number', 1],
      ['an object', { kind: 'Document' }],
      ['null', null],
      ['a list', ['{ __typename }']],
    ] as const
  ).map(([what, query]): Row => ({
    name: `query given as ${what} is 400 BAD_REQUEST`,
    request: () => post({ query }),
    expected: refused('BAD_REQUEST', 400),
  })),
  ...(
    [
      ['a string', '{"first": 1}'],
      ['a list', [1]],
      ['a number', 5],
    ] as const
  ).map(([what, variables]): Row => ({
    name: `variables given as ${what} is 400 BAD_REQUEST`,
    request: () => post({ query: '{ __typename }', variables }),
    expected: refused('BAD_REQUEST', 400),
  })),
  {
    name: 'operationName given as a number is 400 BAD_REQUEST',
    request: () => post({ query: '{ __typename }', operationName: 3 }),
    expected: refused('BAD_REQUEST', 400),
  },
  {
    name: 'extensions given as a string is 400 BAD_REQUEST',
    request: () => post({ query: '{ __typename }', extensions: 'persistedQuery' }),
    expected: refused('BAD_REQUEST', 400),
  },
  {
    name: 'a mutation sent with GET is 405',
    request: () => ({
      method: 'GET',
      search: `?query=${encodeURIComponent('mutation { logOut }')}`,
      headers: { 'apollo-require-preflight': 'true', accept: GRAPHQL_RESPONSE },
    }),
    expected: refused('BAD_REQUEST', 405),
  },
  {
    name: 'a GET without a preflight header is refused by CSRF prevention with 400',
    request: () => ({ method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}`, headers: {} }),
    expected: refused('BAD_REQUEST', 400, { message: /Cross-Site Request Forgery/ }),
  },
  {
    name: 'a GET whose variables are not JSON is 400 BAD_REQUEST',
    request: () => ({
      method: 'GET',
      search: `?query=${encodeURIComponent('query ($n: Int) { locations(first: $n) { totalCount } }')}&variables=%7Bfirst`,
      headers: { 'apollo-require-preflight': 'true' },
    }),
    expected: refused('BAD_REQUEST', 400),
  },
  {
    name: 'PUT is 405',
    request: () => raw('{"query":"{ __typename }"}', { 'content-type': 'application/json' }, 'PUT'),
    expected: refused('BAD_REQUEST', 405),
  },
];

// ---------------------------------------------------------------------------------------------
// Documents that do not parse, validate or resolve to one operation, and variables that do not
// coerce: 4xx with graphql-response+json, 200 with application/json.

const MULTI = 'query A { __typename } query B { locations(first: 1) { totalCount } }';

const requestErrorRows: Row[] = [
  {
    name: 'a document that does not parse is 400 GRAPHQL_PARSE_FAILED',
    request: () => post({ query: '{ locations(first: 1) { ' }),
    expected: refused('GRAPHQL_PARSE_FAILED', 400),
  },
  {
    name: 'a document that does not parse, accepting only application/json, is 200 with the error',
    request: () => post({ query: '{ locations(first: 1) { ' }, { accept: 'application/json' }),
    expected: refused('GRAPHQL_PARSE_FAILED', 200),
  },
  {
    name: 'a document that does not parse, with no accept header, is 200 with the error (application/json is assumed)',
    request: () => post({ query: '{' }, { accept: null }),
    expected: refused('GRAPHQL_PARSE_FAILED', 200),
  },
  {
    name: 'an unknown field is 400 GRAPHQL_VALIDATION_FAILED',
    request: () => post({ query: '{ locatoins { totalCount } }' }),
    expected: refused('GRAPHQL_VALIDATION_FAILED', 400),
  },
  {
    name: 'an unknown field, accepting only application/json, is 200 with the error',
    request: () => post({ query: '{ locatoins { totalCount } }' }, { accept: 'application/json' }),
    expected: refused('GRAPHQL_VALIDATION_FAILED', 200),
  },
  {
    name: 'an inline argument of the wrong type (first: "ten") is 400 GRAPHQL_VALIDATION_FAILED',
    request: () => post({ query: '{ locations(first: "ten") { totalCount } }' }),
    expected: refused('GRAPHQL_VALIDATION_FAILED', 400),
  },
  {
    name: 'an inline Int beyond 32 bits (first: 99999999999) is 400 GRAPHQL_VALIDATION_FAILED',
    request: () => post({ query: '{ locations(first: 99999999999) { totalCount } }' }),
    expected: refused('GRAPHQL_VALIDATION_FAILED', 400),
  },
  {
    name: 'an inline non-integer Int (first: 1.5) is 400 GRAPHQL_VALIDATION_FAILED',
    request: () => post({ query: '{ locations(first: 1.5) { totalCount } }' }),
    expected: refused('GRAPHQL_VALIDATION_FAILED', 400),
  },
  {
    name: 'a variable of the wrong type is 400 BAD_USER_INPUT',
    request: () => post({ query: 'query ($n: Int) { locations(first: $n) { totalCount } }', variables: { n: 'ten' } }),
    expected: refused('BAD_USER_INPUT', 400),
  },
  {
    name: 'a variable of the wrong type, accepting only application/json, is 200 with the error',
    request: () =>
      post({ query: 'query ($n: Int) { locations(first: $n) { totalCount } }', variables: { n: 'ten' } }, { accept: 'application/json' }),
    expected: refused('BAD_USER_INPUT', 200),
  },
  {
    name: 'a missing required variable is 400 BAD_USER_INPUT',
    request: () => post({ query: 'query ($id: ID!) { location(id: $id) { name } }', variables: {} }),
    expected: refused('BAD_USER_INPUT', 400),
  },
  {
    name: 'a missing required variable, accepting only application/json, is 200 with the error',
    request: () => post({ query: 'query ($id: ID!) { location(id: $id) { name } }' }, { accept: 'application/json' }),
    expected: refused('BAD_USER_INPUT', 200),
  },
  {
    name: 'null for a required input field is 400 BAD_USER_INPUT',
    request: () =>
      post({
        query: 'query ($near: GeoPointInput) { locations(near: $near) { totalCount } }',
        variables: { near: { latitude: null, longitude: 10 } },
      }),
    expected: refused('BAD_USER_INPUT', 400),
  },
  {
    name: 'an unknown input field is 400 BAD_USER_INPUT',
    request: () =>
      post({
        query: 'query ($near: GeoPointInput) { locations(near: $near) { totalCount } }',
        variables: { near: { latitude: 1, longitude: 10, altitude: 3 } },
      }),
    expected: refused('BAD_USER_INPUT', 400),
  },
  {
    name: 'an enum value that does not exist is 400 BAD_USER_INPUT',
    request: () =>
      post(
        {
          query: 'mutation ($input: PreferencesInput!) { updatePreferences(input: $input) { preferences { temperatureUnit } } }',
          variables: { input: { temperatureUnit: 'KELVIN' } },
        },
        { authenticated: true },
      ),
    expected: refused('BAD_USER_INPUT', 400),
  },
  {
    name: 'an unknown operationName is 400',
    request: () => post({ query: MULTI, operationName: 'C' }),
    expected: refused(['OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST'], 400),
  },
  {
    name: 'an operationName absent from a one-operation document is 400',
    request: () => post({ query: 'query A { __typename }', operationName: 'B' }),
    expected: refused(['OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST'], 400),
  },
  {
    name: 'operationName "" with a multi-operation document is 400',
    request: () => post({ query: MULTI, operationName: '' }),
    expected: refused(['OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST'], 400),
  },
  {
    name: 'a multi-operation document without operationName is 400',
    request: () => post({ query: MULTI }),
    expected: refused(['OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST'], 400),
  },
  {
    name: 'an unknown operationName, accepting only application/json, is 400 or 200, never 500',
    request: () => post({ query: MULTI, operationName: 'C' }, { accept: 'application/json' }),
    expected: refused(['OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST'], [200, 400]),
  },
  {
    name: 'a subscription (the schema has none) is 400 with a client error code',
    request: () => post({ query: 'subscription { x }' }),
    expected: refused(['GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST'], 400),
  },
  {
    name: 'a subscription, accepting only application/json, is 200 or 400 with a client error code',
    request: () => post({ query: 'subscription { x }' }, { accept: 'application/json' }),
    expected: refused(['GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST'], [200, 400]),
  },
  {
    name: 'a document of fragments only is 400 GRAPHQL_VALIDATION_FAILED',
    request: () => post({ query: 'fragment F on Query { __typename }' }),
    expected: refused(['GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST'], 400),
  },
  {
    name: 'an APQ hash that does not match the query is 400 BAD_REQUEST',
    request: () => post({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }),
    expected: refused('BAD_REQUEST', 400),
  },
  {
    name: 'an APQ of an unsupported version is 400 BAD_REQUEST',
    request: () => post({ query: '{ __typename }', extensions: { persistedQuery: { version: 2, sha256Hash: '0'.repeat(64) } } }),
    expected: refused('BAD_REQUEST', 400),
  },
  {
    name: 'an unknown APQ hash is PERSISTED_QUERY_NOT_FOUND',
    request: () => post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }),
    // Apollo Client's persisted-query link reads the code from the body of a 200 or a 4xx alike.
    expected: refused('PERSISTED_QUERY_NOT_FOUND', [200, 404]),
  },
  {
    name: 'a bearer token that is not ours is UNAUTHENTICATED',
    request: () => post({ query: '{ me { email } }' }, { headers: { authorization: 'Bearer not-a-token' } }),
    expected: refused('UNAUTHENTICATED', [200, 401]),
  },
  {
    name: 'a bearer token of 10,000 characters is UNAUTHENTICATED',
    request: () => post({ query: '{ me { email } }' }, { headers: { authorization: `Bearer ${'t'.repeat(10_000)}` } }),
    expected: refused('UNAUTHENTICATED', [200, 401]),
  },
];

// ---------------------------------------------------------------------------------------------
// Every string argument, given 100,000 characters, a NUL byte, a lone surrogate, a right-to-left
// override or emoji.

type Oddity = 'long' | 'nul' | 'surrogate' | 'rtl' | 'emoji';
const ODDITIES: Record<Exclude<Oddity, 'long'>, string> = { nul: '\u0000', surrogate: '\ud800', rtl: '\u202e', emoji: '🌧️🏳️‍🌈' };
const ODDITY_NAMES: Record<Oddity, string> = {
  long: 'a string of 100,000 characters',
  nul: 'a NUL byte',
  surrogate: 'a lone surrogate',
  rtl: 'a right-to-left override (U+202E)',
  emoji: 'emoji',
};

interface StringArgument {
  name: string;
  /** The value to send: 100,000 characters, or a plausible value with the odd character inside. */
  value(oddity: Oddity, f: Fixture): string;
  request(value: string, f: Fixture): HttpRequest;
  expected: Record<Oddity, Expected>;
}

const all = (expected: Expected): Record<Oddity, Expected> => ({
  long: expected,
  nul: expected,
  surrogate: expected,
  rtl: expected,
  emoji: expected,
});
/** Control characters, lone surrogates and bidi overrides are refused in text that others read back. */
const refusedExceptEmoji = (emoji: Expected): Record<Oddity, Expected> => ({ ...all(refused('BAD_USER_INPUT')), emoji });
const inside =
  (before: string, after = '') =>
  (oddity: Oddity) =>
    oddity === 'long' ? 'x'.repeat(LONG) : `${before}${ODDITIES[oddity]}${after}`;

const stringArguments: StringArgument[] = [
  {
    name: 'locations(search)',
    value: inside('ber'),
    request: (v) =>
      post({ query: 'query ($v: String) { locations(search: $v, first: 5) { totalCount edges { matchedName } } }', variables: { v } }),
    expected: {
      long: refused('BAD_USER_INPUT'),
      // Treated as data: finds only places whose folded name starts with it (none), or refused.
      nul: refused([null, 'BAD_USER_INPUT'], 200, { check: namesStartWith('ber\u0000') }),
      surrogate: refused([null, 'BAD_USER_INPUT'], 200, { check: namesStartWith('ber\ud800') }),
      rtl: refused([null, 'BAD_USER_INPUT'], 200, { check: namesStartWith('ber\u202e') }),
      emoji: refused([null, 'BAD_USER_INPUT'], 200, { check: namesStartWith(`ber${ODDITIES.emoji}`) }),
    },
  },
  {
    name: 'locations(countryCode)',
    value: (oddity) => (oddity === 'long' ? 'D'.repeat(LONG) : oddity === 'emoji' ? '🇩🇪' : `D${ODDITIES[oddity]}`),
    request: (v) => post({ query: 'query ($v: String) { locations(countryCode: $v, first: 5) { totalCount } }', variables: { v } }),
    expected: all(refused('BAD_USER_INPUT')),
  },
  {
    name: 'locations(after)',
    value: (oddity, f) => (oddity === 'long' ? 'A'.repeat(LONG) : `${f.populationCursor}${ODDITIES[oddity]}`),
    request: (v) => post({ query: 'query ($v: String) { locations(after: $v, first: 5) { totalCount } }', variables: { v } }),
    expected: all(refused('BAD_USER_INPUT')),
  },
  {
    name: 'location(id)',
    value: (oddity, f) => (oddity === 'long' ? 'A'.repeat(LONG) : `${f.locationId}${ODDITIES[oddity]}`),
    request: (v) => post({ query: 'query ($v: ID!) { location(id: $v) { name } }', variables: { v } }),
    expected: all(refused('BAD_USER_INPUT')),
  },
  {
    name: 'node(id)',
    value: (oddity, f) => (oddity === 'long' ? 'A'.repeat(LONG) : `${f.locationId}${ODDITIES[oddity]}`),
    request: (v) => post({ query: 'query ($v: ID!) { node(id: $v) { id } }', variables: { v } }),
    expected: all(refused('BAD_USER_INPUT')),
  },
  {
    name: 'hourly(from)',
    value: (oddity) => (oddity === 'long' ? `2026-03-28T12:00:00${'0'.repeat(LONG)}Z` : `2026-03-28T12:00:00${ODDITIES[oddity]}Z`),
    request: (v, f) =>
      post({
        query: 'query ($id: ID!, $v: DateTime) { location(id: $id) { hourly(from: $v, hours: 2) { time } } }',
        variables: { id: f.locationId, v },
      }),
    // The DateTime scalar refuses it while coercing the variables.
    expected: all(refused('BAD_USER_INPUT', 400)),
  },
  {
    name: 'signUp(email)',
    value: (oddity) => (oddity === 'long' ? `${'a'.repeat(LONG - 12)}@example.com` : `ana${ODDITIES[oddity]}@example.com`),
    request: (email) =>
      post({
        query: 'mutation ($input: SignUpInput!) { signUp(input: $input) { account { email } } }',
        variables: { input: { email, password: 'correct horse battery' } },
      }),
    // An internationalised address may carry emoji; refusing it is as fine.
    expected: refusedExceptEmoji(refused([null, 'BAD_USER_INPUT'])),
  },
  {
    name: 'signUp(password)',
    value: (oddity) => (oddity === 'long' ? 'p'.repeat(LONG) : `correct horse ${ODDITIES[oddity]} battery`),
    request: (password, f) =>
      post({
        query: 'mutation ($input: SignUpInput!) { signUp(input: $input) { account { email } } }',
        variables: { input: { email: f.freshEmail(), password } },
      }),
    expected: {
      long: refused('BAD_USER_INPUT'),
      nul: refused([null, 'BAD_USER_INPUT']),
      surrogate: refused([null, 'BAD_USER_INPUT']),
      rtl: refused([null, 'BAD_USER_INPUT']),
      emoji: refused([null, 'BAD_USER_INPUT']),
    },
  },
  {
    name: 'signUp(displayName)',
    value: inside('Ana ', ' Lima'),
    request: (displayName, f) =>
      post({
        query: 'mutation ($input: SignUpInput!) { signUp(input: $input) { account { displayName } } }',
        variables: { input: { email: f.freshEmail(), password: 'correct horse battery', displayName } },
      }),
    expected: refusedExceptEmoji(ok((body) => expect(body.data.signUp.account.displayName).toBe(`Ana ${ODDITIES.emoji} Lima`))),
  },
  {
    name: 'logIn(email)',
    // Not the addresses of the signUp(email) rows: those may have been signed up.
    value: (oddity) => (oddity === 'long' ? `${'a'.repeat(LONG - 12)}@example.com` : `lia${ODDITIES[oddity]}@example.com`),
    request: (email) =>
      post({
        query: 'mutation ($input: LogInInput!) { logIn(input: $input) { token } }',
        variables: { input: { email, password: 'correct horse battery' } },
      }),
    // No account can have such an address: refusing it or not finding it are both right.
    expected: { ...all(refused(['BAD_USER_INPUT', 'UNAUTHENTICATED'])), long: refused('BAD_USER_INPUT') },
  },
  {
    name: 'logIn(password)',
    value: (oddity) => (oddity === 'long' ? 'p'.repeat(LONG) : `correct horse ${ODDITIES[oddity]} battery`),
    request: (password, f) =>
      post({
        query: 'mutation ($input: LogInInput!) { logIn(input: $input) { token } }',
        variables: { input: { email: f.email, password } },
      }),
    expected: all(refused(['UNAUTHENTICATED', 'BAD_USER_INPUT'])),
  },
  {
    name: 'addFavorite(locationId)',
    value: (oddity, f) => (oddity === 'long' ? 'A'.repeat(LONG) : `${f.unsavedLocation()}${ODDITIES[oddity]}`),
    request: (locationId) => post({ query: ADD, variables: { input: { locationId } } }, { authenticated: true }),
    expected: all(refused('BAD_USER_INPUT')),
  },
  {
    name: 'addFavorite(label)',
    value: inside('Home ', ' sweet'),
    request: (label, f) => post({ query: ADD, variables: { input: { locationId: f.unsavedLocation(), label } } }, { authenticated: true }),
    expected: refusedExceptEmoji(ok((body) => expect(body.data.addFavorite.favorite.label).toBe(`Home ${ODDITIES.emoji} sweet`))),
  },
  {
    name: 'removeFavorite(id)',
    value: (oddity, f) => (oddity === 'long' ? 'A'.repeat(LONG) : `${f.favoriteId}${ODDITIES[oddity]}`),
    request: (id) =>
      post({ query: 'mutation ($id: ID!) { removeFavorite(id: $id) { removedFavoriteId } }', variables: { id } }, { authenticated: true }),
    expected: all(refused('BAD_USER_INPUT')),
  },
  {
    name: 'moveFavorite(id)',
    value: (oddity, f) => (oddity === 'long' ? 'A'.repeat(LONG) : `${f.favoriteId}${ODDITIES[oddity]}`),
    request: (id) =>
      post(
        { query: 'mutation ($id: ID!) { moveFavorite(id: $id, position: 0) { account { favorites { id } } } }', variables: { id } },
        { authenticated: true },
      ),
    expected: all(refused('BAD_USER_INPUT')),
  },
  {
    name: 'deleteAccount(password)',
    value: (oddity) => (oddity === 'long' ? 'p'.repeat(LONG) : `correct horse ${ODDITIES[oddity]} battery`),
    request: (password) =>
      post({ query: 'mutation ($p: String!) { deleteAccount(password: $p) }', variables: { p: password } }, { authenticated: true }),
    expected: all(refused(['FORBIDDEN', 'BAD_USER_INPUT'])),
  },
];

const stringRows: Row[] = stringArguments.flatMap(({ name, value, request, expected }) =>
  (Object.keys(ODDITY_NAMES) as Oddity[]).map((oddity): Row => ({
    name: `${name} with ${ODDITY_NAMES[oddity]}`,
    request: (f) => request(value(oddity, f), f),
    expected: expected[oddity],
  })),
);

// ---------------------------------------------------------------------------------------------
// SQL metacharacters are data.

const SEARCH = 'query ($v: String) { locations(search: $v, first: 20) { totalCount edges { matchedName node { name } } } }';
const sqlRows: Row[] = [
  // Punctuation folds to a space, as in names ("St. Louis" is "st louis"): only the letters are a prefix.
  ...['%', '_', '\\', '"--'].map((search): Row => ({
    name: `a search for ${JSON.stringify(search)} (blank once punctuation is folded) is BAD_USER_INPUT`,
    request: () => post({ query: SEARCH, variables: { v: search } }),
    expected: refused('BAD_USER_INPUT'),
  })),
  ...['a%', 'b_r', '; drop table locations; --', '" or 1=1 --', 'ber%lin', "o'"].map((search): Row => ({
    name: `a search for ${JSON.stringify(search)} finds only names starting with it`,
    request: () => post({ query: SEARCH, variables: { v: search } }),
    expected: ok(namesStartWith(search)),
  })),
  {
    name: `a search for "'" (blank once apostrophes are folded) is BAD_USER_INPUT`,
    request: () => post({ query: SEARCH, variables: { v: "'" } }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'a search for "\'s-Hertogenbosch" finds it',
    request: () => post({ query: SEARCH, variables: { v: "'s-Hertogenbosch" } }),
    expected: ok((body) => expect(body.data.locations.edges[0]?.node.name).toBe("'s-Hertogenbosch")),
  },
  {
    name: 'a countryCode of "\'%" is BAD_USER_INPUT',
    request: () => post({ query: 'query ($v: String) { locations(countryCode: $v) { totalCount } }', variables: { v: "'%" } }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'a label of SQL is saved as written',
    request: (f) =>
      post(
        { query: ADD, variables: { input: { locationId: f.unsavedLocation(), label: "'); drop table favorites; --" } } },
        { authenticated: true },
      ),
    expected: ok((body) => expect(body.data.addFavorite.favorite.label).toBe("'); drop table favorites; --")),
  },
  {
    name: 'a log-in with SQL for an email is UNAUTHENTICATED',
    request: () =>
      post({
        query: 'mutation ($input: LogInInput!) { logIn(input: $input) { token } }',
        variables: { input: { email: "x'or'1'='1@example.com", password: "' or ''='" } },
      }),
    expected: refused('UNAUTHENTICATED'),
  },
];

// ---------------------------------------------------------------------------------------------
// Numbers out of range, not integers, or beyond what JSON's doubles hold.

const FIRST = 'query ($v: Int) { locations(first: $v) { totalCount } }';
const HOURS = 'query ($id: ID!, $v: Int) { location(id: $id) { hourly(hours: $v) { time } } }';
const DAYS = 'query ($id: ID!, $v: Int) { location(id: $id) { daily(days: $v) { date } } }';
const MOVE = 'mutation ($id: ID!, $v: Int!) { moveFavorite(id: $id, position: $v) { account { favorites { id } } } }';
const NEAR = 'query ($near: GeoPointInput) { locations(near: $near, first: 1) { totalCount } }';
const near = (fields: string) => `{ locations(near: { ${fields} }, first: 1) { totalCount } }`;

const intRows: Row[] = (
  [
    ['first', FIRST, () => ({}), false, [0, -1, 101, 2_147_483_647]],
    ['hours', HOURS, (f: Fixture) => ({ id: f.locationId }), false, [0, -1, 241, 2_147_483_647]],
    ['days', DAYS, (f: Fixture) => ({ id: f.locationId }), false, [0, -1, 11, 2_147_483_647]],
    ['position', MOVE, (f: Fixture) => ({ id: f.favoriteId }), true, [-1, 50, 2_147_483_647]],
  ] as const
).flatMap(([argument, query, base, authenticated, outOfRange]) => [
  ...outOfRange.map((v): Row => ({
    name: `${argument}: ${v} is BAD_USER_INPUT`,
    request: (f) => post({ query, variables: { ...base(f), v } }, { authenticated }),
    expected: refused('BAD_USER_INPUT'),
  })),
  // Not a GraphQL Int at all: refused while coercing the variables.
  ...['2147483648', '-2147483649', '1.5', '1e309', '-1e309', '"10"', '[1]', '{}'].map((json): Row => ({
    name: `${argument}: ${json} (JSON) is 400 BAD_USER_INPUT`,
    request: (f) => {
      const rest = JSON.stringify(base(f)).slice(1, -1);
      return postRawVariables(query, `{${rest ? `${rest},` : ''}"v":${json}}`, { authenticated });
    },
    expected: refused('BAD_USER_INPUT', 400),
  })),
]);

const floatRows: Row[] = [
  ...(
    [
      ['latitude: 91', { latitude: 91, longitude: 0 }],
      ['latitude: -90.0001', { latitude: -90.0001, longitude: 0 }],
      ['longitude: 180.5', { latitude: 0, longitude: 180.5 }],
      ['longitude: -1000', { latitude: 0, longitude: -1000 }],
      ['radiusKm: 0', { latitude: 52.5, longitude: 13.4, radiusKm: 0 }],
      ['radiusKm: -5', { latitude: 52.5, longitude: 13.4, radiusKm: -5 }],
      ['radiusKm: 501', { latitude: 52.5, longitude: 13.4, radiusKm: 501 }],
    ] as const
  ).map(([what, value]): Row => ({
    name: `near.${what} is BAD_USER_INPUT`,
    request: () => post({ query: NEAR, variables: { near: value } }),
    expected: refused('BAD_USER_INPUT'),
  })),
  // JSON.parse reads 1e309 as Infinity, which no GraphQL Float may be.
  ...(
    [
      ['latitude: 1e309', '{"latitude":1e309,"longitude":0}'],
      ['longitude: -1e309', '{"latitude":0,"longitude":-1e309}'],
      ['radiusKm: 1e309', '{"latitude":0,"longitude":0,"radiusKm":1e309}'],
      ['latitude: "NaN"', '{"latitude":"NaN","longitude":0}'],
      ['latitude: "Infinity"', '{"latitude":"Infinity","longitude":0}'],
      ['latitude: null', '{"latitude":null,"longitude":0}'],
      ['latitude: true', '{"latitude":true,"longitude":0}'],
    ] as const
  ).map(([what, json]): Row => ({
    name: `near.${what} (JSON) is 400 BAD_USER_INPUT`,
    request: () => postRawVariables(NEAR, `{"near":${json}}`),
    expected: refused('BAD_USER_INPUT', 400),
  })),
  // A GraphQL float literal too large for a double parses to Infinity: the resolver must refuse it.
  ...(
    [
      ['latitude: 1e309', 'latitude: 1e309, longitude: 0'],
      ['longitude: -1e309', 'latitude: 0, longitude: -1e309'],
      ['radiusKm: 1e309', 'latitude: 0, longitude: 0, radiusKm: 1e309'],
      ['radiusKm: 1e-400 (rounds to 0)', 'latitude: 0, longitude: 0, radiusKm: 1e-400'],
    ] as const
  ).map(([what, fields]): Row => ({
    name: `near.${what} inline is BAD_USER_INPUT`,
    request: () => post({ query: near(fields) }),
    expected: refused(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED'], [200, 400]),
  })),
];

// ---------------------------------------------------------------------------------------------
// Dates: every refusal a BAD_USER_INPUT whose message shows no nonsense offset.

const FROM = 'query ($id: ID!, $v: DateTime) { location(id: $id) { hourly(from: $v, hours: 2) { time } } }';
/** An offset of more than two hour digits, as a formatted year-0 instant once showed (+16663824:53). */
const GARBAGE_OFFSET = /[+-]\d{3,}:\d\d/;

const dateRows: Row[] = [
  // Well-formed, but out of any range a forecast can have: the scalar or the resolver refuses it.
  ...['0000-01-01T00:00:00Z', '9999-12-31T23:00:00Z', '1000-01-01T00:00:00+01:00'].map((from): Row => ({
    name: `from: "${from}" is BAD_USER_INPUT with a sane message`,
    request: (f) => post({ query: FROM, variables: { id: f.locationId, v: from } }),
    expected: refused('BAD_USER_INPUT', [200, 400], { notMessage: GARBAGE_OFFSET }),
  })),
  ...[
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-03-28T24:00:00Z',
    '2026-03-28T12:00:00',
    '2026-03-28T12:00:00+24:00',
    '2026-03-28',
    '+275760-09-13T00:00:00Z',
    '',
  ].map((from): Row => ({
    name: `from: ${JSON.stringify(from)} is 400 BAD_USER_INPUT`,
    request: (f) => post({ query: FROM, variables: { id: f.locationId, v: from } }),
    expected: refused('BAD_USER_INPUT', 400, { notMessage: GARBAGE_OFFSET }),
  })),
  {
    name: 'from: 1774699200 (a number) is 400 BAD_USER_INPUT',
    request: (f) => post({ query: FROM, variables: { id: f.locationId, v: 1_774_699_200 } }),
    expected: refused('BAD_USER_INPUT', 400),
  },
  {
    name: 'from: "0000-01-01T00:00:00Z" inline is refused with a sane message',
    request: (f) => post({ query: `{ location(id: "${f.locationId}") { hourly(from: "0000-01-01T00:00:00Z") { time } } }` }),
    expected: refused(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED'], [200, 400], { notMessage: GARBAGE_OFFSET }),
  },
];

// ---------------------------------------------------------------------------------------------
// IDs and cursors of the wrong kind.

const base64url = (text: string) => Buffer.from(text).toString('base64url');
const LOCATION = 'query ($v: ID!) { location(id: $v) { name } }';
const NODE = 'query ($v: ID!) { node(id: $v) { id } }';

const idRows: Row[] = [
  {
    name: 'location(id) given a Favorite ID is BAD_USER_INPUT',
    request: (f) => post({ query: LOCATION, variables: { v: f.favoriteId } }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'location(id) given an Account ID is BAD_USER_INPUT',
    request: (f) => post({ query: LOCATION, variables: { v: f.accountId } }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'location(id) given "" is BAD_USER_INPUT',
    request: () => post({ query: LOCATION, variables: { v: '' } }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'location(id) given 10,000 characters is BAD_USER_INPUT',
    request: () => post({ query: LOCATION, variables: { v: 'TG9j'.repeat(2_500) } }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'location(id) given an unknown Location ID is NOT_FOUND',
    request: () => post({ query: LOCATION, variables: { v: base64url('Location:999999999') } }),
    expected: refused('NOT_FOUND'),
  },
  {
    name: 'location(id) given the number 5 (JSON) is BAD_USER_INPUT',
    request: () => post({ query: LOCATION, variables: { v: 5 } }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'location(id) given an object (JSON) is 400 BAD_USER_INPUT',
    request: () => post({ query: LOCATION, variables: { v: { id: 1 } } }),
    expected: refused('BAD_USER_INPUT', 400),
  },
  ...[
    'SGVsbG8gd29ybGQ',
    base64url('Location:0'),
    base64url('Location:-1'),
    base64url('Location:1e3'),
    base64url('Planet:1'),
    base64url('Location:99999999999999999999'),
    '!!!',
    'TG9jYXRpb246MQ==',
  ].map((id): Row => ({
    name: `node(id: ${JSON.stringify(id)}) is BAD_USER_INPUT`,
    request: () => post({ query: NODE, variables: { v: id } }),
    expected: refused('BAD_USER_INPUT'),
  })),
  {
    name: 'node(id) given "" is BAD_USER_INPUT',
    request: () => post({ query: NODE, variables: { v: '' } }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'node(id) given 10,000 characters is BAD_USER_INPUT',
    request: () => post({ query: NODE, variables: { v: 'A'.repeat(10_000) } }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'node(id) given another person’s favorite is NOT_FOUND',
    request: (f) => post({ query: NODE, variables: { v: f.othersFavoriteId } }, { authenticated: true }),
    expected: refused('NOT_FOUND'),
  },
  {
    name: 'node(id) given an Account ID without a token is NOT_FOUND',
    request: (f) => post({ query: NODE, variables: { v: f.accountId } }),
    expected: refused('NOT_FOUND'),
  },
  {
    name: 'moveFavorite(id) given a Location ID is BAD_USER_INPUT',
    request: (f) => post({ query: MOVE, variables: { id: f.locationId, v: 0 } }, { authenticated: true }),
    expected: refused(['BAD_USER_INPUT', 'NOT_FOUND']),
  },
  {
    name: 'moveFavorite(id) given "" is BAD_USER_INPUT',
    request: () => post({ query: MOVE, variables: { id: '', v: 0 } }, { authenticated: true }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'moveFavorite(id) given random base64 is BAD_USER_INPUT',
    request: () => post({ query: MOVE, variables: { id: 'q83vEjRWeJA', v: 0 } }, { authenticated: true }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'moveFavorite(id) given 10,000 characters is BAD_USER_INPUT',
    request: () => post({ query: MOVE, variables: { id: 'A'.repeat(10_000), v: 0 } }, { authenticated: true }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'moveFavorite(id) given another person’s favorite is NOT_FOUND',
    request: (f) => post({ query: MOVE, variables: { id: f.othersFavoriteId, v: 0 } }, { authenticated: true }),
    expected: refused('NOT_FOUND'),
  },
  {
    name: 'moveFavorite without a token is UNAUTHENTICATED',
    request: (f) => post({ query: MOVE, variables: { id: f.favoriteId, v: 0 } }),
    expected: refused('UNAUTHENTICATED'),
  },
  {
    name: 'addFavorite(locationId) given a Favorite ID is BAD_USER_INPUT',
    request: (f) => post({ query: ADD, variables: { input: { locationId: f.favoriteId } } }, { authenticated: true }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'removeFavorite(id) given random base64 is BAD_USER_INPUT',
    request: () =>
      post(
        { query: 'mutation ($id: ID!) { removeFavorite(id: $id) { removedFavoriteId } }', variables: { id: 'SGVsbG8gd29ybGQ' } },
        { authenticated: true },
      ),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'a near cursor given to a search without near is BAD_USER_INPUT',
    request: (f) => post({ query: 'query ($v: String) { locations(after: $v) { totalCount } }', variables: { v: f.nearCursor } }),
    expected: refused('BAD_USER_INPUT'),
  },
  {
    name: 'a population cursor given to a near search is BAD_USER_INPUT',
    request: (f) =>
      post({
        query: 'query ($v: String) { locations(near: { latitude: 52.5, longitude: 13.4 }, after: $v) { totalCount } }',
        variables: { v: f.populationCursor },
      }),
    expected: refused('BAD_USER_INPUT'),
  },
  ...[
    '',
    'SGVsbG8gd29ybGQ',
    base64url('["p","x",1]'),
    base64url('["p",1e999,1]'),
    base64url('["p",1,1.5]'),
    base64url('["q",1,1]'),
    base64url('{}'),
  ].map((cursor): Row => ({
    name: `after: ${JSON.stringify(cursor)} is BAD_USER_INPUT`,
    request: () => post({ query: 'query ($v: String) { locations(after: $v) { totalCount } }', variables: { v: cursor } }),
    expected: refused('BAD_USER_INPUT'),
  })),
];

const rows: Row[] = [...transportRows, ...requestErrorRows, ...stringRows, ...sqlRows, ...intRows, ...floatRows, ...dateRows, ...idRows];

// ---------------------------------------------------------------------------------------------

/** What production must never show a client: stack frames, file paths, SQL or the database's name. */
const LEAK =
  /stacktrace|\bat \S+ \(|\.(?:ts|js|mjs|cjs):\d+|node_modules|\/work\/|\/tmp\/|\/src\/|sqlite|drizzle|\bselect\b[^"]{0,200}\bfrom\b|\binsert into\b|near "[^"]*": syntax error/i;

async function fixture(server: TestServer): Promise<Fixture> {
  const person = await signUp(server, 'bad-input');
  const other = await signUp(server, 'bad-input-other');
  const places = await placeIds(server, 'countryCode: "NO"', 40);
  const save = async (token: string, locationId: string) => {
    const res = await server.gql(ADD, { input: { locationId } }, { token });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.addFavorite.favorite.id as string;
  };
  const favoriteId = await save(person.token, places[0]!);
  const othersFavoriteId = await save(other.token, places[0]!);
  const cursor = async (args: string) => {
    const res = await server.gql(`{ locations(${args}, first: 1) { pageInfo { endCursor } } }`);
    return res.body.data.locations.pageInfo.endCursor as string;
  };
  let unsaved = 1;
  let emails = 0;
  return {
    token: person.token,
    email: person.email,
    password: person.password,
    accountId: person.id,
    favoriteId,
    othersFavoriteId,
    locationId: places[0]!,
    unsavedLocation: () => places[unsaved++ % places.length]!,
    freshEmail: () => `bad-input-${process.pid}-${++emails}@example.com`,
    populationCursor: await cursor('countryCode: "NO"'),
    nearCursor: await cursor('near: { latitude: 59.91, longitude: 10.75 }'),
  };
}

async function send(server: TestServer, f: Fixture, request: HttpRequest): Promise<{ status: number; text: string }> {
  const headers = { ...request.headers, ...(request.authenticated ? { authorization: `Bearer ${f.token}` } : {}) };
  const response = await fetch(`${server.url}${request.search ?? ''}`, { method: request.method ?? 'POST', headers, body: request.body });
  return { status: response.status, text: await response.text() };
}

const list = <T>(value: T | readonly T[]): readonly T[] => (Array.isArray(value) ? value : [value as T]);
const either = (values: readonly unknown[]) => values.map((v) => (v === null ? 'no error' : String(v))).join(' or ');
const shorten = (text: string) => (text.length > 2_000 ? `${text.slice(0, 2_000)}… (${text.length} characters)` : text);

function tableIn(configuration: { production: boolean }) {
  let server: TestServer;
  let f: Fixture;
  beforeAll(async () => {
    server = await startTestServer(configuration);
    f = await fixture(server);
  });
  afterAll(() => server.stop());

  it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, { request, expected }) => {
    // Each row past the log-in failure window of the one before: the failed log-ins of earlier
    // rows must not make this one RATE_LIMITED.
    server.clock.advance((defaults.loginFailureWindowMinutes + 1) * 60_000);
    const { status, text } = await send(server, f, request(f));
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`The body is not JSON (status ${status}): ${shorten(text)}`);
    }
    const codes = [...new Set((body.errors ?? []).map((e: any) => e?.extensions?.code ?? '(no code)'))];
    const code = codes.length === 0 ? null : codes.length === 1 ? codes[0] : codes.join(' and ');

    const statuses = list(expected.status);
    const wantedCodes = list(expected.code);
    // On a mismatch the diff shows the whole body, so the failure explains itself.
    expect({ status, code, body: shorten(text) }).toEqual({
      status: statuses.includes(status) ? status : either(statuses),
      code: wantedCodes.includes(code as Code | null) ? code : either(wantedCodes),
      body: shorten(text),
    });

    const messages: string[] = (body.errors ?? []).map((e: any) => String(e?.message));
    if (expected.message) expect(messages[0]).toMatch(expected.message);
    if (expected.notMessage) for (const message of messages) expect(message).not.toMatch(expected.notMessage);
    if (expected.check && code === null) expected.check(body);
    if (configuration.production) expect(text).not.toMatch(LEAK);
  });

  it('is still ready after the table, with its places intact', async () => {
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
    const res = await server.gql('{ locations(search: "berlin", first: 1) { nodes { name } } }');
    expect(res.body.data.locations.nodes[0].name).toBe('Berlin');
  });
}

describe('in development', () => tableIn({ production: false }));
describe('in production', () => tableIn({ production: true }));
