/**
 * Per-request loaders of saved places. The privacy rule lives here, once: a loader is built for
 * one viewer and only ever reads that viewer's rows, so no resolver can hand out another
 * person's favorite, whatever path the query takes.
 */
import DataLoader from 'dataloader';
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { favorites, locations, type FavoriteRow, type LocationRow } from '../../db/schema.js';
import type { LocationLoaders } from '../locations/loaders.js';

/** A saved place with its location, read together in one join. */
export type FavoriteModel = FavoriteRow & { location: LocationRow };

export type FavoriteLoaders = ReturnType<typeof createFavoriteLoaders>;

/** The loaders of one request made by `viewerId` (null: nobody logged in, so nothing is visible). */
export function createFavoriteLoaders(db: Db, viewerId: number | null, locationLoaders: LocationLoaders) {
  async function read(condition: SQL): Promise<FavoriteModel[]> {
    const rows = await db
      .select({ favorite: favorites, location: locations })
      .from(favorites)
      .innerJoin(locations, eq(locations.id, favorites.locationId))
      .where(and(eq(favorites.accountId, viewerId!), condition))
      .orderBy(asc(favorites.accountId), asc(favorites.position));
    // The join already read each place: later lookups of it in this request cost nothing.
    for (const { location } of rows) locationLoaders.byId.prime(location.id, location);
    return rows.map(({ favorite, location }) => ({ ...favorite, location }));
  }

  async function loadById(ids: readonly number[]): Promise<(FavoriteModel | null)[]> {
    if (viewerId === null) return ids.map(() => null);
    const byId = new Map((await read(inArray(favorites.id, [...ids]))).map((f) => [f.id, f]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async function loadOfAccount(accountIds: readonly number[]): Promise<FavoriteModel[][]> {
    const mine = viewerId !== null && accountIds.includes(viewerId) ? await read(eq(favorites.accountId, viewerId)) : [];
    return accountIds.map((id) => (id === viewerId ? mine : []));
  }

  return {
    byId: new DataLoader(loadById),
    /** An account's favorites in order; empty for any account but the viewer's. */
    ofAccount: new DataLoader(loadOfAccount),
  };
}
