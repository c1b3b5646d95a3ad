/**
 * Trusted documents over HTTP: with TRUSTED_DOCUMENTS the server runs the manifest's documents,
 * by `documentId` or by their exact text, and nothing else; without it, any operation runs,
 * APQ included, and a `documentId` names nothing. The manifest is written here the way
 * @graphql-codegen/client-preset writes persisted-documents.json (`sha256:` and the SHA-256 hex
 * of each document's text), so these tests do not depend on the example client.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnChildServer } from '../support/child-server.js';
import { startTestServer, type TestServer } from '../support/server.js';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

const hex = (text: string) => createHash('sha256').update(text).digest('hex');
const idOf = (text: string) => `sha256:${hex(text)}`;

const PLACES = 'query Places($search: String!) { locations(search: $search, first: 2) { nodes { id name } } }';
const PLACE = 'query Place($id: ID!) { location(id: $id) { name timezone } }';
const SIGN_UP = 'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token } }';
const UNLISTED = '{ locations(search: "oslo", first: 1) { nodes { name } } }';

const dir = mkdtempSync(join(tmpdir(), 'skygraph-trusted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeManifest(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}
const manifestPath = writeManifest(
  'persisted-documents.json',
  Object.fromEntries([PLACES, PLACE, SIGN_UP].map((text) => [idOf(text), text])),
);

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** POSTs `body` (JSON unless a string) as Apollo Client does. */
async function post(server: TestServer, body: unknown, accept = `${GRAPHQL_RESPONSE}, application/json;q=0.9`): Promise<Answer> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** GETs with these search parameters, past CSRF prevention. */
async function get(server: TestServer, params: [string, string][]): Promise<Answer> {
  const response = await fetch(`${server.url}?${new URLSearchParams(params)}`, {
    headers: { 'apollo-require-preflight': 'true', accept: GRAPHQL_RESPONSE },
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** The one error of a refused request: no data, one error, with `code`. */
function refused(answer: Answer, code: string, status = 400) {
  expect(answer.status).toBe(status);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors[0].extensions.code).toBe(code);
  return answer.body.errors[0].message as string;
}

describe('with TRUSTED_DOCUMENTS, in production', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ production: true, config: { trustedDocumentsPath: manifestPath } })));
  afterAll(() => server.stop());

  it('runs a listed operation by its documentId, with variables, as the client preset sends it', async () => {
    const places = await post(server, { documentId: idOf(PLACES), operationName: 'Places', variables: { search: 'oslo' } });
    expect(places.status).toBe(200);
    expect(places.body.errors).toBeUndefined();
    const [oslo] = places.body.data.locations.nodes;
    expect(oslo.name).toBe('Oslo');

    const place = await post(server, { documentId: idOf(PLACE), variables: { id: oslo.id } });
    expect(place.body).toEqual({ data: { location: { name: 'Oslo', timezone: 'Europe/Oslo' } } });
    // The bare hex names the same document.
    expect((await post(server, { documentId: hex(PLACE), variables: { id: oslo.id } })).body).toEqual(place.body);
  });

  it('runs a listed query by GET, and refuses a listed mutation by GET with 405 without running it', async () => {
    const res = await get(server, [
      ['documentId', idOf(PLACES)],
      ['variables', JSON.stringify({ search: 'oslo' })],
    ]);
    expect(res.status).toBe(200);
    expect(res.body.data.locations.nodes[0].name).toBe('Oslo');

    const input = { email: `get-${process.pid}@example.com`, password: 'correct horse battery' };
    const viaGet = await get(server, [
      ['documentId', idOf(SIGN_UP)],
      ['variables', JSON.stringify({ input })],
    ]);
    refused(viaGet, 'BAD_REQUEST', 405);
    expect(viaGet.headers.get('allow')).toBe('POST');
    // Had the GET signed up, this email would now be taken.
    const viaPost = await post(server, { documentId: idOf(SIGN_UP), variables: { input } });
    expect(viaPost.body.errors).toBeUndefined();
    expect(viaPost.body.data.signUp.token).toEqual(expect.any(String));
  });

  it('refuses a query text that is not listed, with 400, or 200 to a client that accepts only application/json', async () => {
    const message = refused(await post(server, { query: UNLISTED }), 'TRUSTED_DOCUMENT_REQUIRED');
    expect(message).toMatch(/runs only its trusted documents.*send the documentId/);
    const jsonOnly = await post(server, { query: UNLISTED }, 'application/json');
    refused(jsonOnly, 'TRUSTED_DOCUMENT_REQUIRED', 200);
    expect(jsonOnly.headers.get('content-type')).toMatch(/^application\/json/);
    refused(await get(server, [['query', UNLISTED]]), 'TRUSTED_DOCUMENT_REQUIRED');
    // Introspection is one more unlisted text.
    refused(await post(server, { query: '{ __schema { types { name } } }' }), 'TRUSTED_DOCUMENT_REQUIRED');
  });

  it('runs a listed document sent as its exact text, but not an edited one', async () => {
    const exact = await post(server, { query: PLACES, variables: { search: 'oslo' } });
    expect(exact.body.errors).toBeUndefined();
    expect(exact.body.data.locations.nodes[0].name).toBe('Oslo');
    const reformatted = PLACES.replace('first: 2', 'first:2');
    refused(await post(server, { query: reformatted, variables: { search: 'oslo' } }), 'TRUSTED_DOCUMENT_REQUIRED');
  });

  it('answers an unknown documentId with TRUSTED_DOCUMENT_NOT_FOUND, not the APQ code that makes clients resend', async () => {
    const unknown = idOf('{ me { email } }');
    const message = refused(await post(server, { documentId: unknown }), 'TRUSTED_DOCUMENT_NOT_FOUND');
    expect(message).toContain(`No trusted document has the id "${unknown}"`);
    refused(await get(server, [['documentId', unknown]]), 'TRUSTED_DOCUMENT_NOT_FOUND');
  });

  it('does not let APQ register or run a query that is not listed', async () => {
    const sha256Hash = hex(UNLISTED);
    const persistedQuery = { version: 1, sha256Hash };
    refused(await post(server, { query: UNLISTED, extensions: { persistedQuery } }), 'TRUSTED_DOCUMENT_REQUIRED');
    refused(await post(server, { extensions: { persistedQuery } }), 'TRUSTED_DOCUMENT_NOT_FOUND');
    refused(await get(server, [['extensions', JSON.stringify({ persistedQuery })]]), 'TRUSTED_DOCUMENT_NOT_FOUND');
  });

  it("runs a listed document by its APQ hash, as Apollo Client's persisted-query link sends it", async () => {
    const res = await post(server, {
      variables: { search: 'oslo' },
      extensions: { persistedQuery: { version: 1, sha256Hash: hex(PLACES) } },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.locations.nodes[0].name).toBe('Oslo');
  });

  it('refuses a documentId that is not a string, not an id, or sent with a query, echoing at most a little of it', async () => {
    for (const documentId of [42, [idOf(PLACES)], { id: idOf(PLACES) }, true]) {
      expect(refused(await post(server, { documentId }), 'BAD_REQUEST')).toMatch(/^documentId must be a string, got an? \w+$/);
    }
    for (const documentId of ['', idOf(PLACES).toUpperCase(), `md5:${hex(PLACES).slice(0, 32)}`, `sha256:${'a'.repeat(100_000)}`]) {
      const message = refused(await post(server, { documentId }), 'BAD_REQUEST');
      expect(message).toMatch(/^documentId must be "sha256:" and 64 lower-case hex digits/);
      expect(message.length).toBeLessThan(200);
    }
    expect(refused(await post(server, { documentId: idOf(PLACES), query: PLACES }), 'BAD_REQUEST')).toBe(
      'Send either documentId or query, not both',
    );
    refused(
      await get(server, [
        ['documentId', idOf(PLACES)],
        ['documentId', idOf(PLACE)],
      ]),
      'BAD_REQUEST',
    );
    refused(
      await get(server, [
        ['documentId', idOf(PLACES)],
        ['query', PLACES],
      ]),
      'BAD_REQUEST',
    );
  });

  it('serves a repeated documentId from the response cache, and never one id the answer of another', async () => {
    const request = { documentId: idOf(PLACES), variables: { search: 'bergen' } };
    const first = await post(server, request);
    expect(first.body.errors).toBeUndefined();
    server.statements.reset();
    const second = await post(server, request);
    expect(server.statements.count).toBe(0);
    expect(second.headers.get('age')).not.toBeNull();
    expect(second.body).toEqual(first.body);

    const [bergen] = first.body.data.locations.nodes;
    const other = await post(server, { documentId: idOf(PLACE), variables: { search: 'bergen', id: bergen.id } });
    expect(other.body).toEqual({ data: { location: { name: bergen.name, timezone: 'Europe/Oslo' } } });
  });
});

