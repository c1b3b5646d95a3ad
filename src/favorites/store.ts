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

// Another person's favorite is answered exactly like a missing one.
const noSuchFavorite = (globalId: string) => notFound(`No favorite has the ID "${globalId}"`);

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
  // One statement counts the account's places, checks the cap and appends at position n, so it
  // is atomic without a transaction and concurrent additions cannot take the same position.
  const mine = eq(favorites.accountId, accountId);
  const created = db
    .insert(favorites)
    .select(
      db
        .select({
          id: sql<number>`null`.as('id'),
          accountId: sql<number>`${accountId}`.as('account_id'),
          locationId: sql<number>`${locationId}`.as('location_id'),
          label: sql<string | null>`${label}`.as('label'),
          position: count().as('position'),
          createdAt: sql<number>`${now}`.as('created_at'),
        })
        .from(favorites)
        .where(mine)
        .having(lt(count(), maxFavorites)),
    )
    .onConflictDoNothing({ target: [favorites.accountId, favorites.locationId] })
    .returning()
    .get();
  if (created) return created;
  // Nothing inserted: say which rule refused it.
  const { n } = db.select({ n: count() }).from(favorites).where(mine).get()!;
  if (n >= maxFavorites) throw badUserInput(`An account can save at most ${maxFavorites} places; remove one first`, 'input');
  throw badUserInput('This place is already saved; use moveFavorite to change its position', 'input');
}

/** Removes a saved place and closes the gap it leaves. */
export function removeFavorite(db: Db, accountId: number, id: number, globalId: string): void {
  db.transaction(
    (tx) => {
      const removed = tx
        .delete(favorites)
        .where(and(eq(favorites.id, id), eq(favorites.accountId, accountId)))
        .returning({ position: favorites.position })
        .get();
      if (!removed) throw noSuchFavorite(globalId);
      // Everything after it moves up one.
      shift(tx, accountId, removed.position + 1, Number.MAX_SAFE_INTEGER, -1);
    },
    { behavior: 'immediate' },
  );
}

/** Moves a saved place to `position` and returns the account's whole new order. */
export function moveFavorite(db: Db, accountId: number, id: number, globalId: string, position: number): FavoriteModel[] {
  return db.transaction(
    (tx) => {
      // The place to move and how many the account has, in one read.
      const row = tx
        .select({ id: favorites.id, position: favorites.position, n: tx.$count(favorites, eq(favorites.accountId, accountId)) })
        .from(favorites)
        .where(and(eq(favorites.id, id), eq(favorites.accountId, accountId)))
        .get();
      if (!row) throw noSuchFavorite(globalId);
      const { n } = row;
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
