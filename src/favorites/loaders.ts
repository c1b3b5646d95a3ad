/**
 * Per-request loaders of saved places. The privacy rule lives here, once: a loader is built for
 * one viewer and only ever reads that viewer's rows, so no resolver can hand out another
 * person's favorite, whatever path the query takes.
 */
import DataLoader from 'dataloader';
import type { FavoriteRow, LocationRow } from '../../db/schema.js';
import type { LocationLoaders } from '../locations/loaders.js';
import type { FavoriteQueries } from './queries.js';

/** A saved place with its location, read together in one join. */
export type FavoriteModel = FavoriteRow & { location: LocationRow };

export type FavoriteLoaders = ReturnType<typeof createFavoriteLoaders>;

/** The loaders of one request made by `viewerId` (null: nobody logged in, so nothing is visible). */
export function createFavoriteLoaders(queries: FavoriteQueries, viewerId: number | null, locationLoaders: LocationLoaders) {
  function withPlaces(rows: { favorite: FavoriteRow; location: LocationRow }[]): FavoriteModel[] {
    // The join already read each place: later lookups of it in this request cost nothing.
    for (const { location } of rows) locationLoaders.byId.prime(location.id, location);
    return rows.map(({ favorite, location }) => ({ ...favorite, location }));
  }

  async function loadById(ids: readonly number[]): Promise<(FavoriteModel | null)[]> {
    if (viewerId === null) return ids.map(() => null);
    const rows = withPlaces(await queries.byIds.all({ accountId: viewerId, ids: JSON.stringify(ids) }));
    const byId = new Map(rows.map((f) => [f.id, f]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async function loadOfAccount(accountIds: readonly number[]): Promise<FavoriteModel[][]> {
    const mine = viewerId !== null && accountIds.includes(viewerId) ? withPlaces(await queries.ofAccount.all({ accountId: viewerId })) : [];
    return accountIds.map((id) => (id === viewerId ? mine : []));
  }

  return {
    byId: new DataLoader(loadById),
    /** An account's favorites in order; empty for any account but the viewer's. */
    ofAccount: new DataLoader(loadOfAccount),
  };
}
