/**
 * Before the mixed workload is timed: its sequence is written, every place it reads gets a
 * forecast, and each contender answers a sample of it, one request at a time, exactly as
 * Skygraph does.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/open.js';
import type { Contender } from './contenders/contender.js';
import { skygraphWith } from './contenders/skygraph.js';
import { ACCOUNT_COUNT, BENCH_NOW, benchToken, queryNames, w1PlaceRank } from './fixture.js';
import { buildMix, type MixStep } from './mix.js';
import { mixReadRequest, queryRequest, send, writeCycles, type BenchRequest } from './requests.js';

export interface PreparedMix {
  steps: MixStep[];
  stepsFile: string;
  /** Account i's write cycle saves place addedPlaceIds[i]. */
  addedPlaceIds: number[];
  /** Places that got their forecast here, and how long that took. */
  filledPlaces: number;
  fillMs: number;
}

/** Requests sent at once while filling: enough to keep the server busy, few enough not to queue. */
const FILL_CONCURRENCY = 8;

/**
 * Builds `stepCount` steps over `database`, writes them to `stepsFile`, and sends every distinct
 * read among them (and every account's home screen) once through Skygraph, which stores a
 * forecast for each place it reads: the ceiling reads forecasts and never makes one, so every
 * place must have one before anyone is timed.
 */
export async function prepareMix(
  database: string,
  placeIdsByRank: readonly number[],
  stepCount: number,
  stepsFile: string,
): Promise<PreparedMix> {
  const opened = openDatabase(database);
  const steps = await buildMix(opened.db, stepCount);
  const countRuns = () => (opened.sqlite.prepare('SELECT count(*) AS n FROM forecast_runs').get() as { n: number }).n;
  const runsBefore = countRuns();
  writeFileSync(stepsFile, JSON.stringify(steps));

  const distinct = new Map<string, BenchRequest>();
  for (const step of steps) {
    if (step.kind === 'read' && step.query !== 'Q3')
      distinct.set(JSON.stringify([step.query, step.variables]), queryRequest(step.query, step.variables));
  }
  for (let account = 0; account < ACCOUNT_COUNT; account++) distinct.set(`Q3 ${account}`, queryRequest('Q3', {}, benchToken(account)));

  const started = performance.now();
  // One client asks for every place here, far past what one client may have filled an hour.
  const skygraph = skygraphWith('skygraph-filling', 'Skygraph filling forecasts', { fillsPerClientPerHour: Number.MAX_SAFE_INTEGER }, {});
  const running = await skygraph.start({ port: 0, host: '127.0.0.1', databasePath: database, now: Date.parse(BENCH_NOW) });
  try {
    const pending = [...distinct.values()];
    await Promise.all(
      Array.from({ length: FILL_CONCURRENCY }, async () => {
        for (let request = pending.pop(); request; request = pending.pop()) {
          const { status, text } = await send(running.url, request);
          if (status !== 200 || text.includes('"errors"'))
            throw new Error(`filling the mix's forecasts: HTTP ${status}: ${text.slice(0, 300)}`);
        }
      }),
    );
  } finally {
    await running.close();
  }
  const fillMs = performance.now() - started;
  const filledPlaces = countRuns() - runsBefore;
  opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  opened.sqlite.close();
  const addedPlaceIds = Array.from({ length: ACCOUNT_COUNT }, (_, i) => placeIdsByRank[w1PlaceRank(i)]!);
  return { steps, stepsFile, addedPlaceIds, filledPlaces, fillMs };
}

/** The steps the answers are checked on: the first `head` (writes among them), then every `every`-th read. */
export function sampleOf(steps: readonly MixStep[], head: number, every: number): MixStep[] {
  return steps.filter((step, i) => i < head || (step.kind === 'read' && i % every === 0));
}

/** Whether a contender can answer the mix: every document of it. */
export const answersMix = (contender: Contender) => queryNames.every((q) => contender.queries.includes(q));

/** The contender's answers to `sample`, sent one at a time to a fresh copy of `database`. */
export async function answerSample(
  contender: Contender,
  database: string,
  sample: readonly MixStep[],
  addedPlaceIds: readonly number[],
): Promise<string[]> {
  const dir = join(tmpdir(), `skygraph-bench-mix-${contender.name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const copy = join(dir, 'bench.db');
  copyFileSync(database, copy);
  const running = await contender.start({ port: 0, host: '127.0.0.1', databasePath: copy, now: Date.parse(BENCH_NOW) });
  const writes = writeCycles(addedPlaceIds);
  const texts: string[] = [];
  try {
    for (const step of sample) {
      if (step.kind === 'read') {
        texts.push((await send(running.url, mixReadRequest(step, contender.documents))).text);
      } else {
        const { account, request } = writes.start(step.account)!;
        const { text } = await send(running.url, request);
        writes.finish(account, text);
        texts.push(text);
      }
    }
  } finally {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return texts;
}

/** How the contender's answers to the sample differ from Skygraph's (empty when they agree). */
export function sampleDifferences(
  contender: Contender,
  sample: readonly MixStep[],
  own: readonly string[],
  skygraph: readonly string[],
): string[] {
  const differences: string[] = [];
  own.forEach((text, i) => {
    const step = sample[i]!;
    const what = step.kind === 'read' ? `${step.query} ${JSON.stringify(step.variables)}` : `write of account ${step.account}`;
    if (text.includes('"errors"')) differences.push(`${what}: ${text.slice(0, 200)}`);
    else if (contender.compare && step.kind === 'read')
      differences.push(...contender.compare(step.query, JSON.parse(text), JSON.parse(skygraph[i]!)));
    else if (text !== skygraph[i]) differences.push(`${what} differs from Skygraph's answer`);
  });
  return differences;
}
