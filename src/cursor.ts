/**
 * Keyset cursors. A cursor holds the sort key of the last item a client saw, not an offset, so
 * pages stay stable while rows are added and a page costs the same however deep it is.
 *
 * Format: base64url of JSON `[kind, sortValue, id]`, where kind names the ordering it belongs to
 * (`p` population descending, `d` distance ascending, `s` a name search's order, name-search.ts). A cursor of one ordering is refused by
 * another rather than silently giving a wrong page.
 */
export type CursorKind = 'p' | 'd' | 's';

export interface Cursor {
  kind: CursorKind;
  /** Population, distance in kilometres, or a name search's sort value. */
  value: number;
  id: number;
}

/** The opaque cursor string for a position in an ordering. */
export function encodeCursor({ kind, value, id }: Cursor): string {
  return Buffer.from(JSON.stringify([kind, value, id])).toString('base64url');
}

/** The position a cursor string stands for, or null when it is not a cursor of this API. */
export function decodeCursor(cursor: string): Cursor | null {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [kind, value, id] = parsed as unknown[];
  if ((kind !== 'p' && kind !== 'd' && kind !== 's') || typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return null;
  return { kind, value, id };
}
