/**
 * A provider's request budget: the calls a minute, an hour and a day its plan allows (Open-Meteo's
 * free tier: 600, 5,000 and 10,000), weighted as the provider weighs them.
 *
 * Counted in the database by the rate limiter (src/rate-limit.ts), so the server's read-through
 * fills, the scheduled ingest and `npm run ingest` in another process all spend from one budget.
 * The windows slide, which is stricter than a provider's fixed ones: a sliding minute never
 * holds more than the limit, so neither does any whole minute. When the provider says a limit is
 * reached anyway (a 429: another client on the same key, or a count that differs from ours), the
 * window is counted as spent until the provider's own window resets.
 */
import type { RateLimiter, RateRule } from '../rate-limit.js';

export type BudgetWindow = 'minute' | 'hour' | 'day';

export const BUDGET_WINDOWS: Record<BudgetWindow, number> = { minute: 60, hour: 3_600, day: 86_400 };

export type BudgetLimits = Record<BudgetWindow, number>;

export interface BudgetUsage {
  window: BudgetWindow;
  used: number;
  limit: number;
}

export interface ProviderBudget {
  /** Spends `weight` if every window has room for it, at `now` (unix ms); else spends nothing and says when to ask again. */
  spend(weight: number, now: number): Promise<{ granted: true } | { granted: false; retryAfterSeconds: number }>;
  /** The provider said `window`'s limit is reached: nothing more is spent until its window resets. */
  exhaust(window: BudgetWindow, now: number): Promise<void>;
  usage(now: number): Promise<BudgetUsage[]>;
}

/** A call the budget would not allow now; `retryAfterSeconds` says when it would. */
export class BudgetSpentError extends Error {
  constructor(
    readonly provider: string,
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(`The ${provider} request budget is spent for the next ${retryAfterSeconds} s`, options);
    this.name = 'BudgetSpentError';
  }
}

const windows = Object.keys(BUDGET_WINDOWS) as BudgetWindow[];

/** When (unix seconds) a provider's fixed `window` that holds `now` (unix ms) resets: a minute on the minute, a day at midnight UTC. */
export function windowResetAt(window: BudgetWindow, now: number): number {
  const size = BUDGET_WINDOWS[window];
  const nowSeconds = Math.floor(now / 1000);
  return nowSeconds - (nowSeconds % size) + size;
}

/** The budget of `provider` with `limits`, kept by `limiter`. */
export function createProviderBudget(limiter: RateLimiter, provider: string, limits: BudgetLimits): ProviderBudget {
  const rule = (window: BudgetWindow): RateRule => ({
    key: `provider:${provider}:${window}`,
    limit: limits[window],
    windowSeconds: BUDGET_WINDOWS[window],
  });
  const rules = windows.map(rule);
  const smallest = Math.min(...windows.map((window) => limits[window]));

  return {
    async spend(weight, now) {
      // The limiter counts whole units; a fractional weight rounds up, never down.
      const want = Math.ceil(weight);
      if (want > smallest) throw new RangeError(`A call of weight ${want} can never fit a budget of ${smallest}; send smaller batches`);
      const grant = await limiter.take(rules, Math.floor(now / 1000), { want });
      return grant.granted > 0 ? { granted: true } : { granted: false, retryAfterSeconds: grant.retryAfter };
    },

    async exhaust(window, now) {
      await limiter.exhaust(rule(window), windowResetAt(window, now));
    },

    async usage(now) {
      const used = await limiter.usage(rules, Math.floor(now / 1000));
      return windows.map((window, i) => ({ window, used: Math.min(used[i]!, limits[window]), limit: limits[window] }));
    },
  };
}
