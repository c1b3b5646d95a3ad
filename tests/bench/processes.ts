/**
 * The benchmark's processes: a contender's server on its own core (Skygraph as shipped runs its
 * build; the others, and Skygraph when its statements are counted, run from source through
 * serve.ts), and the load generator on another.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import type { Contender } from './contenders/contender.js';
import { BENCH_NOW } from './fixture.js';
import type { LoadPlan, LoadResult } from './load.js';

export const canPin = cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0;
/** Server on core 0, load generator on core 1, so that neither steals the other's time. */
const pinned = (core: number, command: string, commandArgs: string[]): [string, string[]] =>
  canPin ? ['taskset', ['-c', String(core), command, ...commandArgs]] : [command, commandArgs];

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ServerOptions {
  /** Count the SQL statements it runs, written to this file as it stops (serve.ts). */
  statementsFile?: string;
  /** Options for node itself, such as --cpu-prof. */
  nodeArgs?: string[];
}

function startProcess(
  contender: Contender,
  port: number,
  database: string,
  { statementsFile, nodeArgs = [] }: ServerOptions,
): ChildProcess {
  // Skygraph runs as shipped: the build, production, a log line per request (to /dev/null here).
  // Counting statements needs a hook in the process: then it runs the same code from source.
  const shipped = 'env' in contender && !statementsFile;
  const [command, commandArgs] = shipped
    ? pinned(0, process.execPath, [...nodeArgs, 'dist/src/main.js'])
    : pinned(0, process.execPath, [
        ...nodeArgs,
        '--import',
        'tsx',
        'tests/bench/serve.ts',
        contender.name,
        String(port),
        database,
        BENCH_NOW,
      ]);
  const env = {
    ...process.env,
    PORT: String(port),
    DATABASE_PATH: database,
    SKYGRAPH_NOW: BENCH_NOW,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    ...(shipped ? (contender.env as Record<string, string>) : {}),
    ...(statementsFile ? { BENCH_STATEMENTS_FILE: statementsFile } : {}),
  };
  return spawn(command, commandArgs, { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitForListening(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  throw new Error(`${url} did not answer within 30 s`);
}

/** The process's peak (VmHWM) or current (VmRSS) resident memory, in MB. */
function residentMb(pid: number, which: 'VmHWM' | 'VmRSS' = 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${which}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
}

export async function load(plan: LoadPlan): Promise<LoadResult> {
  const [command, commandArgs] = pinned(1, process.execPath, ['--import', 'tsx', 'tests/bench/load.ts', JSON.stringify(plan)]);
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(output) as LoadResult;
}

export interface RunningProcess {
  url: string;
  peakRssMb(): number;
  rssMb(): number;
  /** User and system CPU time so far (/proc/<pid>/stat). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number): number {
  // The fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the 14th field, stime the 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Starts `contender` over `database` and waits until it answers. */
export async function startTimedServer(contender: Contender, database: string, options: ServerOptions = {}): Promise<RunningProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const child = startProcess(contender, port, database, options);
  const stop = async () => {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  };
  try {
    await waitForListening(url, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    peakRssMb: () => residentMb(child.pid!),
    rssMb: () => residentMb(child.pid!, 'VmRSS'),
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    stop,
  };
}
