/**
 * `npm run bench:profile [-- --uncached] [-- --keep] [-- --contender=ceiling]`: a CPU profile of
 * Skygraph as shipped (the build, production; with --uncached, its response cache off) under
 * the mixed workload, started and loaded as the benchmark does (processes.ts), summarised by
 * package and by function. Writes the .cpuprofile (open it in Chrome's DevTools or speedscope) and prints
 * where the time went. `--keep` reuses the seeded database of the previous run
 * ($TMPDIR/skygraph-bench-profile); `--contender=<name>` profiles another contender instead.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/open.js';
import { loadContender } from './check.js';
import type { LoadResult } from './load.js';
import { prepareMix, type PreparedMix } from './mix-check.js';
import { load, startTimedServer } from './processes.js';
import { placeIdsByPopulation, seedBenchDatabase } from './seed.js';

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

  // The shipped contenders run the build, as the benchmark times them (processes.ts).
  const profiled = await loadContender(contender ?? (uncached ? 'skygraph-uncached' : 'skygraph'));
  const server = await startTimedServer(profiled, copy, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profiles}`] });
  let result: LoadResult;
  try {
    result = await load({
      url: server.url,
      connections: CONNECTIONS,
      warmupSeconds: 0,
      durationSeconds: 0,
      mix: { stepsFile: mix.stepsFile, addedPlaceIds: mix.addedPlaceIds, warmupSteps: WARMUP_STEPS, timedSteps: TIMED_STEPS },
    });
  } finally {
    // The profile is written as the process exits.
    await server.stop();
  }
  const file = readdirSync(profiles).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile was written to ${profiles}`);
  process.stdout.write(
    `${profiled.name} on the mix: ${result.requestsPerSecond.toFixed(0)} req/s, ` +
      `p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${result.errors} errors, ` +
      `cache hits ${((result.cacheHitRate ?? 0) * 100).toFixed(0)} % (the profile costs some speed).\n` +
      `Profile: ${join(profiles, file)}\n\n${summarise(JSON.parse(readFileSync(join(profiles, file), 'utf8')) as CpuProfile)}`,
  );
}

await main();
