/**
 * One page of a name search: the places with a name that starts with the folded search term,
 * each once, exact matches of a name first, then by rank (population, lifted for capitals and
 * seats, names.ts), then id; with the name that matched.
 *
 * One statement, written with Drizzle's `sql` over its tables inside a builder's select (which
 * prepares it once) rather than with the builder alone, because the plan that is fast depends on
 * how many names share the prefix, and the builder cannot say either plan precisely. Measured
 * over all 813,757 names (2 × AMD EPYC, Node 20):
 *
 * - A sparse prefix ("munich", "東京": under 2,000 names) reads its range of names, groups them
 *   by place and sorts the few places: 0.3 ms. The same for "s" (67,193 names): 336 ms.
 * - A dense prefix ("s", "la") walks places in rank order and asks each whether it has such a
 *   name (an index seek), stopping at a page: 1.2 ms for "s". The same for "東京": 186 ms, since
 *   it walks all 199,568 places to find one.
 *
 * So the statement counts up to 2,000 names in the range first (a bounded index scan) and each
 * plan's range collapses to nothing unless it is the one to run. `group by +location_id` keeps
 * SQLite from grouping along the (location_id, key) index, a whole-index scan.
 */
import { getTableColumns, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/open.js';
import { locationNames, locations, type LocationRow } from '../../db/schema.js';
import { prefixUpperBound } from './names.js';

/** A prefix with at least this many names is dense. */
const DENSE_NAMES = 2_000;
/** Added to an exact match's sort value: more than any rank (a population under a billion, lifted). */
export const EXACT_MATCH = 2 ** 40;
/** Above every sort value: the position before the first page. */
const START = 2 ** 52;

export interface NameSearch {
  /** The folded search term. */
  key: string;
  countryCode: string | null;
  /** The last place of the previous page: its sort value and id. */
  after: { value: number; id: number } | null;
  limit: number;
}

export interface NameMatch {
  place: LocationRow;
  /** The name (as written) that matched: an exact match if there is one, else the place's own name if it matches, else the shortest. */
  matchedName: string;
  /** Exact matches over EXACT_MATCH, then the rank: what the page is ordered by. */
  sortValue: number;
}

const l = alias(locations, 'l');
const n = alias(locationNames, 'n');
const e = alias(locationNames, 'e');
// An alias renders as its name alone; a FROM needs the table too.
const fromL = sql`${locations} ${sql.identifier('l')}`;
const fromN = sql`${locationNames} ${sql.identifier('n')}`;
const fromE = sql`${locationNames} ${sql.identifier('e')}`;

/** The place columns as LocationRow's fields, from the alias `l`. */
const placeColumns = sql.join(
  Object.entries(getTableColumns(locations)).map(
    ([field, column]) => sql`${sql.identifier('l')}.${sql.identifier(column.name)} as ${sql.identifier(field)}`,
  ),
  sql`, `,
);

/**
 * The condition that a row of `names` matches `key`: a name from the prefix on, below `below`
 * (the prefix's upper bound, or an expression that narrows the range), and a code only when it
 * is the whole term.
 */
function nameMatches(names: typeof n, key: string | Placeholder, below: SQL | Placeholder | string): SQL {
  return sql`${names.key} >= ${key} and ${names.key} < ${below} and (${names.kind} != 'code' or ${names.key} = ${key})`;
}

/** `and l.country_code = …`, or nothing. */
const inCountryOf = (countryCode: string | Placeholder | null): SQL =>
  countryCode === null ? sql`` : sql`and ${l.countryCode} = ${countryCode}`;

const p = sql.placeholder;

/** The page's columns, read back from the statement's subquery by the names it gives them. */
const pageFields = {
  ...(Object.fromEntries(
    Object.entries(getTableColumns(locations)).map(([field, column]) => [field, sql`${sql.identifier(field)}`.mapWith(column)]),
  ) as { [K in keyof LocationRow]: SQL<LocationRow[K]> }),
  matchedName: sql<string>`matchedName`,
  sortValue: sql<number>`sortValue`,
};

/**
 * The statement of a page, with or without a country, prepared once per database: it is long,
 * and preparing it for every search took 0.4 ms of its 1.5 (the mixed workload's 1,500 first
 * typed searches, in-process: 1.08 ms a search prepared once). Its parameters: key, high (the
 * prefix's upper bound), value and id (where the page starts), limit, and countryCode when
 * there is one.
 */
function prepareSearch(db: Db, withCountry: boolean) {
  const key = p('key');
  const high = p('high');
  const inCountry = inCountryOf(withCountry ? p('countryCode') : null);
  const dense = sql`(select yes from dense)`;
  const before = (sortValue: SQL) => sql`(${sortValue} < ${p('value')} or (${sortValue} = ${p('value')} and ${l.id} < ${p('id')}))`;
  return db
    .select(pageFields)
    .from(
      sql`(
    with dense(yes) as (
      select count(*) >= ${DENSE_NAMES} from (select 1 from ${locationNames} where ${locationNames.key} >= ${key} and ${locationNames.key} < ${high} limit ${DENSE_NAMES})
    )
    select * from (
      select ${placeColumns}, s.matched_name as matchedName, iif(s.rank_of_match < 2000, ${EXACT_MATCH}, 0) + ${l.searchRank} as sortValue
      from (
        select ${n.locationId} as location_id, ${n.name} as matched_name,
          min(iif(${n.key} = ${key}, 0, 2000) + iif(${n.kind} = 'name', 0, 1000) + length(${n.key})) as rank_of_match
        from ${fromN}
        where ${nameMatches(n, key, sql`iif(${dense}, ${key}, ${high})`)}
        group by +${n.locationId}
      ) s
      join ${fromL} on ${l.id} = s.location_id
      where ${before(sql`sortValue`)} ${inCountry}
      order by sortValue desc, ${l.id} desc limit ${p('limit')}
    )
    union all
    select * from (
      select ${placeColumns}, ${e.name} as matchedName, ${EXACT_MATCH} + ${l.searchRank} as sortValue
      from ${fromE} join ${fromL} on ${l.id} = ${e.locationId}
      where ${e.key} = iif(${dense}, ${key}, '') and ${before(sql`(${EXACT_MATCH} + ${l.searchRank})`)} ${inCountry}
      order by sortValue desc, ${l.id} desc limit ${p('limit')}
    )
    union all
    select * from (
      select ${placeColumns},
        (select ${n.name} from ${fromN} where ${n.locationId} = ${l.id} and ${nameMatches(n, key, high)} order by ${n.kind} != 'name', length(${n.key}) limit 1) as matchedName,
        ${l.searchRank} as sortValue
      from ${fromL}
      where ${l.searchRank} < iif(${dense}, ${START}, -1) ${inCountry}
        and ${before(sql`${l.searchRank}`)}
        and exists (select 1 from ${fromN} where ${n.locationId} = ${l.id} and ${nameMatches(n, key, high)})
        and not exists (select 1 from ${fromE} where ${e.locationId} = ${l.id} and ${e.key} = ${key})
      order by ${l.searchRank} desc, ${l.id} desc limit ${p('limit')}
    )
    order by sortValue desc, id desc limit ${p('limit')}
  )`,
    )
    .prepare();
}

type SearchStatement = ReturnType<typeof prepareSearch>;
const statements = new WeakMap<Db, { anywhere: SearchStatement; inCountry: SearchStatement }>();

export async function searchNames(db: Db, { key, countryCode, after, limit }: NameSearch): Promise<NameMatch[]> {
  let prepared = statements.get(db);
  if (!prepared) statements.set(db, (prepared = { anywhere: prepareSearch(db, false), inCountry: prepareSearch(db, true) }));
  const { value, id } = after ?? { value: START, id: Number.MAX_SAFE_INTEGER };
  const params = { key, high: prefixUpperBound(key), value, id, limit };
  const rows = countryCode === null ? await prepared.anywhere.all(params) : await prepared.inCountry.all({ ...params, countryCode });
  return rows.map(({ matchedName, sortValue, ...place }) => ({ place: place as LocationRow, matchedName, sortValue }));
}

/** How many places a name search finds (for `totalCount`). */
export async function countNameMatches(db: Db, { key, countryCode }: Pick<NameSearch, 'key' | 'countryCode'>): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`
    select count(distinct ${n.locationId}) as n from ${fromN} join ${fromL} on ${l.id} = ${n.locationId}
    where ${nameMatches(n, key, prefixUpperBound(key))} ${inCountryOf(countryCode)}
  `);
  return row?.n ?? 0;
}

/** A condition on the alias-free `locations` table: the place has a name that the search term matches (for `near` with `search`). */
export function hasNameMatching(key: string): SQL {
  return sql`exists (select 1 from ${fromN} where ${n.locationId} = ${locations.id} and ${nameMatches(n, key, prefixUpperBound(key))})`;
}
