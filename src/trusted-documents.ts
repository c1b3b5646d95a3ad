/**
 * Trusted documents: with TRUSTED_DOCUMENTS set, the server runs only the operations of one
 * manifest, the `persisted-documents.json` that @graphql-codegen/client-preset writes with its
 * `persistedDocuments` option when the app is built: a JSON object from each document's id,
 * `sha256:` and the lower-case SHA-256 hex of the document's text, to that text.
 *
 * - At start the manifest is read and every entry checked: its id is the hash of its text, and
 *   the text parses, validates against the schema and keeps within the operation limits (the
 *   shape limits, and the least cost any variables can give it). One bad entry stops the start,
 *   and the message names every bad one.
 * - A request names a document by `documentId` (a POST body member or a GET parameter, as the
 *   GraphQL-over-HTTP persisted documents appendix has it), `sha256:<hex>` or the bare hex. It is
 *   translated into the document's text before Apollo sees it, so that everything after (GET
 *   refusing mutations, the limits, the executor, the response cache) treats it as the query it
 *   is. An unknown id is TRUSTED_DOCUMENT_NOT_FOUND, not Apollo's PERSISTED_QUERY_NOT_FOUND:
 *   that code makes APQ clients send the text again, which cannot help here.
 * - A `query` text runs only when it is a listed document character for character (a client may
 *   send the text it was built with); any other is TRUSTED_DOCUMENT_REQUIRED.
 * - An APQ hash (`extensions.persistedQuery`, Apollo Client's persisted-query link) is looked up
 *   in the manifest too, and the extension is removed from every request: Apollo's own APQ cache
 *   is never consulted, so registering a query cannot become a way around the list.
 *
 * Without a manifest, operations run as sent (APQ included) and a `documentId` cannot be resolved.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { typeDefs } from './apollo.js';
import type { Config } from './config.js';
import { leastCost } from './cost.js';
import { isRecord } from './json.js';
import { shapeRefusal } from './query-limits.js';

/** The documents of one manifest, checked. */
export interface TrustedDocuments {
  /** Each document's text by the SHA-256 hex of that text. */
  readonly byHash: ReadonlyMap<string, string>;
  /** The same texts, to find a `query` sent in full without hashing it. */
  readonly texts: ReadonlySet<string>;
}

/** What of a request Apollo reads to choose what to run: the parsed JSON body of a POST, the query string of a GET. */
export interface GraphQLHttpRequest {
  method: string;
  body: unknown;
  search: string;
}

/** A request as Apollo is to run it, or the error to answer it with instead. */
export interface ResolvedRequest {
  body: unknown;
  search: string;
  refusal?: GraphQLError;
}

/** A document id as the client preset writes it (`sha256:` and 64 lower-case hex digits), or its bare hex. */
const DOCUMENT_ID = /^(?:sha256:)?([0-9a-f]{64})$/;
/** Bad entries named in the start-up error; a manifest built against another schema may have hundreds. */
const PROBLEMS_SHOWN = 20;

/** The manifest `config.trustedDocumentsPath` names, checked; null when it names none. Throws what is wrong with it. */
export function trustedDocumentsFor(config: Config): TrustedDocuments | null {
  if (config.trustedDocumentsPath === null) return null;
  return loadTrustedDocuments(config.trustedDocumentsPath, {
    limits: config.limits,
    maxFavorites: config.maxFavorites,
    introspection: !config.production,
  });
}

export interface ManifestChecks {
  limits: Config['limits'];
  maxFavorites: Config['maxFavorites'];
  /** Whether introspection is on: without it, a document that introspects would be refused at every request. */
  introspection: boolean;
}

