/**
 * The load generator, run as its own process (pinned to its own core by run.ts) so that it
 * does not compete with the server it measures:
 *   node --import tsx tests/bench/load.ts '<LoadPlan JSON>'
 * Prints one JSON line of LoadResult.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { MixStep } from './mix.js';
import type { BenchRequest } from './requests.js';
import { mixReadRequest, w1, writeCycles } from './requests.js';

export interface LoadPlan {
  url: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** A fixed request (Q1–Q4) … */
  request?: BenchRequest;
  /** … or the W1 cycle: connection k owns accounts[k] and adds placeIds[k]. */
  w1?: { warmup: { accounts: number[]; placeIds: number[] }; timed: { accounts: number[]; placeIds: number[] } };
  /** … or the mixed workload (mix.ts), see MixPlan. */
  mix?: MixPlan;
}

/**
 * The mixed workload: steps [0, warmupSteps) warm the server up, the next `timedSteps` are timed,
 * so that every contender answers exactly the same requests whatever its speed. A soak instead
 * runs for `soakSeconds`, going round the sequence again when it reaches its end.
 */
export interface MixPlan {
  /** A JSON file of MixStep[]. */
  stepsFile: string;
  /** Account i's write cycle saves place addedPlaceIds[i]. */
  addedPlaceIds: number[];
  warmupSteps: number;
  timedSteps: number;
  soakSeconds?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Socket errors, timeouts, non-2xx answers and 200 answers that carry GraphQL errors. */
  errors: number;
  meanResponseBytes: number;
  /** The mixed workload's latency tail, and the share of answers served from a response cache (an `age` header). */
  p999Ms?: number;
  cacheHitRate?: number;
  /** How busy the load generator's own core was (1 = fully): far below 1, it is not what limits the server. */
  loadGeneratorCpuShare?: number;
}

type Context = { account?: number; placeId?: number; favoriteId?: string };

/**
 * The W1 cycle. autocannon clears a connection's context after each pass over the sequence, so
 * accounts come from a pool: a cycle takes one as it adds and gives it back after its remove,
 * and no two connections ever write to the same account at once.
 */
function w1Requests(accounts: number[], placeIds: number[], graphqlErrors: { count: number }): autocannon.Request[] {
  const free = accounts.map((account, k) => ({ account, placeId: placeIds[k]! }));
  const check = (body: string) => {
    if (body.includes('"errors"')) graphqlErrors.count++;
  };
  return [
    {
      method: 'POST',
      setupRequest: (request, context: Context) => {
        const { account, placeId } = free.pop()!;
        Object.assign(context, { account, placeId });
        return { ...request, ...w1.add(account, placeId) };
      },
      onResponse: (_status, body, context: Context) => {
        check(body);
        context.favoriteId = (JSON.parse(body) as { data?: { addFavorite?: { favorite: { id: string } } } }).data?.addFavorite?.favorite.id;
      },
    },
    {
      method: 'POST',
      setupRequest: (request, context: Context) => ({ ...request, ...w1.move(context.account!, context.favoriteId ?? '') }),
      onResponse: (_s, body) => check(body),
    },
    {
      method: 'POST',
      setupRequest: (request, context: Context) => ({ ...request, ...w1.remove(context.account!, context.favoriteId ?? '') }),
      onResponse: (_s, body, context: Context) => {
        check(body);
        free.push({ account: context.account!, placeId: context.placeId! });
      },
    },
  ];
}

async function run(plan: LoadPlan, seconds: number, which: 'warmup' | 'timed'): Promise<LoadResult> {
  const graphqlErrors = { count: 0 };
  const requests = plan.w1
    ? w1Requests(plan.w1[which].accounts, plan.w1[which].placeIds, graphqlErrors)
    : [
        {
          method: 'POST' as const,
          headers: plan.request!.headers,
          body: plan.request!.body,
          onResponse: (_s: number, body: string) => void (body.includes('"errors"') && graphqlErrors.count++),
        },
      ];
  const result = await autocannon({ url: plan.url, connections: plan.connections, duration: seconds, requests });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx + graphqlErrors.count,
    meanResponseBytes: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
  };
}

type MixContext = { started?: number; writer?: number };

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** The mix's requests, built before anything is timed, and its write cycles, which carry on from warm-up to timed run. */
function mixSession(mix: MixPlan) {
  const steps = JSON.parse(readFileSync(mix.stepsFile, 'utf8')) as MixStep[];
  const requests = steps.map((step): BenchRequest | null => (step.kind === 'read' ? mixReadRequest(step) : null));
  return { steps, requests, writes: writeCycles(mix.addedPlaceIds) };
}

/**
 * Runs steps of the mix from `from` on: `amount` of them, or for `seconds`. Latency is measured
 * per request here, to the microsecond, from the moment a request is built to its whole answer.
 */
async function runMix(
  url: string,
  connections: number,
  { steps, requests, writes }: ReturnType<typeof mixSession>,
  from: number,
  limit: { amount: number } | { seconds: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = from;
  let graphqlErrors = 0;
  let cacheHits = 0;
  const started = performance.now();
  // autocannon ends a run on its once-a-second tick, so its own duration is in whole seconds:
  // the run lasts until its last answer.
  let lastAnswer = started;
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url,
    connections,
    ...('amount' in limit ? { amount: limit.amount } : { duration: limit.seconds }),
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context: MixContext) => {
          const index = next++ % steps.length;
          const step = steps[index]!;
          context.started = performance.now();
          if (step.kind === 'read') return { ...request, ...requests[index]! };
          const write = writes.start(step.account);
          if (!write) throw new Error('every account has a write in flight: the mix needs more accounts than connections');
          context.writer = write.account;
          return { ...request, ...write.request };
        },
        onResponse: (_status, body, context: MixContext, headers) => {
          lastAnswer = performance.now();
          latencies.push(lastAnswer - context.started!);
          if (body.includes('"errors"')) graphqlErrors++;
          if ((headers as Record<string, unknown>).age !== undefined) cacheHits++;
          if (context.writer !== undefined) writes.finish(context.writer, body);
        },
      },
    ],
  });
  const seconds = (lastAnswer - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = Float64Array.from(latencies).sort();
  return {
    requestsPerSecond: result.requests.total / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    p999Ms: percentile(sorted, 0.999),
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx + graphqlErrors,
    meanResponseBytes: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
    cacheHitRate: latencies.length > 0 ? cacheHits / latencies.length : 0,
    loadGeneratorCpuShare: (cpu.user + cpu.system) / 1e6 / seconds,
  };
}

const plan = JSON.parse(process.argv[2]!) as LoadPlan;
if (plan.mix) {
  const { mix } = plan;
  const session = mixSession(mix);
  if (mix.soakSeconds !== undefined) {
    process.stdout.write(`${JSON.stringify(await runMix(plan.url, plan.connections, session, 0, { seconds: mix.soakSeconds }))}\n`);
  } else {
    if (mix.warmupSteps > 0) await runMix(plan.url, plan.connections, session, 0, { amount: mix.warmupSteps });
    const timed = await runMix(plan.url, plan.connections, session, mix.warmupSteps, { amount: mix.timedSteps });
    process.stdout.write(`${JSON.stringify(timed)}\n`);
  }
} else {
  if (plan.warmupSeconds > 0) await run(plan, plan.warmupSeconds, 'warmup');
  process.stdout.write(`${JSON.stringify(await run(plan, plan.durationSeconds, 'timed'))}\n`);
}
