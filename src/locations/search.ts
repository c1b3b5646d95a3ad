/**
 * `Query.locations`: validating its arguments and reading one page of places. Pages are keyset
 * pages (see cursor.ts): by population without `near` or `search`, by name match and rank with
 * `search` (name-search.ts), by distance with `near`.
 */
import { and, between, count, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { locations, type LocationRow } from '../../db/schema.js';
import { decodeCursor, encodeCursor, type Cursor } from '../cursor.js';
import { badUserInput } from '../errors.js';
import { boundingBox, greatCircleKm } from './distance.js';
import type { LocationLoaders } from './loaders.js';
import { countNameMatches, hasNameMatching, searchNames } from './name-search.js';
import { searchKey } from './names.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_RADIUS_KM = 500;
export const DEFAULT_RADIUS_KM = 50;
const MAX_SEARCH_LENGTH = 100;

/** A place as resolvers see it: its row, and its distance when it was found by `near`. */
export type LocationModel = LocationRow & { distanceKm?: number };

export interface LocationsArgs {
  search?: string | null;
  countryCode?: string | null;
  near?: { latitude: number; longitude: number; radiusKm?: number | null } | null;
  first?: number | null;
  after?: string | null;
}

interface Query {
  searchKey: string | null;
  countryCode: string | null;
  near: { latitude: number; longitude: number; radiusKm: number } | null;
  first: number;
  after: Cursor | null;
}

export interface LocationEdgeModel {
  cursor: string;
  node: LocationModel;
  /** With `search`: the name of the place that matched. */
  matchedName?: string;
}

export interface LocationPage {
  edges: LocationEdgeModel[];
  hasNextPage: boolean;
}

/** What `LocationConnection` resolves from: the page and the count, each read only if asked for. */
export interface LocationConnectionModel {
  page(): Promise<LocationPage>;
  totalCount(): Promise<number>;
  hasPreviousPage: boolean;
}

/** Validates `args` and returns a connection whose page and count load lazily. */
export function findLocations(db: Db, loaders: LocationLoaders, args: LocationsArgs): LocationConnectionModel {
  const query = parseArgs(args);
  if (query.near) {
    // Distances are known only after reading the candidates, which also gives the count.
    const nearQuery = { ...query, near: query.near };
    let result: Promise<{ page: LocationPage; total: number }> | undefined;
    const run = () => (result ??= findNear(db, loaders, nearQuery));
    return { page: async () => (await run()).page, totalCount: async () => (await run()).total, hasPreviousPage: query.after !== null };
  }
  let page: Promise<LocationPage> | undefined;
  const search = query.searchKey;
  if (search !== null) {
    return {
      page: () => (page ??= findByName(db, { ...query, searchKey: search })),
      totalCount: () => countNameMatches(db, { key: search, countryCode: query.countryCode }),
      hasPreviousPage: query.after !== null,
    };
  }
  return {
    page: () => (page ??= findByPopulation(db, query)),
    totalCount: async () =>
      (
        await db
          .select({ n: count() })
          .from(locations)
          .where(and(...filters(query)))
      )[0]!.n,
    hasPreviousPage: query.after !== null,
  };
}

function parseArgs(args: LocationsArgs): Query {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
  }

  let key: string | null = null;
  if (args.search != null) {
    if (args.search.length > MAX_SEARCH_LENGTH) {
      throw badUserInput(`search must be at most ${MAX_SEARCH_LENGTH} characters, got ${args.search.length}`, 'search');
    }
    key = searchKey(args.search);
    if (key === '') throw badUserInput('search must contain at least one letter or digit, got a blank string', 'search');
  }

  let countryCode: string | null = null;
  if (args.countryCode != null) {
    if (!/^[A-Za-z]{2}$/.test(args.countryCode)) {
      throw badUserInput(`countryCode must be a two-letter ISO 3166-1 code such as "DE", got "${args.countryCode}"`, 'countryCode');
    }
    countryCode = args.countryCode.toUpperCase();
  }

  let near: Query['near'] = null;
  if (args.near) {
    const { latitude, longitude } = args.near;
    const radiusKm = args.near.radiusKm ?? DEFAULT_RADIUS_KM;
    if (!(latitude >= -90 && latitude <= 90)) throw badUserInput(`near.latitude must be between -90 and 90, got ${latitude}`, 'near');
    if (!(longitude >= -180 && longitude <= 180))
      throw badUserInput(`near.longitude must be between -180 and 180, got ${longitude}`, 'near');
    if (!(radiusKm > 0 && radiusKm <= MAX_RADIUS_KM)) {
      throw badUserInput(`near.radiusKm must be greater than 0 and at most ${MAX_RADIUS_KM}, got ${radiusKm}`, 'near');
    }
    near = { latitude, longitude, radiusKm };
  }

  let after: Cursor | null = null;
  if (args.after != null) {
    after = decodeCursor(args.after);
    if (!after || after.kind !== (near ? 'd' : key !== null ? 's' : 'p')) {
      throw badUserInput('after must be a cursor returned by this same locations query, got one that is not', 'after');
    }
  }
  return { searchKey: key, countryCode, near, first, after };
}

