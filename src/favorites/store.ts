/**
 * Changing an account's saved places. Positions stay 0..n-1 with no gaps or duplicates: each
 * change reads and renumbers inside one IMMEDIATE transaction, and SQLite runs one writer at a
 * time, so concurrent requests (from any number of server processes) apply one after another.
 * A unique index on (account, position) would refuse any slip.
 */
import { and, asc, between, count, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { favorites, locations, type FavoriteRow } from '../../db/schema.js';
import { badUserInput, notFound } from '../errors.js';
import type { FavoriteModel } from './loaders.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface NewFavorite {
  accountId: number;
  locationId: number;
  label: string | null;
  now: number;
  maxFavorites: number;
}

const listOf = (tx: Tx, accountId: number): FavoriteModel[] =>
  tx
    .select({ favorite: favorites, location: locations })
    .from(favorites)
    .innerJoin(locations, eq(locations.id, favorites.locationId))
    .where(eq(favorites.accountId, accountId))
    .orderBy(asc(favorites.position))
    .all()
    .map(({ favorite, location }) => ({ ...favorite, location }));

const ownedFavorite = (tx: Tx, accountId: number, id: number, globalId: string): FavoriteRow => {
  const row = tx.select().from(favorites).where(and(eq(favorites.id, id), eq(favorites.accountId, accountId))).get();
  // Another person's favorite is answered exactly like a missing one.
  if (!row) throw notFound(`No favorite has the ID "${globalId}"`);
  return row;
};

/**
 * Shifts the positions in [from, to] of an account by `delta` (and puts `moved` at `movedTo`).
 * SQLite checks the unique (account, position) index row by row, so shifting in place would
 * collide midway: the rows pass through negative positions (-1 - target) and are flipped back.
 */
function shift(tx: Tx, accountId: number, from: number, to: number, delta: number, moved?: { id: number; to: number }): void {
  const target = moved
    ? sql`case when ${favorites.id} = ${moved.id} then ${moved.to} else ${favorites.position} + ${delta} end`
    : sql`${favorites.position} + ${delta}`;
  tx.update(favorites)
    .set({ position: sql`-1 - (${target})` })
    .where(and(eq(favorites.accountId, accountId), between(favorites.position, from, to)))
    .run();
  tx.update(favorites)
    .set({ position: sql`-1 - ${favorites.position}` })
    .where(and(eq(favorites.accountId, accountId), lt(favorites.position, 0)))
    .run();
}

/** Appends a saved place; refuses a duplicate or one past the cap. */
export function addFavorite(db: Db, { accountId, locationId, label, now, maxFavorites }: NewFavorite): FavoriteRow {
  return db.transaction(
    (tx) => {
      const { n } = tx.select({ n: count() }).from(favorites).where(eq(favorites.accountId, accountId)).get()!;
      if (n >= maxFavorites) throw badUserInput(`An account can save at most ${maxFavorites} places; remove one first`, 'input');
      const created = tx
        .insert(favorites)
        .values({ accountId, locationId, label, position: n, createdAt: now })
        .onConflictDoNothing({ target: [favorites.accountId, favorites.locationId] })
        .returning()
        .get();
      if (!created) throw badUserInput('This place is already saved; use moveFavorite to change its position', 'input');
      return created;
    },
    { behavior: 'immediate' },
  );
}

/** Removes a saved place and closes the gap it leaves. */
export function removeFavorite(db: Db, accountId: number, id: number, globalId: string): void {
  db.transaction(
    (tx) => {
      const row = ownedFavorite(tx, accountId, id, globalId);
      tx.delete(favorites).where(eq(favorites.id, row.id)).run();
      // Everything after it moves up one.
      shift(tx, accountId, row.position + 1, Number.MAX_SAFE_INTEGER, -1);
    },
    { behavior: 'immediate' },
  );
}

/** Moves a saved place to `position` and returns the account's whole new order. */
export function moveFavorite(db: Db, accountId: number, id: number, globalId: string, position: number): FavoriteModel[] {
  return db.transaction(
    (tx) => {
      const row = ownedFavorite(tx, accountId, id, globalId);
      const { n } = tx.select({ n: count() }).from(favorites).where(eq(favorites.accountId, accountId)).get()!;
      if (!Number.isInteger(position) || position < 0 || position >= n) {
        throw badUserInput(`position must be between 0 and ${n - 1}, got ${position}`, 'position');
      }
      if (position < row.position) shift(tx, accountId, position, row.position, +1, { id: row.id, to: position });
      if (position > row.position) shift(tx, accountId, row.position, position, -1, { id: row.id, to: position });
      return listOf(tx, accountId);
    },
    { behavior: 'immediate' },
  );
}
