/**
 * Runs one contender as its own process for the timed runs:
 *   node --import tsx tests/bench/serve.ts <contender> <port> <database path> <now ISO>
 * Prints one JSON line {"url": …} when it listens; stops on SIGTERM. With BENCH_STATEMENTS_FILE
 * set, it counts the SQL statements it runs and writes the count to that file as it stops.
 */
import { writeFileSync } from 'node:fs';
import type { Contender } from './contenders/contender.js';

const [name, port, databasePath, now] = process.argv.slice(2);
if (!name || !port || !databasePath || !now) throw new Error('usage: serve.ts <contender> <port> <database path> <now ISO>');
const statementsFile = process.env.BENCH_STATEMENTS_FILE;
let statements = 0;
const contender = ((await import(`./contenders/${name}.js`)) as { default: Contender }).default;
const running = await contender.start({
  port: Number(port),
  host: '127.0.0.1',
  databasePath,
  now: Date.parse(now),
  ...(statementsFile ? { onStatement: () => statements++ } : {}),
});
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
process.once(
  'SIGTERM',
  () =>
    void running.close().then(() => {
      if (statementsFile) writeFileSync(statementsFile, String(statements));
      process.exit(0);
    }),
);
