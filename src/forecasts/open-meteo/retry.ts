/**
 * When to call Open-Meteo again after a failed call. Written here rather than taken from p-retry:
 * the wait depends on what failed (a Retry-After header, the reset of Open-Meteo's minute window,
 * which it announces only in prose), which p-retry's fixed backoff cannot express.
 *
 * - Network errors, timeouts, 5xx and truncated bodies: exponential backoff with full jitter
 *   (a uniform wait between 0 and the doubled cap), so that replicas retrying together spread out.
 * - 429: Open-Meteo sends no Retry-After. A minute limit resets at the next whole minute, which is
 *   waited for; an hour or day limit cannot pass within one call, so it is not retried here (the
 *   ingest stops and resumes on a later tick).
 * - A Retry-After header, where a provider or proxy sends one, is honoured as it is.
 * - Never a 400, nor an answer that is complete but wrong.
 */
import { windowResetAt, type BudgetWindow } from '../provider-budget.js';
import { OpenMeteoError } from './response.js';

export interface RetryPolicy {
  /** Calls after the first. */
  retries: number;
  /** The first backoff's cap (ms); each further one doubles, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest wait this policy accepts (ms), a 429's included; anything longer is not retried. */
  maxWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 8000, maxWaitMs: 65_000 };

export interface FailedCall {
  /** What was thrown: an OpenMeteoError, or the fetch's own (network, timeout). */
  error: unknown;
  /** 0 for the first retry. */
  retry: number;
  /** The answer's Retry-After header, if it had one. */
  retryAfter: string | null;
  /** Unix milliseconds now. */
  now: number;
  /** Uniform in [0, 1). */
  random: () => number;
}

/** How long to wait before calling again (ms), or null when the call must not be made again. */
export function retryDelay(policy: RetryPolicy, { error, retry, retryAfter, now, random }: FailedCall): number | null {
  if (retry >= policy.retries) return null;
  if (error instanceof OpenMeteoError && !error.retryable) return null;

  const announced = retryAfterMs(retryAfter, now);
  if (announced !== null) return announced <= policy.maxWaitMs ? announced : null;

  if (error instanceof OpenMeteoError && error.failure === 'rate limited') {
    if (limitedWindow(error.message) !== 'minute') return null;
    // A little past the boundary, so that the next call lands in the new window.
    const wait = windowResetAt('minute', now) * 1000 - now + 250;
    return wait <= policy.maxWaitMs ? wait : null;
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * cap);
}

/** Retry-After as milliseconds from `now`: delta seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Which of Open-Meteo's limits a 429 names: its reasons say "Minutely", "Hourly" or "Daily API request limit exceeded". */
export function limitedWindow(reason: string): BudgetWindow {
  if (/minutely|minute/i.test(reason)) return 'minute';
  if (/hourly|hour/i.test(reason)) return 'hour';
  // A limit it does not name is taken as the longest: waiting too long costs less than a ban.
  return 'day';
}
