/**
 * The limits on password checks: log-ins (and account deletions, which re-check the password)
 * per email and per client address, and sign-ups per client address.
 *
 * Per email it stops password guessing against one account; per address it stops one client
 * from trying many accounts or creating many. Every attempt is counted before its password is
 * hashed (src/rate-limit.ts), so concurrent guesses cannot overtake the count; a log-in that
 * succeeds takes its own attempt back and clears its email's failures, so what stays counted is
 * failures. A lock-out lasts only until the oldest counted attempt ages out (15 minutes by
 * default): a real owner locked out by someone else waits minutes, not hours.
 */
import type { Config } from '../config.js';
import { clientError } from '../errors.js';
import type { RateLimiter, RateRule } from '../rate-limit.js';

export type AccountLimits = ReturnType<typeof createAccountLimits>;

/** An attempt that was let through: say how it ended. */
export interface PasswordAttempt {
  /** The password was right: the attempt does not count, and the email's failures are forgiven. */
  succeeded(): Promise<void>;
}

type LimitSettings = Pick<
  Config,
  'loginFailuresPerEmail' | 'loginFailuresPerAddress' | 'loginFailureWindowMinutes' | 'signupsPerAddress' | 'signupWindowMinutes'
>;

export function createAccountLimits(limiter: RateLimiter, settings: LimitSettings) {
  const loginWindow = settings.loginFailureWindowMinutes * 60;
  const emailKey = (email: string) => `login:email:${email}`;

  return {
    /** Counts a password check for `email` from `address`; RATE_LIMITED when either limit is reached. */
    async beginPasswordCheck(email: string, address: string, now: number, what: 'log-ins' | 'wrong passwords'): Promise<PasswordAttempt> {
      const rules: RateRule[] = [
        { key: emailKey(email), limit: settings.loginFailuresPerEmail, windowSeconds: loginWindow },
        { key: `login:ip:${address}`, limit: settings.loginFailuresPerAddress, windowSeconds: loginWindow },
      ];
      const grant = await limiter.take(rules, now);
      if (grant.granted === 0) throw rateLimited(`Too many failed ${what}; try again in ${grant.retryAfter} seconds`, grant.retryAfter);
      return {
        async succeeded() {
          await grant.release();
          await limiter.forget(emailKey(email));
        },
      };
    },

    /** Counts a sign-up from `address`; RATE_LIMITED past the limit. */
    async beginSignUp(address: string, now: number): Promise<void> {
      const rule = { key: `signup:ip:${address}`, limit: settings.signupsPerAddress, windowSeconds: settings.signupWindowMinutes * 60 };
      const grant = await limiter.take([rule], now);
      if (grant.granted === 0)
        throw rateLimited(`Too many sign-ups from this address; try again in ${grant.retryAfter} seconds`, grant.retryAfter);
    },
  };
}

const rateLimited = (message: string, retryAfterSeconds: number) => clientError('RATE_LIMITED', message, { retryAfterSeconds });
