/**
 * `npm run backup -- <file>` (db/backup.ts): a copy of the live database taken while the server
 * goes on writing, which another server can then serve as it is.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADD } from '../support/accounts.js';
import { repoRoot, startChildServer, type ChildServer } from '../support/child-server.js';

const PASSWORD = 'correct horse battery';
const SIGN_UP = 'mutation ($input: SignUpInput!) { signUp(input: $input) { token } }';

/** Runs the backup script as `npm run backup` does, against `databasePath`. */
function runBackup(databasePath: string, destination: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'db/backup.ts', destination],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', DATABASE_PATH: databasePath }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let dir: string;
let live: ChildServer | undefined;
let copy: ChildServer | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skygraph-backup-'));
});
afterAll(async () => {
  await live?.dispose();
  await copy?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run backup', () => {
  it('copies the database while the server takes writes, and the copy serves', async () => {
    live = await startChildServer({ env: { SIGNUPS_PER_ADDRESS: '100000' } });
    const server = live;
    const places: string[] = (await server.gql('{ locations(first: 30) { nodes { id } } }')).body.data.locations.nodes.map(
      (n: { id: string }) => n.id,
    );
    // Someone who signed up and saved two places before the backup.
    const before = await server.gql(SIGN_UP, { input: { email: 'before-backup@example.com', password: PASSWORD } });
    const token = before.body.data.signUp.token as string;
    for (const locationId of places.slice(0, 2))
      expect((await server.gql(ADD, { input: { locationId } }, { token })).body.errors).toBeUndefined();

    // Three clients save and remove places until told to stop.
    let writes = 0;
    const failures: unknown[] = [];
    let stop = false;
    let streaming!: () => void;
    const started = new Promise<void>((resolve) => (streaming = resolve));
    const writer = async (i: number) => {
      const signUp = await server.gql(SIGN_UP, { input: { email: `writer-${i}@example.com`, password: PASSWORD } });
      const auth = { token: signUp.body.data.signUp.token as string };
      for (let k = 0; !stop; k++) {
        const added = await server.gql(ADD, { input: { locationId: places[2 + ((i * 7 + k) % 28)] } }, auth);
        const removed = added.body.data
          ? await server.gql(
              'mutation ($id: ID!) { removeFavorite(id: $id) { removedFavoriteId } }',
              { id: added.body.data.addFavorite.favorite.id },
              auth,
            )
          : added;
        for (const res of [added, removed]) if (res.body.errors) failures.push(res.body.errors);
        if ((writes += 2) >= 30) streaming();
      }
    };
    const writers = [0, 1, 2].map(writer);
    await started;

    const destination = join(dir, 'backup.db');
    const writesBefore = writes;
    const backup = await runBackup(server.databasePath, destination);
    const writesDuring = writes - writesBefore;
    stop = true;
    await Promise.all(writers);

    expect(backup).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    const summary = JSON.parse(backup.stdout.trim());
    expect(summary).toEqual(expect.objectContaining({ msg: 'backup complete', destination, pages: expect.any(Number) }));
    // The server went on writing while the backup ran, without an error.
    expect(writesDuring).toBeGreaterThan(0);
    expect(failures).toEqual([]);

    const sqlite = new Database(destination, { readonly: true, fileMustExist: true });
    try {
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
      // One consistent snapshot: no account caught between a removal and its renumbering.
      const gaps = sqlite
        .prepare('select account_id from favorites group by account_id having min(position) <> 0 or max(position) <> count(*) - 1')
        .all();
      expect(gaps).toEqual([]);
    } finally {
      sqlite.close();
    }

    copy = await startChildServer({ databasePath: destination });
    const oslo = await copy.gql('{ locations(search: "oslo", first: 1) { nodes { name } } }');
    expect(oslo.body.data.locations.nodes).toEqual([{ name: 'Oslo' }]);
    const logIn = await copy.gql('mutation ($input: LogInInput!) { logIn(input: $input) { token } }', {
      input: { email: 'before-backup@example.com', password: PASSWORD },
    });
    expect(logIn.body.errors).toBeUndefined();
    const mine = await copy.gql('{ me { favorites { location { id } } } }', {}, { token: logIn.body.data.logIn.token });
    expect(mine.body.data.me.favorites.map((f: { location: { id: string } }) => f.location.id)).toEqual(places.slice(0, 2));
  });

  it('refuses a destination that exists (exit 2) and leaves it untouched', async () => {
    const destination = join(dir, 'precious.txt');
    writeFileSync(destination, 'not to be overwritten');
    const backup = await runBackup(live!.databasePath, destination);
    expect(backup.code).toBe(2);
    expect(backup.stderr).toMatch(/exists already; a backup never overwrites a file/);
    expect(readFileSync(destination, 'utf8')).toBe('not to be overwritten');
  });
});
