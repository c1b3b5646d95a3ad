/**
 * The HTTP requests of each benchmark query, exactly as a client sends them, and the W1 cycle.
 */
import { toGlobalId } from '../../src/ids.js';
import { benchToken, document, readRequests, type QueryName } from './fixture.js';
import type { MixStep } from './mix.js';

type MixRead = Extract<MixStep, { kind: 'read' }>;

export interface BenchRequest {
  body: string;
  headers: Record<string, string>;
}

const json = { 'content-type': 'application/json' };
const auth = (token?: string): Record<string, string> => (token ? { ...json, authorization: `Bearer ${token}` } : json);

/** The request of a read query (Q1–Q4), in Skygraph's documents or a contender's own. */
export function readRequest(name: Exclude<QueryName, 'W1'>, documents: Partial<Record<QueryName, string>> = {}): BenchRequest {
  const { operationName, variables, token } = readRequests[name];
  return queryRequest(name, variables, token, documents);
}

/** A read query (Q1–Q4) with the given variables, sent with `token` when there is one. */
export function queryRequest(
  name: Exclude<QueryName, 'W1'>,
  variables: Record<string, unknown>,
  token?: string,
  documents: Partial<Record<QueryName, string>> = {},
): BenchRequest {
  const query = documents[name] ?? document(name);
  return { body: JSON.stringify({ operationName: name, query, variables }), headers: auth(token) };
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

/** The request of one read of the mixed workload, sent with its person's token when it has one. */
export function mixReadRequest(step: MixRead, documents: Partial<Record<QueryName, string>> = {}): BenchRequest {
  return queryRequest(step.query, step.variables, step.account === undefined ? undefined : benchToken(step.account), documents);
}

type WriteCycle = { next: 'add' | 'move' | 'remove'; favoriteId: string; busy: boolean };

/**
 * The mixed workload's writes: each account goes round W1's cycle (add, move to the top, remove),
 * one step per write of the sequence. No two writes of one account are ever in flight at once
 * (a write of a busy account goes to the next free one), so that the cycle stays valid under
 * any number of connections; sent one at a time, the same sequence makes the same requests.
 */
export function writeCycles(addedPlaceIds: readonly number[]) {
  const accountCount = addedPlaceIds.length;
  const cycles = addedPlaceIds.map((): WriteCycle => ({ next: 'add', favoriteId: '', busy: false }));
  return {
    /**
     * The request of a write step for `account` (or the next free one), whose add saves
     * `addedPlaceIds[account]`; null when every account is busy.
     */
    start(account: number): { account: number; request: BenchRequest } | null {
      for (let k = 0; k < accountCount; k++) {
        const candidate = (account + k) % accountCount;
        const cycle = cycles[candidate]!;
        if (cycle.busy) continue;
        cycle.busy = true;
        const request =
          cycle.next === 'add'
            ? w1.add(candidate, addedPlaceIds[candidate]!)
            : cycle.next === 'move'
              ? w1.move(candidate, cycle.favoriteId)
              : w1.remove(candidate, cycle.favoriteId);
        return { account: candidate, request };
      }
      return null;
    },
    /** Records the answer to `account`'s write: the cycle moves on when it succeeded. */
    finish(account: number, text: string): void {
      const cycle = cycles[account]!;
      cycle.busy = false;
      const answer = JSON.parse(text) as { data?: { addFavorite?: { favorite: { id: string } } }; errors?: unknown };
      if (answer.errors) return;
      if (cycle.next === 'add') cycle.favoriteId = answer.data?.addFavorite?.favorite.id ?? '';
      cycle.next = cycle.next === 'add' ? 'move' : cycle.next === 'move' ? 'remove' : 'add';
    },
  };
}

/** Sends one request; returns the status and the raw body text. */
export async function send(url: string, request: BenchRequest): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  return { status: response.status, text: await response.text() };
}
