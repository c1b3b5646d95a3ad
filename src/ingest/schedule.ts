/**
 * The ingest inside the server, every INGEST_INTERVAL_MINUTES: the first run at start, each next
 * one an interval after the previous one ended, so runs never overlap in this process (the lease
 * keeps them from overlapping with other processes). Stopping aborts between batches and waits
 * for the batch in flight to be stored.
 */
import type { Logger } from 'pino';
import type { IngestSummary } from './run.js';

export interface IngestSchedule {
  stop(): Promise<void>;
}

export function scheduleIngest(
  intervalMinutes: number,
  ingest: (signal: AbortSignal) => Promise<IngestSummary>,
  logger?: Logger,
): IngestSchedule {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  const tick = () => {
    running = ingest(controller.signal)
      .then(
        (summary) => logger?.info(summary, 'ingest finished'),
        // A bug or a database failure: logged, and the schedule goes on (the next run may pass).
        (error: unknown) => logger?.error({ err: error }, 'ingest crashed'),
      )
      .finally(() => {
        running = null;
        // unref: a pending run must not keep a process alive that is otherwise done.
        if (!controller.signal.aborted) timer = setTimeout(tick, intervalMinutes * 60_000).unref();
      });
  };
  tick();

  return {
    async stop() {
      controller.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
