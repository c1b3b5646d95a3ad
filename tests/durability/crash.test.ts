/**
 * A crash loses nothing that was acknowledged: six clients stream sign-ups and favorite changes
 * at a server process, which is SIGKILLed mid-stream; a new process on the same file must then
 * show every write whose response arrived, and at most the one write per client that was in
 * flight, with the database whole. Five rounds, the file carried from one to the next.
 *
 * Each client sends one request at a time, so at the kill it has at most one write whose fate is
 * unknown; the state found must be its acknowledged state, or that state with the in-flight
 * write applied, and nothing else.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromGlobalId } from '../../src/ids.js';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { templatePath } from '../support/template.js';

const ROUNDS = 5;
const CLIENTS = 6;
/** Fixed, so that a failure can be run again with the same kill points and choices. */
const SEED = 20260328;
const PASSWORD = 'correct horse battery';
const MAX_SAVED = 12;

const SIGN_UP = 'mutation ($input: SignUpInput!) { signUp(input: $input) { token account { id } } }';
const LOG_IN = 'mutation ($input: LogInInput!) { logIn(input: $input) { token } }';
const ADD = 'mutation ($input: AddFavoriteInput!) { addFavorite(input: $input) { favorite { id location { id } } } }';
const MOVE = 'mutation ($id: ID!, $p: Int!) { moveFavorite(id: $id, position: $p) { account { favorites { id location { id } } } } }';
const REMOVE = 'mutation ($id: ID!) { removeFavorite(id: $id) { removedFavoriteId } }';
const MINE = '{ me { favorites { id position location { id } } } }';

/** A small seeded generator (mulberry32): the same choices on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Favorite {
  id: string;
  locationId: string;
}

interface Account {
  email: string;
  token: string;
  /** Database key, for the checks in SQL. */
  key: number;
  /** Its favorites in order, as the acknowledged responses left them. */
  favorites: Favorite[];
}

/** The write a client had sent when the server died; its response never came. */
type InFlight =
  | { kind: 'signUp'; email: string }
  | { kind: 'add'; account: Account; locationId: string }
  | { kind: 'move'; account: Account; favorite: Favorite; position: number }
  | { kind: 'remove'; account: Account; favorite: Favorite };

interface Client {
  accounts: Account[];
  inFlight: InFlight | null;
  signUps: number;
  /** Set when a request got no response: the server is gone for this round. */
  gone: boolean;
}

/** `favorites` as it would be after the in-flight write, had it been applied (added ones get their id later). */
function applied(write: Exclude<InFlight, { kind: 'signUp' }>): string[] {
  const locations = write.account.favorites.map((f) => f.locationId);
  if (write.kind === 'add') return [...locations, write.locationId];
  const without = locations.filter((id) => id !== write.favorite.locationId);
  if (write.kind === 'remove') return without;
  without.splice(write.position, 0, write.favorite.locationId);
  return without;
}

