/**
 * The benchmark's fixed world: a pinned "now", fixed accounts with fixed tokens and saved
 * places, and the variables of each query, so that runs are comparable.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { toGlobalId } from '../../src/ids.js';

/** Summer in the northern hemisphere: long days, DST in force in Europe and North America. */
export const BENCH_NOW = '2026-06-15T09:00:00Z';
export const BENCH_NOW_UNIX = Date.parse(BENCH_NOW) / 1000;

/** Accounts bench-0 … bench-(N-1); account 0 is Q3's viewer, the others are W1's writers. */
export const ACCOUNT_COUNT = 65;
export const FAVORITES_PER_ACCOUNT = 10;
export const BENCH_PASSWORD = 'benchmark password';
/** Places that get a forecast at seed time (the queries' places are filled before timing). */
export const BENCH_FORECAST_PLACES = 3_000;

export const accountEmail = (i: number) => `bench-${i}@example.com`;

/** The bearer token of account `i`: derived, so the load generator knows it without asking. */
export function benchToken(i: number): string {
  return createHash('sha256').update(`skygraph-bench-token-${i}`).digest('base64url');
}

export type QueryName = 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'W1';
export const queryNames: readonly QueryName[] = ['Q1', 'Q2', 'Q3', 'Q4', 'W1'];

/** The text of a query document (tests/bench/queries/<name>.graphql). */
export function document(name: QueryName): string {
  return readFileSync(new URL(`./queries/${name}.graphql`, import.meta.url), 'utf8');
}

const BERLIN = 2_950_159;

/** Variables and headers of the read queries, as a client would send them. */
export const readRequests: Record<
  Exclude<QueryName, 'W1'>,
  { operationName: string; variables: Record<string, unknown>; token?: string }
> = {
  Q1: { operationName: 'Q1', variables: { id: toGlobalId('Location', BERLIN) } },
  Q2: { operationName: 'Q2', variables: { search: 'san' } },
  Q3: { operationName: 'Q3', variables: {}, token: benchToken(0) },
  Q4: { operationName: 'Q4', variables: { latitude: 48.8566, longitude: 2.3522 } },
};

/**
 * Account `i`'s saved places, as indexes into the places ordered by population (largest first):
 * ten consecutive places starting at 10·i, so accounts overlap nowhere.
 */
export const favoriteRanks = (i: number): number[] =>
  Array.from({ length: FAVORITES_PER_ACCOUNT }, (_, k) => i * FAVORITES_PER_ACCOUNT + k);

/** The place W1 adds (and removes again) for account `i`: one it has not saved. */
export const w1PlaceRank = (i: number): number => 2_000 + i;
