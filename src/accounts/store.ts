/**
 * Reading and writing accounts and sessions. Writes that touch several rows run in one
 * IMMEDIATE transaction with a synchronous body (see db/open.ts and TRAPS on better-sqlite3).
 */
import { eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { accounts, sessions, type AccountRow } from '../../db/schema.js';
import type { UnitPreferences } from '../context.js';

export interface SessionLookup {
  account: AccountRow;
  sessionId: number;
  expiresAt: number;
}

export interface NewAccount {
  email: string;
  passwordHash: string;
  displayName: string | null;
}

export type AccountStore = ReturnType<typeof createAccountStore>;

/** The account queries over `db`; the per-request session lookup is prepared once. */
export function createAccountStore(db: Db) {
  const sessionByTokenHash = db
    .select({ account: accounts, sessionId: sessions.id, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .prepare();

  // Expired sessions go when new ones are written, so the table holds about the live ones only.
  const insertSession = (tx: Pick<Db, 'insert' | 'delete'>, accountId: number, tokenHash: string, now: number, expiresAt: number) => {
    tx.delete(sessions).where(lte(sessions.expiresAt, now)).run();
    tx.insert(sessions).values({ accountId, tokenHash, createdAt: now, expiresAt }).run();
  };

  return {
    /** The session a token hash belongs to, with its account; undefined when there is none. */
    findSession: (tokenHash: string): SessionLookup | undefined => sessionByTokenHash.get({ tokenHash }),

    findAccountByEmail: async (email: string): Promise<AccountRow | undefined> =>
      (await db.select().from(accounts).where(eq(accounts.email, email)).limit(1))[0],

    emailTaken: async (email: string): Promise<boolean> =>
      (await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, email)).limit(1)).length > 0,

    /** Creates the account and its first session together; null when the email is taken. */
    async createAccountWithSession(account: NewAccount, tokenHash: string, now: number, expiresAt: number): Promise<AccountRow | null> {
      return db.transaction(
        (tx) => {
          const created = tx
            .insert(accounts)
            .values({ ...account, createdAt: now })
            .onConflictDoNothing({ target: accounts.email })
            .returning()
            .get();
          if (created) insertSession(tx, created.id, tokenHash, now, expiresAt);
          return created ?? null;
        },
        { behavior: 'immediate' },
      );
    },

    createSession: async (accountId: number, tokenHash: string, now: number, expiresAt: number): Promise<void> => {
      db.transaction((tx) => insertSession(tx, accountId, tokenHash, now, expiresAt), { behavior: 'immediate' });
    },

    deleteSession: async (sessionId: number): Promise<void> => {
      await db.delete(sessions).where(eq(sessions.id, sessionId));
    },

    updatePreferences: async (accountId: number, changes: Partial<UnitPreferences>): Promise<AccountRow> =>
      (
        await db
          .update(accounts)
          .set({ ...changes, version: sql`${accounts.version} + 1` })
          .where(eq(accounts.id, accountId))
          .returning()
      )[0]!,

    /** Deletes the account; its sessions and favorites go with it (ON DELETE CASCADE, same statement). */
    deleteAccount: async (accountId: number): Promise<void> => {
      await db.delete(accounts).where(eq(accounts.id, accountId));
    },
  };
}
