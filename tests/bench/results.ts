/**
 * Writes RESULTS.md from a benchmark run: tables of the run's figures, ratios within the run,
 * and the targets met or missed. The hand-written notes below the marker are kept as they are.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { queryNames, type QueryName } from './fixture.js';
import { describeMix, mixTargets, renderMix } from './mix-results.js';
import type { BenchReport, Measurement } from './run.js';

const MARKER = '<!-- Written by hand below this line; `npm run bench` keeps it. -->';

const fixed = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (a: number, b: number) => (b > 0 ? `${fixed(a / b, 2)}×` : '–');

function measured(report: BenchReport, contender: string, query: QueryName): Measurement | undefined {
  const result = report.contenders.find((c) => c.name === contender)?.results[query];
  return result && 'requestsPerSecond' in result ? result : undefined;
}

/** The Markdown of a run. */
export function renderResults(report: BenchReport): string {
  const lines: string[] = [];
  const { machine, settings } = report;
  lines.push('# Benchmark results', '');
  lines.push(
    `Written by \`npm run bench${report.quick ? ' -- --quick' : ''}\` on ${report.date.slice(0, 10)}. ` +
      `Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}. ` +
      (machine.pinned
        ? 'Server pinned to core 0, load generator to core 1 (taskset). '
        : 'Not pinned (fewer than two cores or no taskset). ') +
      'Load: autocannon in its own process over loopback, one server process per contender and run. Every ratio compares figures of this one run.',
    '',
  );

  lines.push('## The mixed workload', '');
  lines.push(describeMix(report), '');
  lines.push(...renderMix(report));

  lines.push('## One request repeated', '');
  lines.push(
    `Each query alone: ${settings.connections} connections sending one identical request for ${settings.warmupSeconds} s of warm-up and ${settings.durationSeconds} s measured. ` +
      'Skygraph as shipped answers nearly all of them from its response cache (hit rate about 100 %): its figures here measure a cache lookup, ' +
      'and no target is claimed from them; `skygraph-uncached` is its engine doing the work each time. ' +
      'Each contender answered every query once before timing and was checked against Skygraph’s answer.',
    '',
  );
  lines.push('### Requests per second', '');
  lines.push(`| contender | ${queryNames.join(' | ')} |`, `|---|${queryNames.map(() => '---:').join('|')}|`);
  for (const contender of report.contenders) {
    const cells = queryNames.map((q) => {
      const m = measured(report, contender.name, q);
      const ceiling = measured(report, 'ceiling', q);
      return m
        ? `${fixed(m.requestsPerSecond)}${ceiling && contender.name !== 'ceiling' ? ` (${ratio(m.requestsPerSecond, ceiling.requestsPerSecond)} ceiling)` : ''}`
        : 'n/a';
    });
    lines.push(`| ${contender.name} | ${cells.join(' | ')} |`);
  }
  lines.push('');

  for (const query of queryNames) {
    lines.push(`### ${query}`, '');
    lines.push(
      '| contender | req/s | ÷ ceiling | Skygraph ÷ it | p50 ms | p99 ms | p99 ÷ p50 | errors | SQL / request | response bytes | peak RSS MB |',
    );
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const sky = measured(report, 'skygraph', query);
    const ceiling = measured(report, 'ceiling', query);
    for (const contender of report.contenders) {
      const result = contender.results[query];
      if (!result) continue;
      if ('skipped' in result) {
        lines.push(`| ${contender.name} | not timed: ${result.skipped.replace(/\|/g, '\\|').slice(0, 160)} |||||||||`);
        continue;
      }
      lines.push(
        `| ${contender.name} | ${fixed(result.requestsPerSecond)} | ${ceiling ? ratio(result.requestsPerSecond, ceiling.requestsPerSecond) : '–'} | ` +
          `${sky && contender.name !== 'skygraph' ? ratio(sky.requestsPerSecond, result.requestsPerSecond) : '–'} | ${fixed(result.p50Ms)} | ${fixed(result.p99Ms)} | ` +
          `${result.p50Ms > 0 ? fixed(result.p99Ms / result.p50Ms, 1) : '–'} | ${result.errors} | ${result.statements} | ${fixed(result.bytes)} | ${fixed(result.peakRssMb)} |`,
      );
    }
    lines.push('');
  }

  lines.push('## Start, seed and ingest', '');
  lines.push(
    `- Cold start of the built server on a seeded database to its first answered request (median of ${settings.coldStartRuns}): ${fixed(report.coldStartMs)} ms.`,
  );
  lines.push(
    `- Seeding all places (reading GeoNames cities500, folding and indexing every name, inserting): ${fixed(report.seeding.placesMs)} ms; forecasts for the 3,000 most populous places: ${fixed(report.seeding.forecastsMs)} ms.`,
  );
  lines.push(
    `- Forecast ingest of ${fixed(report.ingest.rows)} hourly rows: ${fixed(report.ingest.storeRowsPerSecond)} rows/s through the server's store, ` +
      `${fixed(report.ingest.plainLoopRowsPerSecond)} rows/s through a plain better-sqlite3 prepared-insert loop (${ratio(report.ingest.storeRowsPerSecond, report.ingest.plainLoopRowsPerSecond)}).`,
    '',
  );

  lines.push('## Targets', '');
  lines.push(...mixTargets(report));
  lines.push('', 'One request repeated, the engine alone with the response cache off (`skygraph-uncached`):', '');
  const check = (ok: boolean) => (ok ? 'met' : '**missed**');
  const own = ['skygraph', 'skygraph-uncached', 'skygraph-graphql-js', 'ceiling', 'naive'];
  const peers = report.contenders.filter((c) => !own.includes(c.name));
  const subject = 'skygraph-uncached';
  for (const query of queryNames) {
    const sky = measured(report, subject, query);
    if (!sky) continue;
    const ceiling = measured(report, 'ceiling', query);
    const naive = measured(report, 'naive', query);
    const parts = [
      ceiling
        ? `≥ 0.5× ceiling: ${ratio(sky.requestsPerSecond, ceiling.requestsPerSecond)} ${check(sky.requestsPerSecond >= 0.5 * ceiling.requestsPerSecond)}`
        : undefined,
      ...peers.map((p) => {
        const m = measured(report, p.name, query);
        return m
          ? `≥ 1× ${p.name}: ${ratio(sky.requestsPerSecond, m.requestsPerSecond)} ${check(sky.requestsPerSecond >= m.requestsPerSecond)}`
          : undefined;
      }),
      (query === 'Q2' || query === 'Q3') && naive
        ? `≥ 5× naive: ${ratio(sky.requestsPerSecond, naive.requestsPerSecond)} ${check(sky.requestsPerSecond >= 5 * naive.requestsPerSecond)}`
        : undefined,
      `≤ 4 SQL statements: ${sky.statements} ${check(sky.statements <= 4)}`,
      `p99 ≤ 3× p50: ${fixed(sky.p99Ms / Math.max(sky.p50Ms, 1), 1)}× ${check(sky.p99Ms <= 3 * Math.max(sky.p50Ms, 1))}`,
      `peak RSS < 300 MB: ${fixed(sky.peakRssMb)} ${check(sky.peakRssMb < 300)}`,
      `errors 0: ${sky.errors} ${check(sky.errors === 0)}`,
    ].filter(Boolean);
    lines.push(`- ${subject} ${query}: ${parts.join('; ')}.`);
  }
  lines.push(`- Seeding all places < 10 s: ${fixed(report.seeding.placesMs / 1000, 1)} s ${check(report.seeding.placesMs < 10_000)}.`);
  lines.push(
    `- Ingest ≥ 0.5× the plain loop: ${ratio(report.ingest.storeRowsPerSecond, report.ingest.plainLoopRowsPerSecond)} ${check(report.ingest.storeRowsPerSecond >= 0.5 * report.ingest.plainLoopRowsPerSecond)}.`,
    '',
  );

  lines.push('## Contenders', '');
  for (const contender of report.contenders)
    lines.push(`- **${contender.name}**: ${contender.description}.${contender.limits ? ` ${contender.limits}` : ''}`);
  lines.push('');
  return lines.join('\n');
}

/** Writes the run's Markdown to `path`, keeping the hand-written part of the existing file. */
export function writeResults(report: BenchReport, path: string): void {
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const notes = existing.includes(MARKER) ? existing.slice(existing.indexOf(MARKER)) : `${MARKER}\n`;
  writeFileSync(path, `${renderResults(report)}\n${notes}`);
}
