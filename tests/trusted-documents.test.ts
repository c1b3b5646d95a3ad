import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaults } from '../src/config.js';
import { loadTrustedDocuments, type ManifestChecks } from '../src/trusted-documents.js';

const dir = mkdtempSync(join(tmpdir(), 'skygraph-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const checks: ManifestChecks = { limits: defaults.limits, maxFavorites: defaults.maxFavorites, introspection: false };

/** The id @graphql-codegen/client-preset gives a document (its generateDocumentHash with the default sha256). */
const idOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const manifestOf = (...texts: string[]) => Object.fromEntries(texts.map((text) => [idOf(text), text]));

let files = 0;
/** Writes `content` (JSON unless a string) to a new file and loads it as the manifest. */
function load(content: unknown, options: ManifestChecks = checks) {
  const path = join(dir, `manifest-${++files}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return loadTrustedDocuments(path, options);
}
/** The start-up error a manifest gets. */
function refusal(content: unknown, options?: ManifestChecks): string {
  try {
    load(content, options);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the manifest was accepted');
}

const FORECAST = 'query Forecast($id: ID!) { location(id: $id) { name hourly(hours: 24) { time temperature } } }';
const SEARCH =
  'query Search($first: Int!, $hours: Int) { locations(search: "berl", first: $first) { nodes { hourly(hours: $hours) { time } } } }';
const SIGN_UP = 'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token } }';

describe('a trusted documents manifest', () => {
  it("maps each document's SHA-256 hex to its text, as the client preset writes it", () => {
    const trusted = load(manifestOf(FORECAST, SEARCH, SIGN_UP));
    expect(trusted.byHash.size).toBe(3);
    expect(trusted.byHash.get(idOf(FORECAST).slice('sha256:'.length))).toBe(FORECAST);
    expect(trusted.texts.has(SIGN_UP)).toBe(true);
  });

  it('also takes ids of bare hex, as older presets wrote them', () => {
    const hex = idOf(FORECAST).slice('sha256:'.length);
    expect(load({ [hex]: FORECAST }).byHash.get(hex)).toBe(FORECAST);
  });

  it('accepts a document whose cost is over the limit only with large variables', () => {
    // first: 100 and hours: 240 would cost 24,110; the app may ask for 5 places and 24 hours.
    expect(load(manifestOf(SEARCH)).byHash.size).toBe(1);
  });

  it('refuses a file that is missing, not JSON, not an object or empty, saying which', () => {
    expect(() => loadTrustedDocuments(join(dir, 'nothing-here.json'), checks)).toThrow(
      /^TRUSTED_DOCUMENTS .*nothing-here\.json cannot be read: ENOENT/,
    );
    expect(refusal('{"sha256:ab": ')).toMatch(/is not JSON \(.*\): it must be the client preset's persisted-documents\.json/);
    expect(refusal([FORECAST])).toMatch(/must be a JSON object from document ids to document texts, got an array/);
    expect(refusal({})).toMatch(/holds no documents/);
  });

  it('refuses an id that is not the hash of its document, naming the hash it has', () => {
    const edited = { [idOf(FORECAST)]: FORECAST.replace('24', '240') };
    expect(refusal(edited)).toContain(
      `"${idOf(FORECAST)}": is not the SHA-256 of its document, which is ${idOf(FORECAST.replace('24', '240'))}`,
    );
    expect(refusal({ 'md5:0cc175b9c0f1b6a831c399e269772661': FORECAST })).toMatch(/is not a document id: ids are "sha256:"/);
    expect(refusal({ [idOf(FORECAST).toUpperCase()]: FORECAST })).toMatch(/is not a document id/);
    expect(refusal({ [idOf(FORECAST)]: { query: FORECAST } })).toMatch(/must map to the document's text, got an object/);
  });

  it('refuses a document that does not parse or validate against the schema', () => {
    expect(refusal(manifestOf('query { locations { nodes { name } }'))).toMatch(/does not parse: Syntax Error/);
    expect(refusal(manifestOf('query { locations { nodes { nickname } } }'))).toMatch(
      /does not validate against the schema: Cannot query field "nickname" on type "Location"/,
    );
    expect(refusal(manifestOf('subscription Rain { me { email } }'))).toMatch(/subscription Rain: the schema has no subscriptions/);
  });

  it('refuses introspection when the server has it off, as every request of it would be', () => {
    const introspect = '{ __schema { queryType { name } } }';
    expect(refusal(manifestOf(introspect))).toMatch(/does not validate against the schema: GraphQL introspection has been disabled/);
    expect(load(manifestOf(introspect), { ...checks, introspection: true }).byHash.size).toBe(1);
  });

  it('refuses a document past each shape limit, with the numbers', () => {
    const limits = {
      ...defaults.limits,
      maxDepth: 2,
      maxAliases: 1,
      maxRootFields: 2,
      maxDirectives: 1,
      maxTokens: 100,
      maxPasswordChecks: 1,
    };
    const strict = { ...checks, limits };
    expect(refusal(manifestOf(FORECAST), strict)).toMatch(/query Forecast: Query depth limit of 2 exceeded, found 3/);
    expect(refusal(manifestOf('{ a: me { email } b: me { email } }'), strict)).toMatch(/Aliases limit of 1 exceeded, found 2/);
    expect(refusal(manifestOf('{ me { email } __typename location(id: "x") { name } }'), strict)).toMatch(/at most 2 root fields, got 3/);
    expect(refusal(manifestOf('{ me @skip(if: false) { email @include(if: true) } }'), strict)).toMatch(
      /Directives limit of 1 exceeded, found 2/,
    );
    expect(refusal(manifestOf(`{ ${'__typename '.repeat(120)}}`), strict)).toMatch(/does not parse: .*more tha[nt] 100 tokens/);
    const twoLogIns = `mutation { a: logIn(input: { email: "a@example.com", password: "x" }) { token } b: logIn(input: { email: "b@example.com", password: "x" }) { token } }`;
    expect(refusal(manifestOf(twoLogIns), { ...strict, limits: { ...limits, maxAliases: 5 } })).toMatch(
      /mutation: An operation may check at most 1 passwords/,
    );
  });

  it('refuses a document that costs too much whatever its variables', () => {
    const fixed = '{ locations(first: 100) { nodes { hourly(hours: 240) { time } } } }';
    expect(refusal(manifestOf(fixed))).toMatch(
      /query costs at least 24210 whatever its variables, more than the limit of 10000 \(MAX_COST\)/,
    );
    // Only `hours` is a variable: at 1 hour, the 240 hours of `other` for 100 places still cost 10 + 100 × (1 + 2 + 241).
    const cheapestTooDear =
      'query ($h: Int) { locations(first: 100) { nodes { hourly(hours: $h) { time } other: hourly(hours: 240) { time } } } }';
    expect(refusal(manifestOf(cheapestTooDear))).toMatch(/query costs at least 24410 whatever its variables/);
  });

  it('names every bad document in one message', () => {
    const message = refusal({ ...manifestOf(FORECAST, 'query { nope }', '{ me { nope } }'), 'sha256:00': SEARCH });
    expect(message).toMatch(/has 3 of 4 documents this server cannot run/);
    expect(message).toContain(`"${idOf('query { nope }')}": does not validate`);
    expect(message).toContain(`"${idOf('{ me { nope } }')}": does not validate`);
    expect(message).toContain('"sha256:00": is not a document id');
    expect(message).not.toContain(idOf(FORECAST));
  });
});