let dir: string | undefined;
let server: ChildServer | undefined;
afterAll(async () => {
  await server?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a server process killed mid-write', () => {
  it('keeps every acknowledged write and a whole database, over five crashes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'skygraph-crash-'));
    const databasePath = join(dir, 'skygraph.db');
    copyFileSync(templatePath(), databasePath);
    const env = { SIGNUPS_PER_ADDRESS: '100000' };
    const rand = random(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

    const clients: Client[] = Array.from({ length: CLIENTS }, () => ({ accounts: [], inFlight: null, signUps: 0, gone: false }));
    const allAccounts = () => clients.flatMap((c) => c.accounts);
    /** Sign-ups that were in flight at a kill: each may or may not exist. */
    const maybeAccounts: string[] = [];

    server = await startChildServer({ databasePath, env });
    const places = await server.gql('{ locations(first: 40) { nodes { id } } }');
    expect(places.body.errors).toBeUndefined();
    const placeIds: string[] = places.body.data.locations.nodes.map((n: { id: string }) => n.id);

    for (let round = 1; round <= ROUNDS; round++) {
      const live = server;
      const killAfter = 200 + Math.floor(rand() * 200);
      let acknowledged = 0;
      let killed = false;
      const unexpected: unknown[] = [];

      /** Sends one write; true when its response arrived (whatever it said), false when the server was gone. */
      const send = async (client: Client, write: InFlight, query: string, variables: Record<string, unknown>, token?: string) => {
        client.inFlight = write;
        let res;
        try {
          res = await live.gql(query, variables, { token });
        } catch (error) {
          // No response: the write stays in flight, its fate unknown, and this client stops.
          client.gone = true;
          if (!killed) unexpected.push({ write: write.kind, error: String(error) });
          return null;
        }
        client.inFlight = null;
        if (res.status !== 200 || res.body.errors) {
          // Refused writes change nothing; none is expected from this client's own bookkeeping.
          unexpected.push({ write: write.kind, status: res.status, errors: res.body.errors });
          return null;
        }
        if (++acknowledged >= killAfter && !killed) {
          killed = true;
          live.kill('SIGKILL');
        }
        return res.body.data;
      };

      const stream = async (client: Client) => {
        client.gone = false;
        while (!killed && !client.gone) {
          const account = client.accounts.at(-1);
          if (!account || (rand() < 0.03 && client.signUps < ROUNDS * 3)) {
            const email = `crash-${clients.indexOf(client)}-${++client.signUps}@example.com`;
            const data = await send(client, { kind: 'signUp', email }, SIGN_UP, { input: { email, password: PASSWORD } });
            if (data) {
              const key = fromGlobalId(data.signUp.account.id)!.key;
              client.accounts.push({ email, token: data.signUp.token, key, favorites: [] });
            }
            continue;
          }
          const saved = account.favorites;
          const roll = rand();
          if (saved.length < 3 || (roll < 0.4 && saved.length < MAX_SAVED)) {
            const locationId = pick(placeIds.filter((id) => !saved.some((f) => f.locationId === id)));
            const data = await send(client, { kind: 'add', account, locationId }, ADD, { input: { locationId } }, account.token);
            if (data)
              account.favorites = [...saved, { id: data.addFavorite.favorite.id, locationId: data.addFavorite.favorite.location.id }];
          } else if (roll < 0.8) {
            const favorite = pick(saved);
            const position = Math.floor(rand() * saved.length);
            const data = await send(
              client,
              { kind: 'move', account, favorite, position },
              MOVE,
              { id: favorite.id, p: position },
              account.token,
            );
            if (data)
              account.favorites = data.moveFavorite.account.favorites.map((f: { id: string; location: { id: string } }) => ({
                id: f.id,
                locationId: f.location.id,
              }));
          } else {
            const favorite = pick(saved);
            const data = await send(client, { kind: 'remove', account, favorite }, REMOVE, { id: favorite.id }, account.token);
            if (data) account.favorites = saved.filter((f) => f.id !== favorite.id);
          }
        }
      };

      const signUpsBefore = allAccounts().length;
      await Promise.all(clients.map(stream));
      expect(await live.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(unexpected).toEqual([]);
      expect(acknowledged).toBeGreaterThanOrEqual(killAfter);
      await live.dispose();

      // A new process on the same file: SQLite recovers the WAL as it opens.
      server = await startChildServer({ databasePath, env });
      const restarted = server;

      // Every account whose sign-up was acknowledged (this round's and before) logs in.
      const newAccounts = allAccounts().slice(signUpsBefore);
      for (const account of round === ROUNDS ? allAccounts() : newAccounts) {
        const res = await restarted.gql(LOG_IN, { input: { email: account.email, password: PASSWORD } });
        expect({ email: account.email, errors: res.body.errors }).toEqual({ email: account.email, errors: undefined });
      }

      // Each in-flight write happened entirely or not at all; the model takes whichever it was.
      for (const client of clients) {
        const write = client.inFlight;
        client.inFlight = null;
        if (!write) continue;
        if (write.kind === 'signUp') {
          maybeAccounts.push(write.email);
          const res = await restarted.gql(LOG_IN, { input: { email: write.email, password: PASSWORD } });
          if (res.body.errors) expect(res.body.errors[0]!.extensions!.code).toBe('UNAUTHENTICATED');
          continue;
        }
        const found = (await restarted.gql(MINE, {}, { token: write.account.token })).body.data.me.favorites as {
          id: string;
          location: { id: string };
        }[];
        const locations = found.map((f) => f.location.id);
        if (JSON.stringify(locations) === JSON.stringify(applied(write))) {
          write.account.favorites = found.map((f) => ({ id: f.id, locationId: f.location.id }));
        } else {
          expect({ round, write: write.kind, found: locations }).toEqual({
            round,
            write: write.kind,
            found: write.account.favorites.map((f) => f.locationId),
          });
        }
      }

      // Every account shows exactly its acknowledged favorites, positions 0..n-1, through the API...
      for (const account of allAccounts()) {
        const res = await restarted.gql(MINE, {}, { token: account.token });
        expect(res.body.errors).toBeUndefined();
        const found = res.body.data.me.favorites as { id: string; position: number; location: { id: string } }[];
        expect({ email: account.email, favorites: found.map((f) => ({ id: f.id, locationId: f.location.id })) }).toEqual({
          email: account.email,
          favorites: account.favorites,
        });
        expect(found.map((f) => f.position)).toEqual([...found.keys()]);
      }

      // ...and in SQL, read beside the running server (WAL readers see the committed state).
      const sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
      try {
        expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(sqlite.pragma('foreign_key_check')).toEqual([]);
        const gaps = sqlite
          .prepare(
            `select account_id, count(*) as n, min(position) as lowest, max(position) as highest, count(distinct position) as distinct_positions
             from favorites group by account_id
             having lowest <> 0 or highest <> n - 1 or distinct_positions <> n`,
          )
          .all();
        expect(gaps).toEqual([]);
        for (const account of allAccounts()) {
          const rows = sqlite.prepare('select location_id from favorites where account_id = ? order by position').pluck().all(account.key);
          expect({ email: account.email, locations: rows }).toEqual({
            email: account.email,
            locations: account.favorites.map((f) => fromGlobalId(f.locationId)!.key),
          });
        }
        // No account appeared that was neither acknowledged nor in flight.
        const emails = sqlite.prepare("select email from accounts where email like 'crash-%'").pluck().all() as string[];
        const known = new Set([...allAccounts().map((a) => a.email), ...maybeAccounts]);
        expect(emails.filter((email) => !known.has(email))).toEqual([]);
        expect(emails.length).toBeGreaterThanOrEqual(allAccounts().length);
      } finally {
        sqlite.close();
      }
    }

    // And once stopped, the file on its own is whole too.
    server.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const closed = new Database(databasePath, { readonly: true, fileMustExist: true });
    try {
      expect(closed.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(closed.pragma('foreign_key_check')).toEqual([]);
    } finally {
      closed.close();
    }
  });
});
