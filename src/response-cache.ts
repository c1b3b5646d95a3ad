/**
 * Whole responses to queries, kept for a short time and served again without executing.
 *
 * Many people ask for the same places and forecasts, and a forecast changes at most once an
 * hour: an anonymous query of public fields only is kept under the scope `public` (and marked
 * `cache-control: public`, so HTTP caches in front may keep it too, see cache-policy.ts). The
 * same query from a logged-in person is kept under the units they prefer, shared by everyone
 * who prefers them: its answer holds nothing else of theirs. A logged-in person's queries of
 * their own data are kept under their account id and the account's version, which every change
 * to their preferences or favorites raises in the same write (db/schema.ts): a change makes the
 * old entries unreachable at once, in every replica, with nothing to share between them. Each
 * replica keeps its own entries, each for at most the configured seconds.
 *
 * Which scope a request's answer has is known only once it has run, so a logged-in person's
 * request is looked up under their units first, then under their account.
 */
import { LRUCache } from 'lru-cache';
import type { Authentication } from './accounts/viewer.js';
import type { CacheScope } from './cache-policy.js';
import { canonicalJson, isRecord } from './json.js';

export interface CachedResponse {
  status: number;
  headers: [string, string][];
  /**
   * UTF-8, as it goes on the wire: a hit is written without encoding the text again, and the
   * cache's bound counts the bytes it holds (a V8 string of the same text takes one or two bytes
   * a character, two as soon as one character is past Latin-1, as most pages of places are).
   */
  body: Buffer;
  operationName: string | undefined;
  /** Unix seconds when it was stored: hits say how old they are in `Age`. */
  storedAt: number;
}

interface Entry {
  response: CachedResponse;
  /** Unix seconds, by the server's clock (which tests and benchmarks pin), not the wall's. */
  expiresAt: number;
}

export interface RequestKeyParts {
  /** `public`, or the account and its version whose answer this is. */
  scope: string;
  contentType: string;
  accept: string | undefined;
  /**
   * What the request asks (requestMeaning): its operation, variables and extensions, whatever
   * the spacing and key order of the JSON that carried them.
   */
  request: string;
  /** Unix seconds: responses depend on the current hour, and local days begin on quarter hours. */
  now: number;
}

const QUARTER_HOUR = 900;

export type ResponseCache = ReturnType<typeof createResponseCache>;

/** What an entry holds besides its body and key, roughly: the entry, its headers, the LRU's bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 512;

/** A cache bounded to about `maxBytes` of memory. */
export function createResponseCache(maxBytes: number) {
  const entries = new LRUCache<string, Entry>({
    maxSize: maxBytes,
    // A key holds the request's text and variables, two bytes a character at worst.
    sizeCalculation: (entry, key) => entry.response.body.byteLength + 2 * key.length + ENTRY_OVERHEAD_BYTES,
  });

  const keyOf = ({ scope, contentType, accept, request, now }: RequestKeyParts) =>
    `${scope}\n${Math.floor(now / QUARTER_HOUR)}\n${contentType}\n${accept ?? ''}\n${request}`;

  return {
    get(parts: RequestKeyParts): CachedResponse | undefined {
      const key = keyOf(parts);
      const entry = entries.get(key);
      if (entry && parts.now < entry.expiresAt) return entry.response;
      if (entry) entries.delete(key);
      return undefined;
    },
    set(parts: RequestKeyParts, response: CachedResponse, seconds: number): void {
      // The wall-clock TTL frees memory; the clock's expiry decides what may be served.
      entries.set(keyOf(parts), { response, expiresAt: parts.now + seconds }, { ttl: seconds * 1000 });
    },
  };
}

/**
 * The keys' scopes a request's answer may be kept under, by the CacheScope its execution reports,
 * in the order to look them up; null for a refused token, whose requests are never answered
 * from the cache. Account ids are never reused (AUTOINCREMENT, db/schema.ts): a deleted
 * account's entries can match nobody else, and with its sessions gone nobody can reach them.
 */
export function cacheScopes(auth: Authentication): Partial<Record<CacheScope, string>> | null {
  if (auth.rejected) return null;
  const account = auth.viewer?.account;
  if (!account) return { public: 'public' };
  return {
    units: `units ${account.temperatureUnit} ${account.windSpeedUnit} ${account.precipitationUnit}`,
    viewer: `account ${account.id} version ${account.version}`,
  };
}

/**
 * The part of a GraphQL POST body that decides its answer, as one string: requests that differ
 * only in how their JSON is written (spacing, key order, a client's extra fields) share an entry.
 * Null for a body that is not one operation (a batch, or not an object).
 */
export function requestMeaning(body: unknown): string | null {
  if (!isRecord(body)) return null;
  const { query, operationName, variables, extensions, documentId } = body;
  return canonicalJson([query ?? null, operationName ?? null, documentId ?? null, variables ?? null, extensions ?? null]);
}
