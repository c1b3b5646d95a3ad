/**
 * Runs Skygraph as `npm start` would (`node --import tsx src/main.ts`) in a child process, so
 * that tests can do to it what only a process allows: SIGKILL it mid-write, SIGTERM it with
 * requests in flight, or watch it refuse to start. Each child serves a temp copy of the seeded
 * template unless given a database file; its stdout (pino, one JSON object a line) is kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { GqlResponse } from './server.js';
import { TEST_NOW, TEST_SEED_FORECAST_PLACES, templatePath } from './template.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** How a child ended: `code` when it exited, `signal` when a signal killed it. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One line of the child's stdout: the parsed JSON object, or null for a plain-text line. */
export type LogLine = { msg?: string; level?: number; [key: string]: unknown } | null;

export interface ChildProcessHandle {
  databasePath: string;
  /** Every stdout line so far, as written. */
  lines: string[];
  /** The same lines parsed (null for the plain-text ones). */
  logs(): LogLine[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Settles once the process has exited and its output is read to the end. */
  exited: Promise<ChildExit>;
  /** Resolves with the first log line `predicate` accepts, written already or to come; rejects on exit or timeout. */
  waitForLog(predicate: (log: NonNullable<LogLine>) => boolean, timeoutMs?: number): Promise<NonNullable<LogLine>>;
  kill(signal: NodeJS.Signals): void;
  /** SIGKILLs the child if it still runs, waits for it, and removes the temp folder this helper made. */
  dispose(): Promise<void>;
}

export interface ChildServer extends ChildProcessHandle {
  /** e.g. http://127.0.0.1:40123/graphql, from the `listening` log line. */
  url: string;
  origin: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: { token?: string }): Promise<GqlResponse<T>>;
}

export interface ChildOptions {
  /** The database file to serve; a fresh copy of the seeded template in a temp folder when left out. */
  databasePath?: string;
  /** Extra environment variables (over the defaults below). */
  env?: Record<string, string>;
  /** How long to wait for the `listening` line. */
  timeoutMs?: number;
  /** The entry point to run: the server (`src/main.ts`) unless given, e.g. `src/ingest/main.ts`. */
  script?: string;
}

const running = new Set<ChildProcess>();
// A test that fails before its own cleanup must not leave servers behind the jest worker.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Spawns the server process and returns at once; see `startChildServer` to wait until it serves. */
export function spawnChildServer(options: ChildOptions = {}): ChildProcessHandle {
  let dir: string | undefined;
  let databasePath = options.databasePath;
  if (!databasePath) {
    dir = mkdtempSync(join(tmpdir(), 'skygraph-child-'));
    databasePath = join(dir, 'skygraph.db');
    copyFileSync(templatePath(), databasePath);
  }
  // A clean environment: not jest's NODE_ENV=test (which would hide Apollo's own signal
  // handling) nor its NODE_OPTIONS.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    DATABASE_PATH: databasePath,
    PORT: '0',
    HOST: '127.0.0.1',
    SKYGRAPH_NOW: TEST_NOW,
    LOG_LEVEL: 'info',
    SEED_FORECAST_PLACES: String(TEST_SEED_FORECAST_PLACES),
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', options.script ?? 'src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);

  const lines: string[] = [];
  const watchers = new Set<(log: LogLine) => void>();
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const stdoutDone = new Promise<void>((resolve) => {
    createInterface({ input: child.stdout! })
      .on('line', (line) => {
        lines.push(line);
        const log = parseLine(line);
        for (const watch of watchers) watch(log);
      })
      .on('close', resolve);
  });
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('error', (error) => {
      stderr += `\nspawn failed: ${error.message}`;
      running.delete(child);
      resolve({ code: null, signal: null });
    });
    // 'close' comes after 'exit' once stdout and stderr are read to the end.
    child.once('close', (code, signal) => {
      running.delete(child);
      void stdoutDone.then(() => resolve({ code, signal }));
    });
  });

  const handle: ChildProcessHandle = {
    databasePath,
    lines,
    logs: () => lines.map(parseLine),
    stderr: () => stderr,
    exited,
    waitForLog(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const seen = lines.map(parseLine).find((log) => log !== null && predicate(log));
        if (seen) return resolve(seen);
        const done = (error?: Error, log?: NonNullable<LogLine>) => {
          watchers.delete(watch);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(log!);
        };
        const watch = (log: LogLine) => {
          if (log !== null && predicate(log)) done(undefined, log);
        };
        const timer = setTimeout(() => done(new Error(`no such log line within ${timeoutMs} ms${describe(handle)}`)), timeoutMs);
        watchers.add(watch);
        void exited.then(() => done(new Error(`the server exited without such a log line${describe(handle)}`)));
      });
    },
    kill: (signal) => void child.kill(signal),
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** Starts a server process and resolves once it logs that it is listening (or rejects with its output). */
export async function startChildServer(options: ChildOptions = {}): Promise<ChildServer> {
  const handle = spawnChildServer(options);
  try {
    const listening = await handle.waitForLog((log) => log.msg === 'listening', options.timeoutMs ?? 30_000);
    const url = String(listening.url);
    return {
      ...handle,
      url,
      origin: new URL(url).origin,
      async gql(query, variables, { token } = {}) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        return { status: response.status, headers: response.headers, body: (await response.json()) as GqlResponse<any>['body'] };
      },
    };
  } catch (error) {
    await handle.dispose();
    throw error;
  }
}

function parseLine(line: string): LogLine {
  if (!line.startsWith('{')) return null;
  try {
    return JSON.parse(line) as LogLine;
  } catch {
    return null;
  }
}

function describe(handle: ChildProcessHandle): string {
  return `\nstdout:\n${handle.lines.slice(-20).join('\n')}\nstderr:\n${handle.stderr().slice(-2000)}`;
}
