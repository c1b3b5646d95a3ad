/**
 * `npm run bench [-- --quick] [-- --only=skygraph,ceiling] [-- --mix-only]`: Skygraph against
 * the hand-written ceiling, the naive version and its peers, over one SQLite file, on this
 * machine over loopback. Writes tests/bench/out/<date>.json and, for a full run,
 * tests/bench/RESULTS.md. `--mix-only` times the mixed workload's headline table alone (no
 * concurrency runs, soak or single requests) and prints it: for working on the engine.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareWith, fillQueryPlaces, loadContender, runOnce, type QueryCheck } from './check.js';
import { answerSample, answersMix, prepareMix, sampleDifferences, sampleOf, type PreparedMix } from './mix-check.js';
import type { Contender } from './contenders/contender.js';
import { ACCOUNT_COUNT, queryNames, w1PlaceRank, type QueryName } from './fixture.js';
import type { LoadPlan, LoadResult } from './load.js';
import { canPin, freePort, load, startTimedServer, type RunningProcess } from './processes.js';
import { measureColdStart, measureIngest, type IngestResult } from './measure.js';
import { readRequest } from './requests.js';
import { renderResults, writeResults } from './results.js';
import { seedBenchDatabase } from './seed.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
/** Only the mixed workload's headline table: for working on the engine (printed, RESULTS.md left alone). */
const mixOnly = args.includes('--mix-only');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const contenderNames = only ?? [
  'skygraph',
  'skygraph-uncached',
  'skygraph-graphql-js',
  'ceiling',
  'naive',
  'yoga',
  'mercurius',
  'drizzle-graphql',
];

export const settings = {
  connections: 16,
  warmupSeconds: quick ? 0 : 0.5,
  durationSeconds: quick ? 0.2 : 2,
  coldStartRuns: quick ? 1 : 3,
  ingestPlaces: quick ? 250 : 1_000,
  ingestRounds: quick ? 1 : 3,
  serverPerQuery: !quick,
  mix: {
    /** Steps that warm each server up, then the steps timed: the same for every contender. */
    warmupSteps: quick ? 150 : 2_000,
    timedSteps: quick ? 450 : 8_000,
    /** Steps of the run that counts SQL statements (the first of the warm-up). */
    countSteps: 1_000,
    /** The answers checked before timing: the first steps (writes among them), then every n-th read. */
    sampleHead: quick ? 60 : 400,
    sampleEvery: quick ? 97 : 41,
    /** Skygraph and the ceiling again at these connection counts, to show latency against concurrency. */
    connectionCounts: quick ? [1, 16] : [1, 16, 256],
    /** Timed runs of each contender, interleaved; the best counts. */
    rounds: quick ? 1 : 2,
    soakSeconds: quick ? 4 : 120,
    /** RSS is read this often during the soak. */
    soakSampleSeconds: quick ? 1 : 10,
  },
};

export interface Measurement extends LoadResult {
  statements: number;
  bytes: number;
  peakRssMb: number;
}

export interface ContenderReport {
  name: string;
  description: string;
  limits?: string;
  /** Per query: a measurement, or why there is none. */
  results: Partial<Record<QueryName, Measurement | { skipped: string }>>;
}

export interface MixMeasurement extends LoadResult {
  /** SQL statements per request over the mix's first steps at 16 connections, counted in a run of its own. */
  statements: number;
  /** The server's CPU time (user and system) per request, over warm-up and timed steps: what steal and neighbours do not change. */
  serverCpuMs: number;
  peakRssMb: number;
}

export interface MixReport {
  steps: number;
  filledPlaces: number;
  fillMs: number;
  contenders: { name: string; description: string; result: MixMeasurement | { skipped: string } }[];
  /** Skygraph and the ceiling at each connection count. */
  concurrency: { name: string; connections: number; result: MixMeasurement }[];
  /** Skygraph for minutes (left out by --mix-only). */
  soak?: { seconds: number; result: LoadResult; rssMb: { atSeconds: number; mb: number }[]; peakRssMb: number };
}

export interface BenchReport {
  date: string;
  quick: boolean;
  machine: { cpu: string; cores: number; node: string; pinned: boolean };
  settings: typeof settings;
  seeding: { placesMs: number; forecastsMs: number };
  ingest: IngestResult;
  coldStartMs: number;
  mix: MixReport;
  contenders: ContenderReport[];
}

