/**
 * Per-request place loaders: every lookup of a place by id in a request is one query.
 */
import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { locations, type LocationRow } from '../../db/schema.js';

export type LocationLoaders = ReturnType<typeof createLocationLoaders>;

/** The loaders of one request. */
export function createLocationLoaders(db: Db) {
  async function loadById(ids: readonly number[]): Promise<(LocationRow | null)[]> {
    const rows = await db.select().from(locations).where(inArray(locations.id, [...ids]));
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  return { byId: new DataLoader(loadById) };
}
