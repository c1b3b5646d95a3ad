/**
 * `npm run backup -- <destination file>`: an online copy of the database at DATABASE_PATH,
 * taken while the server keeps serving, through SQLite's backup API (better-sqlite3's
 * `db.backup()`). The copy is checked (`quick_check`) and only then appears under its name, so a
 * file at the destination is always a whole backup. An existing destination is never overwritten.
 *
 * Exit codes: 0 done, 1 the copy failed, 2 bad usage (no destination, one that exists, bad config).
 */
import { existsSync, linkSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.js';

/**
 * Pages copied per step: all of them. SQLite restarts a backup from the first page whenever
 * another connection (here: the server, in another process) commits to the source between two
 * steps, so any copy in several steps under a steady stream of writes starts over and over: with
 * better-sqlite3's default of 100 pages, a 28 MB database under some 70 writes a second took 112
 * restarts and 1,268 steps, and a 120 MB one in 64 MiB steps never finished. One step holds only
 * a read transaction, which in WAL mode does not block the server's writers (they went on at the
 * same rate), and copies one consistent snapshot.
 */
const PAGES_PER_STEP = 2 ** 31 - 1;

function fail(code: 1 | 2, message: string): never {
  console.error(`backup: ${message}`);
  process.exit(code);
}

const [target, ...extra] = process.argv.slice(2);
if (!target || extra.length > 0) fail(2, 'usage: npm run backup -- <destination file>');
const destination = resolve(target);
let databasePath: string;
try {
  databasePath = loadConfig().databasePath;
} catch (error) {
  fail(2, (error as Error).message);
}
if (existsSync(destination)) fail(2, `${destination} exists already; a backup never overwrites a file, choose a new name`);

// Written beside the destination, then linked to its name once checked: a backup that dies
// halfway leaves only a `.partial` file, never a truncated one under the real name.
const partial = `${destination}.partial`;
rmSync(partial, { force: true });

const started = performance.now();
let source: Database.Database;
try {
  // Not openDatabase(): a backup must not migrate the database, nor create an empty one at a
  // mistyped path. Not read-only either: with no server running, a read-only connection would
  // leave behind the -wal and -shm files that opening a WAL database makes.
  source = new Database(databasePath, { fileMustExist: true });
} catch (error) {
  fail(1, `cannot open ${databasePath}: ${(error as Error).message}`);
}

let steps = 0;
let restarts = 0;
let remaining = Infinity;
try {
  const { totalPages } = await source.backup(partial, {
    progress(progress) {
      steps++;
      if (progress.remainingPages > remaining) restarts++;
      remaining = progress.remainingPages;
      return PAGES_PER_STEP;
    },
  });
  source.close();

  const copy = new Database(partial, { fileMustExist: true });
  const check = copy.pragma('quick_check', { simple: true });
  const pageSize = copy.pragma('page_size', { simple: true }) as number;
  copy.close();
  if (check !== 'ok') throw new Error(`the copy fails quick_check: ${String(check)}`);

  // link() refuses an existing name, so a file that appeared meanwhile is not overwritten either.
  linkSync(partial, destination);
  rmSync(partial);
  console.log(
    JSON.stringify({
      msg: 'backup complete',
      source: databasePath,
      destination,
      pages: totalPages,
      bytes: totalPages * pageSize,
      steps,
      restarts,
      durationMs: Math.round(performance.now() - started),
    }),
  );
} catch (error) {
  rmSync(partial, { force: true });
  fail(1, `copying ${databasePath} to ${destination} failed: ${(error as Error).message}`);
}
