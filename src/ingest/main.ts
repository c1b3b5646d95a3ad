/**
 * `npm run ingest` (in production, from the built tree: `node dist/src/ingest/main.js`): one
 * ingest with the server's configuration, for cron. Safe beside a running server or another
 * ingest: the lease lets one run at a time, and the others end at once as `busy`.
 *
 * Logs go to stdout as the server's do, ending with one `ingest finished` line (places, calls,
 * weight, retries, 429s, duration). On a terminal, a progress line on stderr shows how far it is.
 * SIGINT or SIGTERM stops it after the batch in flight, which is stored.
 *
 * Exit codes: 0 done, or stopped for a reason the next run resolves (budget spent, another
 * ingest running, a signal); 1 the provider kept failing, or the database could not be opened;
 * 2 bad configuration.
 */
import { configuredProvider } from '../forecasts/providers.js';
import { createForecastStore } from '../forecasts/store.js';
import { startProcess } from '../startup.js';
import { runIngest, type IngestProgress, type IngestSummary } from './run.js';

const { config, logger, clock, database } = await startProcess('ingest');

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'stopping the ingest after the batch in flight');
    controller.abort();
  });
}

const interactive = process.stderr.isTTY === true;
const summary = await runIngest({
  db: database.db,
  provider: configuredProvider(config, database.db, clock, logger),
  store: createForecastStore(database.db),
  clock,
  config,
  logger,
  signal: controller.signal,
  ...(interactive ? { onProgress: showProgress } : {}),
});
logger.info(summary, 'ingest finished');
if (interactive) process.stderr.write(`\r\x1b[K${describe(summary)}\n`);
database.sqlite.close();
process.exit(summary.outcome === 'failed' || summary.outcome === 'lease lost' ? 1 : 0);

function showProgress({ done, total, calls }: IngestProgress): void {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  process.stderr.write(
    `\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} places · ${calls.requests} requests · weight ${calls.weight}`,
  );
}

function describe(s: IngestSummary): string {
  const seconds = (s.durationMs / 1000).toFixed(1);
  return (
    `ingest ${s.outcome}: ${s.refreshed} places refreshed, ${s.confirmed} confirmed, ${s.fresh} fresh, ${s.remaining} left; ` +
    `${s.calls.requests} requests, weight ${s.calls.weight}, ${s.calls.retries} retries, ${s.calls.rateLimited} × 429; ${seconds} s`
  );
}
