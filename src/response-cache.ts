/**
 * Whole responses to anonymous queries of public data, kept for a short time.
 *
 * Many people ask for the same places and forecasts, and a forecast changes at most once an
 * hour. Apollo marks a response cacheable (`cache-control: public, max-age=N`, see
 * cache-policy.ts) only when the operation is a query that reads public fields alone, sent
 * without credentials, and answered without errors; this cache then serves the same request
 * again without executing it, and so can any HTTP cache in front of the server. Each replica
 * keeps its own: nothing here needs to be shared, and an entry lives at most `max-age`.
 */
import { LRUCache } from 'lru-cache';

export interface CachedResponse {
  status: number;
  headers: [string, string][];
  body: string;
  operationName: string | undefined;
}

export interface RequestKeyParts {
  method: string;
  contentType: string | undefined;
  accept: string | undefined;
  /** The query string of a GET, the raw body of a POST. */
  payload: string;
  /** Unix seconds: responses depend on the current hour, and local days begin on quarter hours. */
  now: number;
}

const QUARTER_HOUR = 900;

export type ResponseCache = ReturnType<typeof createResponseCache>;

/** A cache bounded to `maxBytes` of response bodies. */
export function createResponseCache(maxBytes: number) {
  const entries = new LRUCache<string, CachedResponse>({
    maxSize: maxBytes,
    sizeCalculation: (entry, key) => entry.body.length + key.length,
  });

  const keyOf = ({ method, contentType, accept, payload, now }: RequestKeyParts) =>
    `${Math.floor(now / QUARTER_HOUR)}\n${method}\n${contentType ?? ''}\n${accept ?? ''}\n${payload}`;

  return {
    get: (parts: RequestKeyParts): CachedResponse | undefined => entries.get(keyOf(parts)),
    /** Keeps `response` if its cache-control header says it is public, for its max-age. */
    offer(parts: RequestKeyParts, response: CachedResponse): void {
      const cacheControl = response.headers.find(([name]) => name === 'cache-control')?.[1];
      const maxAge = cacheControl && /^public, max-age=(\d+)$/.exec(cacheControl)?.[1];
      if (response.status === 200 && maxAge && Number(maxAge) > 0) entries.set(keyOf(parts), response, { ttl: Number(maxAge) * 1000 });
    },
  };
}
