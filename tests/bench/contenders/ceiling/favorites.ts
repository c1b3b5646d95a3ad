/**
 * W1: adding, moving and removing saved places, with src/favorites/store.ts's guarantees:
 * positions stay 0..n-1, and concurrent requests apply one after another. An addition is one
 * INSERT … SELECT (counting, checking the cap and appending at position n), which SQLite runs
 * atomically under the write lock it takes before reading, as Skygraph's does; a move or a
 * removal is several statements in one IMMEDIATE transaction. The token is checked inside the
 * first statement; only when that finds nothing does the ceiling ask why, with further reads,
 * so that the error is the one Skygraph gives.
 */
import { bearerToken, hashToken } from '../../../../src/accounts/tokens.js';
import { fromGlobalId, toGlobalId, type NodeType } from '../../../../src/ids.js';
import type { Ceiling } from './context.js';
import { fieldError, type Answer, type Operation, type Variables } from './operations.js';
import { authenticate, unauthenticated } from './viewer.js';

/** W1Move's document moves to the top. */
const MOVE_TO = 0;

const ok = (body: string): Answer => ({ status: 200, body });

export type FavoriteWrites = ReturnType<typeof createFavoriteWrites>;

/** The three writes over the ceiling's statements. */
export function createFavoriteWrites({ sqlite, statements, now, maxFavorites }: Ceiling) {
  const add = (tokenHash: string, locationId: number) => statements.appendFavorite.get(now, tokenHash, now, locationId, maxFavorites);

  const move = sqlite.transaction((tokenHash: string, id: number, to: number) => {
    const row = statements.favoriteToMove.get(id, tokenHash, now);
    if (row === undefined) return 'rejected' as const;
    if (row.position === null) return 'not found' as const;
    if (to < 0 || to >= row.n) return { count: row.n };
    // Those between the old and the new place shift one towards the old place.
    const [low, high, delta] = to < row.position ? [to, row.position - 1, 1] : [row.position + 1, to, -1];
    statements.moveToNegative.run(id, to, low, high, delta, row.accountId);
    return statements.flipBackReturning.all(row.accountId).sort((a, b) => a.position - b.position);
  });

  const remove = sqlite.transaction((tokenHash: string, id: number) => {
    const row = statements.deleteFavorite.get(id, tokenHash, now);
    if (row === undefined) return false;
    statements.closeGapToNegative.run(row.accountId, row.position);
    statements.flipBack.run(row.accountId);
    return true;
  });

  return { add, move: move.immediate, remove: remove.immediate };
}

/**
 * The id's key, or the error Skygraph gives for a malformed one; Skygraph checks the token
 * before the id, so a bad token wins.
 */
function keyOf(
  ceiling: Ceiling,
  op: Operation,
  authorization: string | undefined,
  id: string,
  type: NodeType,
  argumentName: string,
): number | Answer {
  const parsed = fromGlobalId(id);
  if (parsed && parsed.type === type) return parsed.key;
  const session = authenticate(ceiling, authorization);
  if (typeof session === 'string') return unauthenticated(op, session);
  return fieldError(op, 'BAD_USER_INPUT', `${argumentName} must be a ${type} ID, got "${id}"`, argumentName);
}

/** The token of a write, or the UNAUTHENTICATED error when there is none or it cannot match. */
function tokenHashOf(op: Operation, authorization: string | undefined): string | Answer {
  const token = bearerToken(authorization);
  if (token === null) return unauthenticated(op, 'none');
  if (token === '') return unauthenticated(op, 'rejected');
  return hashToken(token);
}

/** The token hash and the key of a write's target, or the error that stops the write first. */
function writeTarget(
  ceiling: Ceiling,
  op: Operation,
  authorization: string | undefined,
  id: string,
  type: 'Location' | 'Favorite',
  argumentName: string,
): { tokenHash: string; key: number } | Answer {
  const tokenHash = tokenHashOf(op, authorization);
  if (typeof tokenHash !== 'string') return tokenHash;
  const key = keyOf(ceiling, op, authorization, id, type, argumentName);
  return typeof key === 'number' ? { tokenHash, key } : key;
}

