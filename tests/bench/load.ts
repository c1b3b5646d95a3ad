/**
 * The load generator, run as its own process (pinned to its own core by run.ts) so that it
 * does not compete with the server it measures:
 *   node --import tsx tests/bench/load.ts '<LoadPlan JSON>'
 * Prints one JSON line of LoadResult.
 */
import autocannon from 'autocannon';
import type { BenchRequest } from './requests.js';
import { w1 } from './requests.js';

export interface LoadPlan {
  url: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** A fixed request (Q1–Q4) … */
  request?: BenchRequest;
  /** … or the W1 cycle: connection k owns accounts[k] and adds placeIds[k]. */
  w1?: { warmup: { accounts: number[]; placeIds: number[] }; timed: { accounts: number[]; placeIds: number[] } };
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Socket errors, timeouts, non-2xx answers and 200 answers that carry GraphQL errors. */
  errors: number;
  meanResponseBytes: number;
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

const plan = JSON.parse(process.argv[2]!) as LoadPlan;
if (plan.warmupSeconds > 0) await run(plan, plan.warmupSeconds, 'warmup');
process.stdout.write(`${JSON.stringify(await run(plan, plan.durationSeconds, 'timed'))}\n`);
