/**
 * The HTTP requests of each benchmark query, exactly as a client sends them, and the W1 cycle.
 */
import { toGlobalId } from '../../src/ids.js';
import { benchToken, document, readRequests, type QueryName } from './fixture.js';

export interface BenchRequest {
  body: string;
  headers: Record<string, string>;
}

const json = { 'content-type': 'application/json' };
const auth = (token?: string): Record<string, string> => (token ? { ...json, authorization: `Bearer ${token}` } : json);

/** The request of a read query (Q1–Q4), in Skygraph's documents or a contender's own. */
export function readRequest(name: Exclude<QueryName, 'W1'>, documents: Partial<Record<QueryName, string>> = {}): BenchRequest {
  const { operationName, variables, token } = readRequests[name];
  const query = documents[name] ?? document(name);
  return { body: JSON.stringify({ operationName, query, variables }), headers: auth(token) };
}

/**
 * The three requests of W1 for account `account`: add `placeId`, move the new favorite to the
 * top, remove it. The favorite's id comes from the add's response.
 */
export const w1 = {
  add: (account: number, placeId: number): BenchRequest => ({
    body: JSON.stringify({ operationName: 'W1Add', query: document('W1'), variables: { locationId: toGlobalId('Location', placeId) } }),
    headers: auth(benchToken(account)),
  }),
  move: (account: number, favoriteId: string): BenchRequest => ({
    body: JSON.stringify({ operationName: 'W1Move', query: document('W1'), variables: { id: favoriteId } }),
    headers: auth(benchToken(account)),
  }),
  remove: (account: number, favoriteId: string): BenchRequest => ({
    body: JSON.stringify({ operationName: 'W1Remove', query: document('W1'), variables: { id: favoriteId } }),
    headers: auth(benchToken(account)),
  }),
};

/** Sends one request; returns the status and the raw body text. */
export async function send(url: string, request: BenchRequest): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  return { status: response.status, text: await response.text() };
}
