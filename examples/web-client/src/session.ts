/** Whose requests these are: the bearer token of the person logged in, or none. */

/** Where a token outlives the page (`localStorage` in the browser); the token stays in memory only without it. */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface Session {
  /** The token to send as `Authorization: Bearer <token>`, or null when nobody is logged in. */
  token(): string | null;
  /** Keeps the token from `signUp` or `logIn`; `null` forgets it (after `logOut`). */
  set(token: string | null): void;
}

const KEY = 'skygraph.token';

/** A session that starts with the token `storage` kept, if any. */
export function createSession(storage?: TokenStorage): Session {
  let current = storage?.getItem(KEY) ?? null;
  return {
    token: () => current,
    set(token) {
      current = token;
      if (token === null) storage?.removeItem(KEY);
      else storage?.setItem(KEY, token);
    },
  };
}
