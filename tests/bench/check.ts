/**
 * Checks contenders' answers against Skygraph's, once, before anything is timed, so that nobody
 * wins by answering less; also counts each query's SQL statements.
 *   node --import tsx tests/bench/check.ts <contender> [<contender> …]
 * uses (or first creates) a bench database in $TMPDIR/skygraph-bench/.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/open.js';
import type { Contender } from './contenders/contender.js';
import { ACCOUNT_COUNT, BENCH_NOW, queryNames, w1PlaceRank, type QueryName } from './fixture.js';
import { readRequest, send, w1 } from './requests.js';
import { placeIdsByPopulation, seedBenchDatabase } from './seed.js';

export interface QueryCheck {
  query: QueryName;
  /** Statements per request (for W1, per request of the cycle, the largest). */
  statements: number;
  /** Response bytes (for W1, the add's). */
  bytes: number;
  differences: string[];
  /** The response texts, for comparing against Skygraph's. */
  texts: string[];
}

export async function loadContender(name: string): Promise<Contender> {
  return ((await import(`./contenders/${name}.js`)) as { default: Contender }).default;
}

/** Runs every query the contender answers once, on a fresh copy of `database`. */
export async function runOnce(
  contender: Contender,
  database: string,
  placeIdsByRank: readonly number[],
): Promise<Map<QueryName, QueryCheck>> {
  const dir = join(tmpdir(), `skygraph-bench-check-${contender.name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const copy = join(dir, 'bench.db');
  copyFileSync(database, copy);
  let statements = 0;
  const running = await contender.start({
    port: 0,
    host: '127.0.0.1',
    databasePath: copy,
    now: Date.parse(BENCH_NOW),
    onStatement: () => statements++,
  });
  const results = new Map<QueryName, QueryCheck>();
  try {
    for (const query of queryNames.filter((q) => contender.queries.includes(q))) {
      if (query === 'W1') {
        const account = ACCOUNT_COUNT - 1;
        const counts: number[] = [];
        const texts: string[] = [];
        statements = 0;
        const added = await send(running.url, w1.add(account, placeIdsByRank[w1PlaceRank(account)]!));
        counts.push(statements);
        texts.push(added.text);
        const id =
          (JSON.parse(added.text) as { data?: { addFavorite?: { favorite: { id: string } } } }).data?.addFavorite?.favorite.id ?? 'missing';
        for (const request of [w1.move(account, id), w1.remove(account, id)]) {
          statements = 0;
          texts.push((await send(running.url, request)).text);
          counts.push(statements);
        }
        results.set(query, { query, statements: Math.max(...counts), bytes: Buffer.byteLength(texts[0]!), differences: [], texts });
      } else {
        statements = 0;
        const { status, text } = await send(running.url, readRequest(query, contender.documents));
        const differences = status === 200 && !text.includes('"errors"') ? [] : [`HTTP ${status}: ${text.slice(0, 300)}`];
        results.set(query, { query, statements, bytes: Buffer.byteLength(text), differences, texts: [text] });
      }
    }
  } finally {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** The differences between a contender's answers and Skygraph's, query by query. */
export function compareWith(contender: Contender, own: Map<QueryName, QueryCheck>, skygraph: Map<QueryName, QueryCheck>): void {
  for (const [query, check] of own) {
    const reference = skygraph.get(query)!;
    check.texts.forEach((text, i) => {
      const expected = reference.texts[i]!;
      if (contender.compare) {
        check.differences.push(...contender.compare(query, JSON.parse(text), JSON.parse(expected)));
      } else if (text !== expected) {
        check.differences.push(
          `${query}${check.texts.length > 1 ? ` request ${i + 1}` : ''} differs from Skygraph's: ${firstDifference(text, expected)}`,
        );
      }
    });
  }
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at byte ${i}: got …${a.slice(Math.max(0, i - 60), i + 60)}… expected …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}

/** The bench database, created on first use. */
export async function benchDatabase(): Promise<{ path: string; placeIdsByRank: number[] }> {
  const dir = join(tmpdir(), 'skygraph-bench');
  const path = join(dir, 'bench.db');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(path)) {
    const seeded = await seedBenchDatabase(path);
    await fillQueryPlaces(path);
    return { path, placeIdsByRank: seeded.placeIdsByRank };
  }
  const { db, sqlite } = openDatabase(path);
  const placeIdsByRank = placeIdsByPopulation(db);
  sqlite.close();
  return { path, placeIdsByRank };
}

/** Runs the read queries once through Skygraph so that every place they touch has a forecast. */
export async function fillQueryPlaces(path: string): Promise<void> {
  const skygraph = await loadContender('skygraph');
  const running = await skygraph.start({ port: 0, host: '127.0.0.1', databasePath: path, now: Date.parse(BENCH_NOW) });
  try {
    for (const query of ['Q1', 'Q2', 'Q3', 'Q4'] as const) await send(running.url, readRequest(query));
  } finally {
    await running.close();
  }
}

if (process.argv[1]?.endsWith('check.ts')) {
  const names = process.argv.slice(2);
  const { path, placeIdsByRank } = await benchDatabase();
  const reference = await runOnce(await loadContender('skygraph'), path, placeIdsByRank);
  for (const name of names) {
    const contender = await loadContender(name);
    const own = await runOnce(contender, path, placeIdsByRank);
    compareWith(contender, own, reference);
    for (const check of own.values()) {
      console.log(
        `${name} ${check.query}: ${check.statements} statements, ${check.bytes} bytes${check.differences.length ? `\n  ${check.differences.join('\n  ')}` : ', same as Skygraph'}`,
      );
    }
  }
}
