/**
 * The log-in rate limit: a sliding window of failed log-ins per email and per client address,
 * kept in the database so that every server replica counts the same failures.
 *
 * Per email it stops password guessing against one account; per address it stops one client
 * from trying many accounts. A lock-out lasts only until the oldest failure in the window ages
 * out (15 minutes by default), so a real owner locked out by someone else waits minutes, not
 * hours, and a successful log-in clears the email's failures.
 */
import { and, count, eq, gt, inArray, lt, min } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { loginFailures } from '../../db/schema.js';

export interface LoginLimits {
  perEmail: number;
  perAddress: number;
  windowSeconds: number;
}

export interface LoginKeys {
  email: string;
  address: string;
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>;

export function createLoginLimiter(db: Db, limits: LoginLimits) {
  const keysOf = ({ email, address }: LoginKeys) => ({ email: `email:${email}`, address: `ip:${address}` });

  return {
    /** Seconds until a log-in may be tried again, or 0 when it may be tried now. */
    async retryAfter(keys: LoginKeys, now: number): Promise<number> {
      const { email, address } = keysOf(keys);
      const rows = await db
        .select({ key: loginFailures.key, failures: count(), oldest: min(loginFailures.at) })
        .from(loginFailures)
        .where(and(inArray(loginFailures.key, [email, address]), gt(loginFailures.at, now - limits.windowSeconds)))
        .groupBy(loginFailures.key);
      let wait = 0;
      for (const row of rows) {
        const limit = row.key === email ? limits.perEmail : limits.perAddress;
        if (row.failures >= limit) wait = Math.max(wait, row.oldest! + limits.windowSeconds - now);
      }
      return wait;
    },

    /** Records a failed log-in against both keys, and forgets failures that have aged out. */
    recordFailure(keys: LoginKeys, now: number): void {
      const { email, address } = keysOf(keys);
      db.transaction(
        (tx) => {
          tx.insert(loginFailures)
            .values([
              { key: email, at: now },
              { key: address, at: now },
            ])
            .run();
          tx.delete(loginFailures)
            .where(lt(loginFailures.at, now - limits.windowSeconds))
            .run();
        },
        { behavior: 'immediate' },
      );
    },

    /** Forgets an email's failures after its owner logged in. */
    clear(keys: LoginKeys): void {
      db.delete(loginFailures)
        .where(eq(loginFailures.key, keysOf(keys).email))
        .run();
    },
  };
}