function filters(query: Query): SQL[] {
  const conditions: SQL[] = [];
  if (query.searchKey !== null) conditions.push(hasNameMatching(query.searchKey));
  if (query.countryCode !== null) conditions.push(eq(locations.countryCode, query.countryCode));
  return conditions;
}

async function findByName(db: Db, query: Query & { searchKey: string }): Promise<LocationPage> {
  const matches = await searchNames(db, {
    key: query.searchKey,
    countryCode: query.countryCode,
    after: query.after,
    limit: query.first + 1,
  });
  return {
    edges: matches.slice(0, query.first).map(({ place, matchedName, sortValue }) => ({
      cursor: encodeCursor({ kind: 's', value: sortValue, id: place.id }),
      node: place,
      matchedName,
    })),
    hasNextPage: matches.length > query.first,
  };
}

async function findByPopulation(db: Db, query: Query): Promise<LocationPage> {
  const conditions = filters(query);
  if (query.after) {
    const { value, id } = query.after;
    conditions.push(or(lt(locations.population, value), and(eq(locations.population, value), lt(locations.id, id)))!);
  }
  const rows = await db
    .select()
    .from(locations)
    .where(and(...conditions))
    .orderBy(desc(locations.population), desc(locations.id))
    .limit(query.first + 1);
  const pageRows = rows.slice(0, query.first);
  return {
    edges: pageRows.map((row) => ({ cursor: encodeCursor({ kind: 'p', value: row.population, id: row.id }), node: row })),
    hasNextPage: rows.length > query.first,
  };
}

async function findNear(
  db: Db,
  loaders: LocationLoaders,
  query: Query & { near: NonNullable<Query['near']> },
): Promise<{ page: LocationPage; total: number }> {
  const { latitude, longitude, radiusKm } = query.near;
  const box = boundingBox(latitude, longitude, radiusKm);
  const conditions = filters(query);
  conditions.push(between(locations.latitude, box.minLatitude, box.maxLatitude));
  if (box.longitudeRanges) {
    conditions.push(or(...box.longitudeRanges.map(([west, east]) => between(locations.longitude, west, east)))!);
  }
  const candidates = await db
    .select({ id: locations.id, latitude: locations.latitude, longitude: locations.longitude })
    .from(locations)
    .where(and(...conditions));

  const inRadius = candidates
    .map((c) => ({ id: c.id, distanceKm: greatCircleKm(latitude, longitude, c.latitude, c.longitude) }))
    .filter((c) => c.distanceKm <= radiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm || a.id - b.id);

  const after = query.after;
  const start = after ? inRadius.findIndex((c) => c.distanceKm > after.value || (c.distanceKm === after.value && c.id > after.id)) : 0;
  const page = start === -1 ? [] : inRadius.slice(start, start + query.first);
  const rows = await loaders.byId.loadMany(page.map((c) => c.id));
  const edges: LocationEdgeModel[] = [];
  page.forEach((c, i) => {
    const row = rows[i];
    // The candidates were read a moment ago; a loader error is a real failure, not a gap.
    if (row instanceof Error) throw row;
    if (row) edges.push({ cursor: encodeCursor({ kind: 'd', value: c.distanceKm, id: c.id }), node: { ...row, distanceKm: c.distanceKm } });
  });
  return {
    page: {
      edges,
      hasNextPage: start !== -1 && start + query.first < inRadius.length,
    },
    total: inRadius.length,
  };
}