async function time(
  contender: Contender,
  query: QueryName,
  server: RunningProcess,
  placeIdsByRank: readonly number[],
): Promise<Omit<Measurement, 'statements' | 'bytes'>> {
  const writers = (from: number) => Array.from({ length: settings.connections }, (_, k) => 1 + from + k);
  const w1Accounts = (accounts: number[]) => ({ accounts, placeIds: accounts.map((a) => placeIdsByRank[w1PlaceRank(a)]!) });
  const plan: LoadPlan = {
    url: server.url,
    connections: settings.connections,
    warmupSeconds: settings.warmupSeconds,
    durationSeconds: settings.durationSeconds,
    ...(query === 'W1'
      ? { w1: { warmup: w1Accounts(writers(0)), timed: w1Accounts(writers(settings.connections)) } }
      : { request: readRequest(query, contender.documents) }),
  };
  const result = await load(plan);
  return { ...result, peakRssMb: server.peakRssMb() };
}

/** The load generator's plan for the mix: `timedSteps` after `warmupSteps`, or a soak of `soakSeconds`. */
function mixPlan(
  prepared: PreparedMix,
  url: string,
  connections: number,
  steps: { warmupSteps: number; timedSteps: number } | { soakSeconds: number },
): LoadPlan {
  const counts = 'soakSeconds' in steps ? { warmupSteps: 0, timedSteps: 0, soakSeconds: steps.soakSeconds } : steps;
  return {
    url,
    connections,
    warmupSeconds: 0,
    durationSeconds: 0,
    mix: { stepsFile: prepared.stepsFile, addedPlaceIds: prepared.addedPlaceIds, ...counts },
  };
}

/** A fresh copy of `database` for one run, removed (with its WAL) after `run`. */
async function withCopy<T>(database: string, name: string, run: (copy: string) => Promise<T>): Promise<T> {
  const copy = `${database}.${name}.db`;
  copyFileSync(database, copy);
  try {
    return await run(copy);
  } finally {
    for (const file of [copy, `${copy}-wal`, `${copy}-shm`, `${copy}.statements`]) rmSync(file, { force: true });
  }
}

/**
 * SQL statements per request on the mix: its first steps at the usual connections, on a server
 * that counts (a run of its own, so that counting costs the timed runs nothing).
 */
async function mixStatements(contender: Contender, database: string, prepared: PreparedMix): Promise<number> {
  return withCopy(database, `${contender.name}-count`, async (copy) => {
    const statementsFile = `${copy}.statements`;
    const server = await startTimedServer(contender, copy, { statementsFile });
    let counted: LoadResult;
    try {
      counted = await load(mixPlan(prepared, server.url, settings.connections, { warmupSteps: 0, timedSteps: settings.mix.countSteps }));
    } finally {
      await server.stop();
    }
    return Number(readFileSync(statementsFile, 'utf8')) / counted.requests;
  });
}

/**
 * The mix at `connections`, on a fresh server over a fresh copy of `database`. `statements`
 * comes from mixStatements; null counts them in this run instead (from source, with the hook),
 * as a quick run does.
 */
async function timeMix(
  contender: Contender,
  database: string,
  prepared: PreparedMix,
  connections: number,
  statements: number | null,
): Promise<MixMeasurement> {
  return withCopy(database, `${contender.name}-mix`, async (copy) => {
    const statementsFile = statements === null ? `${copy}.statements` : undefined;
    const server = await startTimedServer(contender, copy, { statementsFile });
    const { warmupSteps, timedSteps } = settings.mix;
    let timed: LoadResult;
    let serverCpuMs: number;
    let peakRssMb: number;
    try {
      const cpuBefore = server.cpuSeconds();
      timed = await load(mixPlan(prepared, server.url, connections, { warmupSteps, timedSteps }));
      serverCpuMs = ((server.cpuSeconds() - cpuBefore) * 1000) / (warmupSteps + timedSteps);
      peakRssMb = server.peakRssMb();
    } finally {
      await server.stop();
    }
    const counted = statementsFile ? Number(readFileSync(statementsFile, 'utf8')) / (warmupSteps + timedSteps) : statements!;
    return { ...timed, statements: counted, serverCpuMs, peakRssMb };
  });
}