describe('without TRUSTED_DOCUMENTS', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ production: true })));
  afterAll(() => server.stop());

  it('runs any operation, and says that a documentId names nothing here', async () => {
    const res = await post(server, { query: UNLISTED });
    expect(res.body.data.locations.nodes[0].name).toBe('Oslo');
    const message = refused(await post(server, { documentId: idOf(PLACES) }), 'TRUSTED_DOCUMENT_NOT_FOUND');
    expect(message).toMatch(/^This server has no trusted documents, so documentId "sha256:[0-9a-f]{64}" names nothing/);
  });

  it('keeps Automatic Persisted Queries: a hash unknown, then registered with its query, then run alone', async () => {
    const query = '{ locations(search: "trondheim", first: 1) { nodes { name } } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: hex(query) } };
    const unknown = await post(server, { extensions });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(server, { query, extensions });
    expect(registered.body).toEqual({ data: { locations: { nodes: [{ name: 'Trondheim' }] } } });
    const byHash = await post(server, { extensions });
    expect(byHash.body).toEqual(registered.body);
  });
});

describe('a manifest that does not hold', () => {
  it('stops the start, naming what is wrong', async () => {
    const start = (content: unknown) =>
      startTestServer({ config: { trustedDocumentsPath: writeManifest(`bad-${Math.random()}.json`, content) } });
    await expect(startTestServer({ config: { trustedDocumentsPath: join(dir, 'missing.json') } })).rejects.toThrow(
      /missing\.json cannot be read: ENOENT/,
    );
    await expect(start('{ not json')).rejects.toThrow(/is not JSON/);
    await expect(start({ [idOf(PLACES)]: PLACE })).rejects.toThrow(/is not the SHA-256 of its document/);
    await expect(start({ [idOf('{ nope }')]: '{ nope }' })).rejects.toThrow(/does not validate against the schema/);
  });

  it('makes the server log a fatal line and exit 1 before it listens', async () => {
    const child = spawnChildServer({ env: { TRUSTED_DOCUMENTS: writeManifest('edited.json', { [idOf(PLACES)]: `${PLACES} ` }) } });
    try {
      // Whichever comes first: a server that accepted the manifest fails here rather than running on.
      const fatal = await child.waitForLog((log) => log.msg === 'cannot start' || log.msg === 'listening', 30_000);
      expect(fatal.msg).toBe('cannot start');
      expect(fatal.level).toBe(60);
      expect(await child.exited).toEqual({ code: 1, signal: null });
      expect((fatal.err as { message?: string } | undefined)?.message).toMatch(/^TRUSTED_DOCUMENTS .*edited\.json has 1 of 1 documents/);
      expect(child.stderr()).toMatch(/Skygraph cannot start: TRUSTED_DOCUMENTS/);
      expect(child.logs().some((log) => log?.msg === 'listening')).toBe(false);
    } finally {
      await child.dispose();
    }
  });
});
