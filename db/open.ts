/**
 * Opening the SQLite file: pragmas, then migrations. The one place a connection is made.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  db: Db;
  /** The raw connection, for pragmas, `close()` and the benchmark's hand-written ceiling. */
  sqlite: Database.Database;
}

export interface OpenOptions {
  /** Called with the text of every statement SQLite executes; tests count them. */
  onStatement?: (sql: string) => void;
  /** Folder of drizzle-kit migrations to apply; the bundled `db/migrations` unless given (tests pass an older or broken copy). */
  migrationsFolder?: string;
}

// `npm run build` copies the migrations beside the compiled file, so this holds in both trees.
const bundledMigrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Opens (creating if needed) the database at `path`, sets its pragmas and applies pending migrations. */
export function openDatabase(path: string, options: OpenOptions = {}): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, options.onStatement ? { verbose: (sql) => options.onStatement!(String(sql)) } : {});
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL: a commit survives a crash of this process (the WAL is in the OS's hands once
  // written); only a power loss or OS crash can roll back the last few commits. FULL would fsync
  // on every commit for that last case. Set on every open: a reopened connection does not keep it.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema });
  try {
    applyMigrations(db, sqlite, options.migrationsFolder ?? bundledMigrationsFolder);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return { db, sqlite };
}

/**
 * drizzle-kit's table-rebuild migrations begin with `PRAGMA foreign_keys=OFF`, which is a no-op
 * inside the migrator's transaction; with keys on, ON DELETE CASCADE would empty child tables
 * during a rebuild. So keys are off for the migration and checked as a whole afterwards.
 */
function applyMigrations(db: Db, sqlite: Database.Database, migrationsFolder: string): void {
  sqlite.pragma('foreign_keys = OFF');
  try {
    try {
      migrate(db, { migrationsFolder });
    } catch (error) {
      // Drizzle runs every pending migration in one transaction and rolls it back on failure,
      // so nothing of this upgrade landed (tests/durability/migrations.test.ts checks it).
      throw new Error(`Migration failed, the database keeps its previous schema: ${migrationFailure(error)}`, { cause: error });
    }
    const violations = sqlite.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) {
      throw new Error(`migration left ${violations.length} foreign key violations, e.g. ${JSON.stringify(violations[0])}`);
    }
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

/**
 * What went wrong, in one line: Drizzle's own message names only the statement ("Failed to run
 * the query 'CREATE TABLE …'"), while SQLite's reason ("table `x` already exists") is its cause.
 */
function migrationFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Read by shape, not `instanceof Error`: better-sqlite3's addon keeps the SqliteError class of
  // the first context that loaded it, which under jest's per-file contexts is another realm's.
  const cause = error.cause as { message?: unknown } | undefined;
  if (typeof cause?.message !== 'string') return error.message;
  const statement = error.message
    .replace(/^Failed to run the query '/, '')
    .trim()
    .split('\n')[0]!;
  return `${cause.message}, in: ${statement.length > 100 ? `${statement.slice(0, 100)}…` : statement}`;
}
