/**
 * Rate limits: sliding windows of weighted events, kept in the database so that every replica
 * counts the same events.
 *
 * The rule: an action is allowed while, for each of its rules, the weight of that rule's key's
 * events within the window plus the new weight stays within the rule's limit. The check and the
 * recording are one IMMEDIATE transaction, so N concurrent requests (in any number of
 * processes) can never be allowed more than the limit between them: an attempt is recorded
 * *before* the slow work it guards (a password hash), not after. A caller that learns the
 * attempt should not count (a log-in that succeeded) releases it.
 *
 * Events older than the longest window a rule may have (a day) are pruned on every write, so the
 * table holds at most a day of events. The bound is this module's, not each caller's: a limiter
 * prunes every key's events, so limiters with different retentions over one table (the server's,
 * the provider budget's in an ingest process) would delete each other's.
 */
import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Db } from '../db/open.js';
import { rateLimitEvents } from '../db/schema.js';

export interface RateRule {
  /** What is limited and for whom, e.g. `login:email:ana@example.com`. */
  key: string;
  /** Largest total weight within the window. */
  limit: number;
  windowSeconds: number;
}

export interface Grant {
  /** How much was granted: `want`, or with `partial` possibly less; 0 when refused. */
  granted: number;
  /** Seconds until the weight asked for (or, refused, any) would be allowed again; 0 when all was granted. */
  retryAfter: number;
  /** Takes the recorded events back, as if the attempt had not been made. */
  release(): Promise<void>;
}

export interface TakeOptions {
  /** Weight asked for; default 1. */
  want?: number;
  /** Grant as much as fits instead of all or nothing. */
  partial?: boolean;
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** The longest window a rule may have: the provider budget's day (configured windows stop there too). */
export const LONGEST_WINDOW_SECONDS = 86_400;

/** A limiter over `db`. */
export function createRateLimiter(db: Db) {
  return {
    /** Checks `rules` and records the granted weight under each of their keys, atomically. */
    async take(rules: readonly RateRule[], now: number, { want = 1, partial = false }: TakeOptions = {}): Promise<Grant> {
      const tooLong = rules.find((rule) => rule.windowSeconds > LONGEST_WINDOW_SECONDS);
      if (tooLong)
        throw new RangeError(
          `A rate limit's window is at most ${LONGEST_WINDOW_SECONDS} s, got ${tooLong.windowSeconds} for ${tooLong.key}`,
        );
      // A synchronous body: a better-sqlite3 transaction cannot await (see ../shared TRAPS).
      const { granted, retryAfter, ids } = db.transaction(
        (tx) => {
          const longest = Math.max(...rules.map((r) => r.windowSeconds));
          const rows = tx
            .select({ key: rateLimitEvents.key, at: rateLimitEvents.at, weight: rateLimitEvents.weight })
            .from(rateLimitEvents)
            .where(and(inArray(rateLimitEvents.key, [...new Set(rules.map((r) => r.key))]), gt(rateLimitEvents.at, now - longest)))
            .orderBy(rateLimitEvents.at)
            .all();
          let granted = want;
          let retryAfter = 0;
          for (const rule of rules) {
            const inWindow = rows.filter((row) => row.key === rule.key && row.at > now - rule.windowSeconds);
            const used = inWindow.reduce((total, row) => total + row.weight, 0);
            const room = Math.max(0, rule.limit - used);
            if (room >= want) continue;
            granted = Math.min(granted, partial ? room : 0);
            retryAfter = Math.max(retryAfter, secondsUntilRoom(inWindow, used, rule, partial ? 1 : want, now));
          }
          const ids =
            granted > 0
              ? tx
                  .insert(rateLimitEvents)
                  .values(rules.map((rule) => ({ key: rule.key, at: now, weight: granted })))
                  .returning({ id: rateLimitEvents.id })
                  .all()
                  .map((row) => row.id)
              : [];
          tx.delete(rateLimitEvents)
            .where(lt(rateLimitEvents.at, now - LONGEST_WINDOW_SECONDS))
            .run();
          return { granted, retryAfter, ids };
        },
        { behavior: 'immediate' },
      );
      return {
        granted,
        retryAfter,
        release: async () => {
          if (ids.length > 0) await db.delete(rateLimitEvents).where(inArray(rateLimitEvents.id, ids));
        },
      };
    },

    /** The weight each of `rules` has used within its window, in their order. */
    async usage(rules: readonly RateRule[], now: number): Promise<number[]> {
      const longest = Math.max(...rules.map((r) => r.windowSeconds));
      const rows = await db
        .select({ key: rateLimitEvents.key, at: rateLimitEvents.at, weight: rateLimitEvents.weight })
        .from(rateLimitEvents)
        .where(and(inArray(rateLimitEvents.key, [...new Set(rules.map((r) => r.key))]), gt(rateLimitEvents.at, now - longest)));
      return rules.map((rule) =>
        rows.filter((row) => row.key === rule.key && row.at > now - rule.windowSeconds).reduce((total, row) => total + row.weight, 0),
      );
    },

    /**
     * Counts `rule` as used up until `until` (unix seconds), whatever was recorded: someone who
     * keeps the real count (a provider answering 429) said it is. One event of the whole limit,
     * dated so that it leaves the window at `until`.
     */
    async exhaust(rule: RateRule, until: number): Promise<void> {
      await db.insert(rateLimitEvents).values({ key: rule.key, at: until - rule.windowSeconds, weight: rule.limit });
    },

    /** Forgets every event of `key` (a log-in that succeeded clears its email's failures). */
    async forget(key: string): Promise<void> {
      await db.delete(rateLimitEvents).where(eq(rateLimitEvents.key, key));
    },
  };
}

/** Seconds until enough of a rule's events (oldest first) age out to make room for `need`. */
function secondsUntilRoom(inWindow: { at: number; weight: number }[], used: number, rule: RateRule, need: number, now: number): number {
  let remaining = used;
  for (const event of inWindow) {
    remaining -= event.weight;
    if (rule.limit - remaining >= need) return Math.max(1, event.at + rule.windowSeconds - now);
  }
  return rule.windowSeconds;
}