/** Reads the manifest at `path` and checks every document (see the top of this file); throws one message naming each problem. */
export function loadTrustedDocuments(path: string, checks: ManifestChecks): TrustedDocuments {
  const fail = (why: string) => new Error(`TRUSTED_DOCUMENTS ${path} ${why}`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fail(`cannot be read: ${(error as Error).message}`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw fail(`is not JSON (${(error as Error).message}): it must be the client preset's persisted-documents.json`);
  }
  if (!isRecord(manifest)) throw fail(`must be a JSON object from document ids to document texts, got ${describe(manifest)}`);
  const entries = Object.entries(manifest);
  if (entries.length === 0) throw fail('holds no documents: every operation would be refused');

  const schema = buildSchema(typeDefs);
  const byHash = new Map<string, string>();
  const problems: string[] = [];
  for (const [id, document] of entries) {
    const problem = entryProblem(schema, checks, id, document);
    if (problem) problems.push(`${quote(id)}: ${problem}`);
    else byHash.set(DOCUMENT_ID.exec(id)![1]!, document as string);
  }
  if (problems.length > 0) {
    const more = problems.length > PROBLEMS_SHOWN ? `\n  and ${problems.length - PROBLEMS_SHOWN} more` : '';
    throw fail(
      `has ${problems.length} of ${entries.length} documents this server cannot run:\n  ${problems.slice(0, PROBLEMS_SHOWN).join('\n  ')}${more}`,
    );
  }
  return { byHash, texts: new Set(byHash.values()) };
}

/** Why the manifest entry `id` → `document` cannot be served, or null. */
function entryProblem(schema: GraphQLSchema, checks: ManifestChecks, id: string, document: unknown): string | null {
  if (typeof document !== 'string') return `must map to the document's text, got ${describe(document)}`;
  const hash = sha256(document);
  const match = DOCUMENT_ID.exec(id);
  if (!match) return `is not a document id: ids are "sha256:" and the SHA-256 hex of the text (this one's is sha256:${hash})`;
  if (match[1] !== hash) return `is not the SHA-256 of its document, which is sha256:${hash} (was the file edited after it was generated?)`;

  let parsed: DocumentNode;
  try {
    parsed = parse(document, { maxTokens: checks.limits.maxTokens });
  } catch (error) {
    return `does not parse: ${(error as Error).message}`;
  }
  const rules = checks.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  const invalid = validate(schema, parsed, rules);
  if (invalid.length > 0) return `does not validate against the schema: ${invalid.map((error) => error.message).join(' ')}`;

  for (const operation of parsed.definitions) {
    if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
    const name = operation.name?.value;
    const label = `${operation.operation}${name ? ` ${name}` : ''}`;
    if (operation.operation === 'subscription') return `${label}: the schema has no subscriptions`;
    const refusal = shapeRefusal(schema, checks.limits, parsed, operation);
    if (refusal) return `${label}: ${refusal.message}`;
    const cost = leastCost(schema, parsed, name, checks.maxFavorites);
    if (cost !== null && cost > checks.limits.maxCost) {
      return `${label} costs at least ${cost} whatever its variables, more than the limit of ${checks.limits.maxCost} (MAX_COST)`;
    }
  }
  return null;
}

/**
 * `request` as Apollo is to run it: a `documentId` replaced by its document's text and, with a
 * manifest, APQ hashes resolved from it and a text that is not listed refused. The refusal is
 * for Apollo to answer (server.ts throws it from the context function), so that its status and
 * media type are negotiated like those of Apollo's own errors, after Apollo's CSRF check.
 */
export function resolveTrustedDocument(trusted: TrustedDocuments | null, request: GraphQLHttpRequest): ResolvedRequest {
  const { method, body, search } = request;
  try {
    if (method === 'POST' && isRecord(body)) {
      const { documentId, ...rest } = body;
      const extensions = isRecord(rest.extensions) ? rest.extensions : undefined;
      const text = textToRun(trusted, documentId, [rest.query], extensions?.persistedQuery);
      if (text !== undefined) rest.query = text;
      if (trusted && extensions && 'persistedQuery' in extensions) rest.extensions = withoutPersistedQuery(extensions);
      return { body: rest, search };
    }
    if (method === 'GET') {
      const params = new URLSearchParams(search);
      const ids = params.getAll('documentId');
      if (ids.length > 1) throw badRequest('documentId may be given only once');
      // Apollo reads `extensions` only when it is given once, as a JSON object; else it refuses the request.
      const extensionsParams = params.getAll('extensions');
      const extensions = extensionsParams.length === 1 ? jsonRecord(extensionsParams[0]!) : undefined;
      const text = textToRun(trusted, ids[0], params.getAll('query'), extensions?.persistedQuery);
      if (ids.length === 0 && text === undefined && !(trusted && extensions && 'persistedQuery' in extensions)) return { body, search };
      params.delete('documentId');
      if (text !== undefined) params.set('query', text);
      if (trusted && extensions && 'persistedQuery' in extensions)
        params.set('extensions', JSON.stringify(withoutPersistedQuery(extensions)));
      return { body, search: `?${params}` };
    }
    // Not JSON, a batch, another method: Apollo refuses these, whatever they hold.
    return { body, search };
  } catch (error) {
    if (error instanceof GraphQLError) return { body, search, refusal: error };
    throw error;
  }
}

/**
 * The text to run for a request's `documentId`, its `query` texts and its APQ extension, or
 * undefined to run the request as sent; throws the refusal.
 */
function textToRun(trusted: TrustedDocuments | null, documentId: unknown, queries: unknown[], persistedQuery: unknown): string | undefined {
  const sentText = queries.some((query) => typeof query === 'string' && query !== '');
  if (documentId != null) {
    if (queries.some((query) => query != null && query !== '')) throw badRequest('Send either documentId or query, not both');
    if (typeof documentId !== 'string') throw badRequest(`documentId must be a string, got ${describe(documentId)}`);
    const match = DOCUMENT_ID.exec(documentId);
    if (!match) throw badRequest(`documentId must be "sha256:" and 64 lower-case hex digits, got ${quote(documentId)}`);
    if (!trusted) {
      throw notFound(
        `This server has no trusted documents, so documentId ${quote(documentId)} names nothing: send the operation's text as query`,
      );
    }
    const text = trusted.byHash.get(match[1]!);
    if (text === undefined) {
      throw notFound(
        `No trusted document has the id ${quote(documentId)}: the app was built with operations this server was not deployed with`,
      );
    }
    return text;
  }
  if (!trusted) return undefined;
  for (const query of queries) {
    if (typeof query === 'string' && query !== '' && !trusted.texts.has(query)) {
      throw new GraphQLError(
        "This server runs only its trusted documents, and this query text is not one of them: send the documentId that the app's persisted-documents.json gives it",
        { extensions: { code: 'TRUSTED_DOCUMENT_REQUIRED', http: { status: 400 } } },
      );
    }
  }
  // Apollo treats any truthy `persistedQuery` as APQ; here it may only name a listed document.
  if (!sentText && persistedQuery) {
    const hash = isRecord(persistedQuery) ? persistedQuery.sha256Hash : undefined;
    const text = typeof hash === 'string' ? trusted.byHash.get(DOCUMENT_ID.exec(hash)?.[1] ?? '') : undefined;
    if (text === undefined) {
      throw notFound(`No trusted document has the persisted query hash ${typeof hash === 'string' ? quote(hash) : '(none)'}`);
    }
    return text;
  }
  return undefined;
}

function withoutPersistedQuery({ persistedQuery: _, ...others }: Record<string, unknown>): Record<string, unknown> {
  return others;
}

const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
const notFound = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'TRUSTED_DOCUMENT_NOT_FOUND', http: { status: 400 } } });

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function jsonRecord(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** `text` quoted, cut at 80 characters: a message must not echo a megabyte back. */
function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
