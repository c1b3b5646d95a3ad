/**
 * Which places the ingest keeps fresh, most useful first: the places people saved (the most
 * saved first), the most populous, then those that requests asked for within the retention.
 * Three statements, whatever the numbers.
 */
import { count, desc, eq, gte } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { favorites, forecastRuns, locations, type LocationRow } from '../../db/schema.js';

export interface CandidateOptions {
  /** How many of the most populous places. */
  populousPlaces: number;
  /** Places a request asked for at or after this (unix seconds) are kept too. */
  askedSince: number;
}

/** The candidates in priority order, each once. */
export async function ingestCandidates(db: Db, { populousPlaces, askedSince }: CandidateOptions): Promise<LocationRow[]> {
  const saved = await db
    .select({ location: locations })
    .from(favorites)
    .innerJoin(locations, eq(locations.id, favorites.locationId))
    .groupBy(locations.id)
    .orderBy(desc(count()), desc(locations.population), desc(locations.id));
  const populous = await db.select().from(locations).orderBy(desc(locations.population), desc(locations.id)).limit(populousPlaces);
  const asked = await db
    .select({ location: locations })
    .from(forecastRuns)
    .innerJoin(locations, eq(locations.id, forecastRuns.locationId))
    .where(gte(forecastRuns.askedAt, askedSince))
    .orderBy(desc(forecastRuns.askedAt), desc(locations.id));

  const byId = new Map<number, LocationRow>();
  for (const place of [...saved.map((row) => row.location), ...populous, ...asked.map((row) => row.location)]) {
    if (!byId.has(place.id)) byId.set(place.id, place);
  }
  return [...byId.values()];
}
