/**
 * What the query limits (src/query-limits.ts) cost a request: the plugin's hook called in a loop
 * with the benchmark's documents, once with the cost already known for the document (every
 * request after the first) and once computed anew (a document or costed variables never seen).
 *   node --import tsx tests/bench/limits-cost.ts
 */
import { readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse } from 'graphql';
import { typeDefs } from '../../src/apollo.js';
import { defaults } from '../../src/config.js';
import { queryLimits } from '../../src/query-limits.js';
import { resolvers } from '../../src/resolvers.js';

const schema = makeExecutableSchema({ typeDefs, resolvers });
const variables: Record<string, Record<string, unknown>> = {
  Q1: { id: 'TG9jYXRpb246Mjk1MDE1OQ' },
  Q2: { search: 'san' },
  Q3: {},
  Q4: { latitude: 48.85, longitude: 2.35 },
};

async function perCall(name: string, fresh: boolean): Promise<number> {
  const source = readFileSync(`tests/bench/queries/${name}.graphql`, 'utf8');
  const document = parse(source);
  const operation = document.definitions[0] as never;
  const plugin = queryLimits(schema, defaults.limits, defaults.maxFavorites);
  const runs = fresh ? 2_000 : 50_000;
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const listener = await plugin.requestDidStart!({} as never);
    // A new hash per call defeats the caches: the cost of a document seen for the first time.
    const queryHash = fresh ? `h${i}` : 'h';
    await listener!.didResolveOperation!({ document, operation, queryHash, request: { variables: variables[name] } } as never);
  }
  return ((performance.now() - started) * 1000) / runs;
}

for (const name of ['Q1', 'Q2', 'Q3', 'Q4']) {
  const known = await perCall(name, false);
  const fresh = await perCall(name, true);
  console.log(`${name}: ${known.toFixed(1)} µs a request with the cost known, ${fresh.toFixed(0)} µs computing it anew`);
}
