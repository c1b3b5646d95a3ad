/**
 * Prepared reads of saved places, built once per process. Each reads one account's rows only:
 * the loaders bind the viewer's id (see loaders.ts).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { favorites, locations } from '../../db/schema.js';
import { jsonValues } from '../sql.js';

export type FavoriteQueries = ReturnType<typeof prepareFavoriteQueries>;

export function prepareFavoriteQueries(db: Db) {
  const withPlaces = () =>
    db.select({ favorite: favorites, location: locations }).from(favorites).innerJoin(locations, eq(locations.id, favorites.locationId));
  const ofAccount = eq(favorites.accountId, sql.placeholder('accountId'));
  return {
    /** The account's favorites among `ids` (a JSON array), with their places. */
    byIds: withPlaces()
      .where(and(ofAccount, inArray(favorites.id, jsonValues('ids'))))
      .prepare(),
    /** All the account's favorites in order, with their places. */
    ofAccount: withPlaces().where(ofAccount).orderBy(asc(favorites.position)).prepare(),
  };
}
