/**
 * Leases: "this job is running, by me, until then", kept in the database so that processes
 * sharing it (a server's scheduled ingest, `npm run ingest` from cron, replicas) never run the
 * same job at once. A holder renews its lease as it makes progress; one that crashes stops
 * renewing, and its lease is free again when it expires.
 *
 * Taking a lease is one statement (an upsert that only overwrites an expired row), so two
 * processes that race for it cannot both win.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/open.js';
import { leases } from '../db/schema.js';

export interface Lease {
  readonly name: string;
  /** This holder's id, for its log lines. */
  readonly holder: string;
  /** Extends the lease by its time to live from `now` (unix seconds); false when it was lost (expired and taken). */
  renew(now: number): Promise<boolean>;
  release(): Promise<void>;
}

/** Takes the lease `name` for `ttlSeconds` from `now` (unix seconds), or null while someone else holds it. */
export async function takeLease(db: Db, name: string, ttlSeconds: number, now: number): Promise<Lease | null> {
  const holder = randomUUID();
  const taken = await db
    .insert(leases)
    .values({ name, holder, expiresAt: now + ttlSeconds })
    .onConflictDoUpdate({
      target: leases.name,
      set: { holder: sql`excluded.holder`, expiresAt: sql`excluded.expires_at` },
      setWhere: lte(leases.expiresAt, now),
    })
    .returning({ holder: leases.holder });
  if (taken.length === 0) return null;

  const mine = and(eq(leases.name, name), eq(leases.holder, holder));
  return {
    name,
    holder,
    async renew(at) {
      const renewed = await db
        .update(leases)
        .set({ expiresAt: at + ttlSeconds })
        .where(mine)
        .returning({ holder: leases.holder });
      return renewed.length === 1;
    },
    async release() {
      await db.delete(leases).where(mine);
    },
  };
}
