/**
 * Per-request place loaders: every lookup of a place by id in a request is one query.
 */
import DataLoader from 'dataloader';
import type { LocationRow } from '../../db/schema.js';
import type { LocationQueries } from './queries.js';

export type LocationLoaders = ReturnType<typeof createLocationLoaders>;

/** The loaders of one request. */
export function createLocationLoaders(queries: LocationQueries) {
  async function loadById(ids: readonly number[]): Promise<(LocationRow | null)[]> {
    const rows = await queries.byIds.all({ ids: JSON.stringify(ids) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  return { byId: new DataLoader(loadById) };
}
