/**
 * Whole responses to queries, kept for a short time and served again without executing.
 *
 * Many people ask for the same places and forecasts, and a forecast changes at most once an
 * hour: an anonymous query of public fields only is kept under the scope `public` (and marked
 * `cache-control: public`, so HTTP caches in front may keep it too, see cache-policy.ts). A
 * logged-in person's queries are kept under their account id and the account's version, which
 * every change to their preferences or favorites raises in the same write (db/schema.ts): a
 * change makes the old entries unreachable at once, in every replica, with nothing to share
 * between them. Each replica keeps its own entries, each for at most the configured seconds.
 */
import { LRUCache } from 'lru-cache';
import { canonicalJson, isRecord } from './json.js';

export interface CachedResponse {
  status: number;
  headers: [string, string][];
  body: string;
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

/** A cache bounded to `maxBytes` of response bodies. */
export function createResponseCache(maxBytes: number) {
  const entries = new LRUCache<string, Entry>({
    maxSize: maxBytes,
    sizeCalculation: (entry, key) => entry.response.body.length + key.length,
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
 * The part of a GraphQL POST body that decides its answer, as one string: requests that differ
 * only in how their JSON is written (spacing, key order, a client's extra fields) share an entry.
 * Null for a body that is not one operation (a batch, or not an object).
 */
export function requestMeaning(body: unknown): string | null {
  if (!isRecord(body)) return null;
  const { query, operationName, variables, extensions, documentId } = body;
  return canonicalJson([query ?? null, operationName ?? null, documentId ?? null, variables ?? null, extensions ?? null]);
}