/** Skygraph on the mix for minutes, its memory read as it goes. */
async function soak(contender: Contender, database: string, prepared: PreparedMix): Promise<MixReport['soak']> {
  return withCopy(database, 'soak', async (copy) => {
    const server = await startTimedServer(contender, copy);
    const rssMb: { atSeconds: number; mb: number }[] = [];
    const started = Date.now();
    const sampler = setInterval(
      () => rssMb.push({ atSeconds: Math.round((Date.now() - started) / 1000), mb: server.rssMb() }),
      settings.mix.soakSampleSeconds * 1000,
    );
    try {
      const result = await load(mixPlan(prepared, server.url, settings.connections, { soakSeconds: settings.mix.soakSeconds }));
      return { seconds: settings.mix.soakSeconds, result, rssMb, peakRssMb: server.peakRssMb() };
    } finally {
      clearInterval(sampler);
      await server.stop();
    }
  });
}

/** The mixed workload: prepared, checked on a sample, then timed for every contender that answers it. */
async function runMix(contenders: Contender[], database: string, work: string, placeIdsByRank: readonly number[]): Promise<MixReport> {
  const { warmupSteps, timedSteps, sampleHead, sampleEvery, connectionCounts } = settings.mix;
  if (Math.max(...connectionCounts, settings.connections) >= ACCOUNT_COUNT) throw new Error('the mix needs more accounts than connections');
  log(`preparing the mixed workload: ${warmupSteps + timedSteps} steps, filling the forecasts it reads`);
  const prepared = await prepareMix(database, placeIdsByRank, warmupSteps + timedSteps, join(work, 'mix.json'));
  log(`filled ${prepared.filledPlaces} places in ${Math.round(prepared.fillMs)} ms; checking answers on a sample`);
  const sample = sampleOf(prepared.steps, sampleHead, sampleEvery);
  const skygraph = contenders.find((c) => c.name === 'skygraph') ?? (await loadContender('skygraph'));
  const reference = await answerSample(skygraph, database, sample, prepared.addedPlaceIds);
  const ownErrors = sampleDifferences(skygraph, sample, reference, reference);
  if (ownErrors.length > 0) throw new Error(`Skygraph's own answers to the mix carry errors: ${ownErrors.slice(0, 3).join('; ')}`);

  const report: MixReport = {
    steps: warmupSteps + timedSteps,
    filledPlaces: prepared.filledPlaces,
    fillMs: prepared.fillMs,
    contenders: [],
    concurrency: [],
  };
  const timed: { contender: Contender; statements: number | null; best: MixMeasurement | null }[] = [];
  for (const contender of contenders) {
    const entry = { name: contender.name, description: contender.description };
    if (!answersMix(contender)) {
      report.contenders.push({ ...entry, result: { skipped: 'cannot express it' } });
      continue;
    }
    const differences = sampleDifferences(
      contender,
      sample,
      await answerSample(contender, database, sample, prepared.addedPlaceIds),
      reference,
    );
    if (differences.length > 0) {
      log(`${contender.name} mix: not timed, ${differences[0]}`);
      report.contenders.push({ ...entry, result: { skipped: `answers differently: ${differences[0]}` } });
      continue;
    }
    // A quick run counts in its timed run (from source, with the hook): a smoke test needs no separate count.
    if (!quick) log(`${contender.name} mix: counting statements`);
    timed.push({ contender, statements: quick ? null : await mixStatements(contender, database, prepared), best: null });
  }
  // Rounds over every contender in turn, keeping each one's best: a slow spell of a shared
  // machine then costs a contender one round, not its figure.
  for (let round = 1; round <= settings.mix.rounds; round++) {
    for (const entry of timed) {
      log(`${entry.contender.name} mix, round ${round} of ${settings.mix.rounds}`);
      const result = await timeMix(entry.contender, database, prepared, settings.connections, entry.statements);
      if (!entry.best || result.requestsPerSecond > entry.best.requestsPerSecond) entry.best = result;
    }
  }
  for (const { contender, best } of timed)
    report.contenders.push({ name: contender.name, description: contender.description, result: best! });
  report.contenders.sort((a, b) => contenders.findIndex((c) => c.name === a.name) - contenders.findIndex((c) => c.name === b.name));

  if (mixOnly) return report;
  for (const { contender, statements } of timed.filter((t) => t.contender.name === 'skygraph' || t.contender.name === 'ceiling')) {
    for (const connections of connectionCounts) {
      log(`${contender.name} mix at ${connections} connections`);
      const result =
        connections === settings.connections
          ? (report.contenders.find((c) => c.name === contender.name)!.result as MixMeasurement)
          : await timeMix(contender, database, prepared, connections, statements);
      report.concurrency.push({ name: contender.name, connections, result });
    }
  }
  log(`skygraph mix soak, ${settings.mix.soakSeconds} s`);
  report.soak = await soak(skygraph, database, prepared);
  return report;
}

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

