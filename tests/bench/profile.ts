/**
 * `npm run bench:profile [-- --uncached] [-- --keep] [-- --contender=ceiling]`: a CPU profile of
 * Skygraph as shipped (the build, production) under the mixed workload, summarised by package
 * and by function. Writes the .cpuprofile (open it in Chrome's DevTools or speedscope) and prints
 * where the time went. `--keep` reuses the seeded database of the previous run
 * ($TMPDIR/skygraph-bench-profile); `--contender=<name>` profiles another contender instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_NOW } from './fixture.js';
import type { LoadPlan, LoadResult } from './load.js';
import { prepareMix, type PreparedMix } from './mix-check.js';
import { placeIdsByPopulation, seedBenchDatabase } from './seed.js';
import { openDatabase } from '../../db/open.js';

const args = process.argv.slice(2);
const uncached = args.includes('--uncached');
const keep = args.includes('--keep');
const contender = args.find((a) => a.startsWith('--contender='))?.slice('--contender='.length);
const WARMUP_STEPS = 2_000;
const TIMED_STEPS = 8_000;
const CONNECTIONS = 16;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** Where a frame's code lives: a package, Skygraph's own code, Node's internals, or V8 itself (GC, idle). */
function ownerOf(url: string, functionName: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1]!;
  if (url.includes('/dist/src/') || url.includes('/dist/db/') || url.includes('/main/src/') || url.includes('/main/db/')) return 'skygraph';
  if (url.includes('/tests/bench/')) return 'bench contender';
  if (url.startsWith('node:')) return 'node';
  return functionName.startsWith('(') ? functionName : url || '(native)';
}

function summarise(profile: CpuProfile): string {
  const hits = new Map<number, number>();
  for (const sample of profile.samples) hits.set(sample, (hits.get(sample) ?? 0) + 1);
  const total = profile.samples.length;
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0;
    if (count === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const owner = ownerOf(url, functionName);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + count);
    const name = `${functionName || '(anonymous)'} ${owner}${url ? `:${url.split('/').pop()}:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
  }
  const table = (entries: Map<string, number>, limit: number) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, count]) => `${((100 * count) / total).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n');
  return `Self time by package (${total} samples):\n${table(byOwner, 20)}\n\nSelf time by function:\n${table(byFunction, 40)}\n`;
}

async function preparedDatabase(work: string): Promise<{ database: string; mix: PreparedMix }> {
  const database = join(work, 'bench.db');
  const stepsFile = join(work, 'mix.json');
  if (!(keep && existsSync(database) && existsSync(stepsFile))) {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    process.stderr.write('seeding the benchmark database and filling the mix’s forecasts (about a minute)\n');
    await seedBenchDatabase(database);
  }
  const opened = openDatabase(database);
  const placeIdsByRank = placeIdsByPopulation(opened.db);
  opened.sqlite.close();
  return { database, mix: await prepareMix(database, placeIdsByRank, WARMUP_STEPS + TIMED_STEPS, stepsFile) };
}

async function main(): Promise<void> {
  if (spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' }).status !== 0) throw new Error('build failed');
  const work = join(tmpdir(), 'skygraph-bench-profile');
  const { database, mix } = await preparedDatabase(work);
  const copy = join(work, 'profiled.db');
  copyFileSync(database, copy);
  const profiles = join(work, 'profiles');
  rmSync(profiles, { recursive: true, force: true });

  const port = 4_900 + Math.floor(Math.random() * 100);
  const entry = contender ? ['--import', 'tsx', 'tests/bench/serve.ts', contender, String(port), copy, BENCH_NOW] : ['dist/src/main.js'];
  const server = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profiles}`, ...entry], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_PATH: copy,
      SKYGRAPH_NOW: BENCH_NOW,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      ...(uncached ? { RESPONSE_CACHE_SECONDS: '0' } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  for (let tries = 0; ; tries++) {
    try {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      break;
    } catch (error) {
      if (tries > 300) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const plan: LoadPlan = {
    url,
    connections: CONNECTIONS,
    warmupSeconds: 0,
    durationSeconds: 0,
    mix: { stepsFile: mix.stepsFile, addedPlaceIds: mix.addedPlaceIds, warmupSteps: WARMUP_STEPS, timedSteps: TIMED_STEPS },
  };
  const load = spawnSync(process.execPath, ['--import', 'tsx', 'tests/bench/load.ts', JSON.stringify(plan)], { encoding: 'utf8' });
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  if (load.status !== 0) throw new Error(`load generator failed: ${load.stderr}`);
  const result = JSON.parse(load.stdout) as LoadResult;
  const file = readdirSync(profiles).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile was written to ${profiles}`);
  process.stdout.write(
    `${contender ?? `Skygraph${uncached ? ' without its response cache' : ''}`} on the mix: ${result.requestsPerSecond.toFixed(0)} req/s, ` +
      `p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${result.errors} errors, ` +
      `cache hits ${((result.cacheHitRate ?? 0) * 100).toFixed(0)} % (the profile costs some speed).\n` +
      `Profile: ${join(profiles, file)}\n\n${summarise(JSON.parse(readFileSync(join(profiles, file), 'utf8')) as CpuProfile)}`,
  );
}

await main();
