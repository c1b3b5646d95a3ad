/**
 * How many places a request may have forecast read-through. A fill costs the provider a call and
 * the database some 22 KB a place for as long as the run is kept, so it is bounded twice: per
 * request (`fillsPerRequest`, which also bounds how long one request can hold the event loop),
 * and per client address per hour across replicas (`fillsPerClientPerHour`, counted in the
 * database by src/rate-limit.ts), so that forged cursors walking all places cannot fill them all.
 * Places past either bound answer RATE_LIMITED on their forecast fields; the rest of the
 * response is served.
 */
import type { RateLimiter } from '../rate-limit.js';

export const FILL_WINDOW_SECONDS = 3_600;

export interface FillBudget {
  /** How many of `places` more places may be filled now (0 to `places`); what it grants is spent. */
  take(places: number): Promise<number>;
  /** Seconds until the client's hourly budget has room again; 0 while it has. */
  readonly retryAfter: number;
}

export interface FillLimits {
  fillsPerRequest: number;
  fillsPerClientPerHour: number;
}

/** The budget of one request from `clientAddress`. */
export function createFillBudget(limiter: RateLimiter, clientAddress: string, now: number, limits: FillLimits): FillBudget {
  let leftInRequest = limits.fillsPerRequest;
  let retryAfter = 0;
  return {
    async take(places) {
      const want = Math.min(places, leftInRequest);
      if (want === 0) return 0;
      const rule = { key: `fill:ip:${clientAddress}`, limit: limits.fillsPerClientPerHour, windowSeconds: FILL_WINDOW_SECONDS };
      const grant = await limiter.take([rule], now, { want, partial: true });
      leftInRequest -= grant.granted;
      retryAfter = grant.retryAfter;
      return grant.granted;
    },
    get retryAfter() {
      return retryAfter;
    },
  };
}