async function main(): Promise<void> {
  if (2 * settings.connections + 1 > ACCOUNT_COUNT) throw new Error('W1 needs two sets of accounts: raise ACCOUNT_COUNT');
  log('building the server (npm run build)');
  if (spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' }).status !== 0) throw new Error('build failed');

  const work = mkdtempSync(join(tmpdir(), 'skygraph-bench-'));
  try {
    const database = join(work, 'bench.db');
    log('seeding the benchmark database');
    const seeded = await seedBenchDatabase(database);
    await fillQueryPlaces(database);
    log(`seeded places in ${Math.round(seeded.placesMs)} ms; measuring ingest and cold start`);
    const ingest = await measureIngest(database, settings.ingestPlaces, settings.ingestRounds);
    const coldStarts: number[] = [];
    for (let i = 0; i < settings.coldStartRuns; i++) {
      const copy = join(work, `cold-${i}.db`);
      copyFileSync(database, copy);
      coldStarts.push(await measureColdStart(copy, await freePort()));
    }
    coldStarts.sort((a, b) => a - b);

    const contenders = await Promise.all(contenderNames.map(loadContender));
    const mix = await runMix(contenders, database, work, seeded.placeIdsByRank);

    log(mixOnly ? 'skipping the single requests (--mix-only)' : 'checking every contender against Skygraph');
    const checks = new Map<string, Map<QueryName, QueryCheck>>();
    const single = mixOnly ? [] : contenders;
    for (const contender of single) checks.set(contender.name, await runOnce(contender, database, seeded.placeIdsByRank));
    const reference = mixOnly
      ? null
      : (checks.get('skygraph') ?? (await runOnce(await loadContender('skygraph'), database, seeded.placeIdsByRank)));
    for (const contender of single) if (contender.name !== 'skygraph') compareWith(contender, checks.get(contender.name)!, reference!);

    const reports: ContenderReport[] = [];
    for (const contender of single) {
      const report: ContenderReport = { name: contender.name, description: contender.description, limits: contender.limits, results: {} };
      reports.push(report);
      const copy = join(work, `${contender.name}.db`);
      copyFileSync(database, copy);
      // A full run gives each query a fresh server, so that peak memory is the query's own; a
      // quick run keeps one server per contender (its peak memory then covers all its queries).
      let shared = settings.serverPerQuery ? null : await startTimedServer(contender, copy);
      try {
        for (const query of queryNames) {
          const check = checks.get(contender.name)!.get(query);
          if (!check) {
            report.results[query] = { skipped: 'cannot express it' };
            continue;
          }
          if (check.differences.length > 0) {
            report.results[query] = { skipped: `answers differently: ${check.differences[0]}` };
            log(`${contender.name} ${query}: not timed, ${check.differences[0]}`);
            continue;
          }
          log(`${contender.name} ${query}`);
          const server = shared ?? (await startTimedServer(contender, copy));
          try {
            const timed = await time(contender, query, server, seeded.placeIdsByRank);
            report.results[query] = { ...timed, statements: check.statements, bytes: check.bytes };
          } finally {
            if (!shared) await server.stop();
          }
        }
      } finally {
        await shared?.stop();
        shared = null;
      }
      rmSync(copy, { force: true });
    }

    const cpu = cpus()[0]?.model ?? 'unknown';
    const result: BenchReport = {
      date: new Date().toISOString(),
      quick,
      machine: { cpu, cores: cpus().length, node: process.version, pinned: canPin },
      settings,
      seeding: { placesMs: seeded.placesMs, forecastsMs: seeded.forecastsMs },
      ingest,
      coldStartMs: coldStarts[Math.floor(coldStarts.length / 2)]!,
      mix,
      contenders: reports,
    };
    mkdirSync('tests/bench/out', { recursive: true });
    writeFileSync(`tests/bench/out/${result.date.replace(/[:.]/g, '-')}.json`, `${JSON.stringify(result, null, 2)}\n`);
    // A quick run is a smoke test: its figures are printed, and RESULTS.md keeps the last full run's.
    if (quick || mixOnly) process.stdout.write(renderResults(result));
    else writeResults(result, 'tests/bench/RESULTS.md');
    log(quick || mixOnly ? 'printed the run (RESULTS.md unchanged)' : 'wrote tests/bench/RESULTS.md');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
