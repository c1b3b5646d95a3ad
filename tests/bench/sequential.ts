/**
 * One query, sent N times in a row to an in-process contender (default: Skygraph without its
 * response cache, so that every request executes): wall and CPU time per request, without
 * load-generator noise. For profiling:
 *   NODE_ENV=production node --import tsx --cpu-prof tests/bench/sequential.ts Q2 300 [contender]
 */
import { benchDatabase, loadContender } from './check.js';
import { BENCH_NOW, type QueryName } from './fixture.js';
import { readRequest } from './requests.js';

const query = (process.argv[2] ?? 'Q2') as Exclude<QueryName, 'W1'>;
const count = Number(process.argv[3] ?? 200);
const { path } = await benchDatabase();
const running = await (
  await loadContender('skygraph')
).start({ port: 0, host: '127.0.0.1', databasePath: path, now: Date.parse(BENCH_NOW) });
const { body, headers } = readRequest(query);
const send = async () => (await fetch(running.url, { method: 'POST', headers, body })).text();

for (let i = 0; i < 20; i++) await send(); // warm-up: compile, fill caches
const started = performance.now();
const cpu = process.cpuUsage();
for (let i = 0; i < count; i++) await send();
const used = process.cpuUsage(cpu);
console.log(
  `${query}: ${((performance.now() - started) / count).toFixed(2)} ms wall, ${((used.user + used.system) / 1000 / count).toFixed(2)} ms CPU per request (client included)`,
);
await running.close();
