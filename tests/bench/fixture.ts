/**
 * The benchmark's fixed world: a pinned "now", fixed accounts with fixed tokens and saved
 * places, and the variables of each query, so that runs are comparable.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { toGlobalId } from '../../src/ids.js';
import type { accounts } from '../../db/schema.js';
import { seededRandom, zipf } from './random.js';

/** Summer in the northern hemisphere: long days, DST in force in Europe and North America. */
export const BENCH_NOW = '2026-06-15T09:00:00Z';
export const BENCH_NOW_UNIX = Date.parse(BENCH_NOW) / 1000;

/**
 * Accounts bench-0 … bench-(N-1): account 0 is Q3's viewer, 1 … 32 are W1's writers, and the
 * mixed workload's people are all of them.
 */
export const ACCOUNT_COUNT = 1_000;
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
 * How popular places are: the place of population rank r (0 is the largest) is asked for in
 * proportion to 1 / (r + 1)^PLACE_ZIPF_EXPONENT, for saved places and for the mixed workload.
 */
export const PLACE_ZIPF_EXPONENT = 1;
/** Saved places are drawn from the most populous places of this many (towns of about 1,000 people and up). */
const FAVORITE_RANKS = 100_000;
let favoriteRank: ((random: () => number) => number) | undefined;

/**
 * Account `i`'s saved places, as indexes into the places ordered by population (largest first):
 * ten different places drawn by popularity with the account's own seed, so that many people
 * save the big cities, as they do, and each also has places of the long tail.
 */
export function favoriteRanks(i: number): number[] {
  favoriteRank ??= zipf(FAVORITE_RANKS, PLACE_ZIPF_EXPONENT);
  const random = seededRandom(0xfa7 + i);
  const ranks = new Set<number>();
  while (ranks.size < FAVORITES_PER_ACCOUNT) ranks.add(favoriteRank(random));
  return [...ranks];
}

/** The place W1 adds (and removes again) for account `i`: one it has not saved. */
export function w1PlaceRank(i: number): number {
  const saved = new Set(favoriteRanks(i));
  let rank = 2_000 + i;
  while (saved.has(rank)) rank++;
  return rank;
}

type UnitColumns = Pick<typeof accounts.$inferInsert, 'temperatureUnit' | 'windSpeedUnit' | 'precipitationUnit'>;

/** Account `i`'s units: half metric (account 0 among them), a quarter imperial, a quarter metric with m/s. */
export function accountUnits(i: number): UnitColumns {
  if (i % 4 === 3) return { temperatureUnit: 'FAHRENHEIT', windSpeedUnit: 'MPH', precipitationUnit: 'INCH' };
  if (i % 4 === 2) return { temperatureUnit: 'CELSIUS', windSpeedUnit: 'MS', precipitationUnit: 'MM' };
  return { temperatureUnit: 'CELSIUS', windSpeedUnit: 'KMH', precipitationUnit: 'MM' };
}