/** W1Add: one statement, an INSERT … SELECT that checks token, place, cap and duplicate. */
export function answerAddFavorite(
  ceiling: Ceiling,
  writes: FavoriteWrites,
  op: Operation,
  values: Variables,
  authorization: string | undefined,
): Answer {
  const locationId = values.locationId as string;
  const target = writeTarget(ceiling, op, authorization, locationId, 'Location', 'locationId');
  if (!('key' in target)) return target;
  const { tokenHash, key } = target;
  // Skygraph also reads the place's current hour here, to fill a missing forecast; the ceiling fills nothing.
  const created = writes.add(tokenHash, key);
  if (created !== undefined) {
    return ok(
      `{"data":{"addFavorite":{"favorite":{"id":"${toGlobalId('Favorite', created.id)}","position":${created.position},` +
        `"location":{"id":"${toGlobalId('Location', key)}","name":${JSON.stringify(created.name)}}}}}}\n`,
    );
  }
  const session = authenticate(ceiling, authorization);
  if (typeof session === 'string') return unauthenticated(op, session);
  if (ceiling.statements.placeName.get(key) === undefined) return fieldError(op, 'NOT_FOUND', `No location has the ID "${locationId}"`);
  if (ceiling.statements.favoriteCount.get(session.accountId)!.n >= ceiling.maxFavorites) {
    return fieldError(op, 'BAD_USER_INPUT', `An account can save at most ${ceiling.maxFavorites} places; remove one first`, 'input');
  }
  return fieldError(op, 'BAD_USER_INPUT', 'This place is already saved; use moveFavorite to change its position', 'input');
}

/** W1Move: three statements in the transaction, the owned favorite with the count, then the two renumbering passes. */
export function answerMoveFavorite(
  ceiling: Ceiling,
  writes: FavoriteWrites,
  op: Operation,
  values: Variables,
  authorization: string | undefined,
): Answer {
  const id = values.id as string;
  const target = writeTarget(ceiling, op, authorization, id, 'Favorite', 'id');
  if (!('key' in target)) return target;
  const { tokenHash, key } = target;
  const moved = writes.move(tokenHash, key, MOVE_TO);
  if (moved === 'rejected') return unauthenticated(op, 'rejected');
  // Another person's favorite is answered exactly like a missing one.
  if (moved === 'not found') return fieldError(op, 'NOT_FOUND', `No favorite has the ID "${id}"`);
  if (!Array.isArray(moved))
    return fieldError(op, 'BAD_USER_INPUT', `position must be between 0 and ${moved.count - 1}, got ${MOVE_TO}`, 'position');
  let json = '';
  for (const favorite of moved)
    json += `${json === '' ? '' : ','}{"id":"${toGlobalId('Favorite', favorite.id)}","position":${favorite.position}}`;
  return ok(
    `{"data":{"moveFavorite":{"favorite":{"id":"${toGlobalId('Favorite', key)}","position":${MOVE_TO}},"account":{"favorites":[${json}]}}}}\n`,
  );
}

/** W1Remove: three statements in the transaction, the owned delete, then the two passes that close the gap. */
export function answerRemoveFavorite(
  ceiling: Ceiling,
  writes: FavoriteWrites,
  op: Operation,
  values: Variables,
  authorization: string | undefined,
): Answer {
  const id = values.id as string;
  const target = writeTarget(ceiling, op, authorization, id, 'Favorite', 'id');
  if (!('key' in target)) return target;
  const { tokenHash, key } = target;
  if (writes.remove(tokenHash, key)) return ok(`{"data":{"removeFavorite":{"removedFavoriteId":"${toGlobalId('Favorite', key)}"}}}\n`);
  const session = authenticate(ceiling, authorization);
  if (typeof session === 'string') return unauthenticated(op, session);
  return fieldError(op, 'NOT_FOUND', `No favorite has the ID "${id}"`);
}
