/**
 * Who is asking: the account behind the request's bearer token, resolved once per request with
 * one prepared statement.
 */
import type { AccountRow } from '../../db/schema.js';
import { clientError } from '../errors.js';
import type { AccountStore } from './store.js';
import { bearerToken, hashToken } from './tokens.js';

export interface Viewer {
  account: AccountRow;
  sessionId: number;
}

export interface Authentication {
  viewer: Viewer | null;
  /** A token was sent but is unknown, expired or logged out (as opposed to no token at all). */
  rejected: boolean;
}

/** The viewer of a request from its Authorization header, at `now` (unix seconds). */
export function authenticate(store: AccountStore, authorization: string | undefined, now: number): Authentication {
  const token = bearerToken(authorization);
  if (token === null) return { viewer: null, rejected: false };
  const session = token === '' ? undefined : store.findSession(hashToken(token));
  if (!session || session.expiresAt <= now) return { viewer: null, rejected: true };
  return { viewer: { account: session.account, sessionId: session.sessionId }, rejected: false };
}

/** The viewer, or the UNAUTHENTICATED error that says why there is none. */
export function requireViewer({ viewer, rejected }: Authentication): Viewer {
  if (viewer) return viewer;
  throw rejected
    ? clientError('UNAUTHENTICATED', 'The token is unknown, expired or logged out; log in again for a new one')
    : clientError('UNAUTHENTICATED', 'Log in first: send the token from signUp or logIn as "Authorization: Bearer <token>"');
}
