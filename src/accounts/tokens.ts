/**
 * Bearer tokens: 256 random bits for the client, only their SHA-256 for the database. A fast
 * hash is enough here: unlike a password, a token has all the entropy it needs.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A new token, 43 base64url characters. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores and looks tokens up by. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The token of an `Authorization: Bearer <token>` header; null when there is no such header. */
export function bearerToken(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  // A header that is present but not a bearer token is an invalid credential, not an absent one.
  return match ? match[1]! : '';
}
