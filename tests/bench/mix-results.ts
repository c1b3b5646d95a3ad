/**
 * The mixed workload's part of RESULTS.md: the headline table, latency against concurrency, the
 * soak, and its targets met or missed.
 */
import { ACCOUNT_COUNT, PLACE_ZIPF_EXPONENT } from './fixture.js';
import { mixShares } from './mix.js';
import type { BenchReport, MixMeasurement } from './run.js';

const fixed = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (a: number, b: number) => (b > 0 ? `${fixed(a / b, 2)}×` : '–');
const percent = (share: number) => `${fixed(share * 100)} %`;
const ms = (value: number) => fixed(value, value < 10 ? 1 : 0);
const check = (ok: boolean) => (ok ? 'met' : '**missed**');

function mixResult(report: BenchReport, name: string): MixMeasurement | undefined {
  const result = report.mix.contenders.find((c) => c.name === name)?.result;
  return result && 'requestsPerSecond' in result ? result : undefined;
}

/** What the mix is, in a paragraph. */
export function describeMix(report: BenchReport): string {
  const { settings } = report;
  return (
    `One seeded sequence of ${fixed(report.mix.steps)} requests (tests/bench/mix.ts), the same for every contender: ` +
    `${percent(mixShares.Q1)} a place's current conditions (Q1) with the place drawn by popularity over all places (Zipf, exponent ${PLACE_ZIPF_EXPONENT}); ` +
    `${percent(mixShares.Q3)} a home screen (Q3, \`me { favorites … }\`) of one of ${fixed(ACCOUNT_COUNT)} people, each with their own token, units and saved places; ` +
    `${percent(mixShares.Q2)} search keystrokes (Q2), 2 to 8 letters of a popular place's name, a quarter of them in another of its names (other languages and scripts); ` +
    `${percent(mixShares.Q4)} \`near\` searches (Q4) a few kilometres from a popular place; ` +
    `${percent(mixShares.write)} writes, a step of W1's add / move / remove cycle by one of the people. ` +
    "Two public requests in three carry a person's token, as a signed-in app sends it. " +
    `The first ${fixed(settings.mix.warmupSteps)} requests warm each server up; the next ${fixed(settings.mix.timedSteps)} are timed, at ${settings.connections} connections; ` +
    `each contender is timed ${settings.mix.rounds === 1 ? 'once' : `${settings.mix.rounds} times, in turn with the others, and its best run is shown`} (a fresh server and database copy each time). ` +
    `Before timing, every place the sequence reads was given a forecast (${fixed(report.mix.filledPlaces)} places, ${fixed(report.mix.fillMs / 1000, 1)} s), ` +
    `and each contender answered a sample of the sequence one request at a time, byte for byte as Skygraph did. ` +
    'Latency is measured per request by the load generator, from building the request to its whole answer; ' +
    `the load generator used at most ${percent(Math.max(...report.mix.contenders.map((c) => ('loadGeneratorCpuShare' in c.result ? (c.result.loadGeneratorCpuShare ?? 0) : 0))))} of its core. ` +
    `SQL statements per request are counted in a run of their own over the first ${fixed(settings.mix.countSteps)} requests at ${settings.connections} connections.`
  );
}

/** The headline table: every contender on the mix. */
export function renderMix(report: BenchReport): string[] {
  const lines: string[] = [];
  const ceiling = mixResult(report, 'ceiling');
  const sky = mixResult(report, 'skygraph');
  lines.push(
    '| contender | req/s | ÷ ceiling | Skygraph ÷ it | p50 ms | p99 ms | p99.9 ms | p99 ÷ p50 | errors | SQL / request | server CPU ms / request | mean response bytes | peak RSS MB | response cache hits |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const { name, result } of report.mix.contenders) {
    if ('skipped' in result) {
      lines.push(`| ${name} | not timed: ${result.skipped.replace(/\|/g, '\\|').slice(0, 160)} |||||||||||||`);
      continue;
    }
    lines.push(
      `| ${name} | ${fixed(result.requestsPerSecond)} | ${ceiling ? ratio(result.requestsPerSecond, ceiling.requestsPerSecond) : '–'} | ` +
        `${sky && name !== 'skygraph' ? ratio(sky.requestsPerSecond, result.requestsPerSecond) : '–'} | ${ms(result.p50Ms)} | ${ms(result.p99Ms)} | ${ms(result.p999Ms ?? 0)} | ` +
        `${fixed(result.p99Ms / result.p50Ms, 1)} | ${result.errors} | ${fixed(result.statements, 2)} | ${fixed(result.serverCpuMs, 2)} | ${fixed(result.meanResponseBytes)} | ${fixed(result.peakRssMb)} | ` +
        `${name.startsWith('skygraph') ? percent(result.cacheHitRate ?? 0) : '–'} |`,
    );
  }
  lines.push('');

  lines.push('### Latency against concurrency', '');
  lines.push('| contender | connections | req/s | p50 ms | p99 ms | p99.9 ms | errors |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const { name, connections, result } of report.mix.concurrency) {
    lines.push(
      `| ${name} | ${connections} | ${fixed(result.requestsPerSecond)} | ${ms(result.p50Ms)} | ${ms(result.p99Ms)} | ${ms(result.p999Ms ?? 0)} | ${result.errors} |`,
    );
  }
  lines.push('');

  const { soak } = report.mix;
  if (!soak) return lines;
  lines.push('### Soak', '');
  lines.push(
    `Skygraph as shipped on the mix for ${soak.seconds} s at ${report.settings.connections} connections, going round the sequence again at its end ` +
      `(so its response cache answers more than in the timed run): ${fixed(soak.result.requests)} requests, ${fixed(soak.result.requestsPerSecond)} req/s, ` +
      `${soak.result.errors} errors, p50 ${ms(soak.result.p50Ms)} ms, p99 ${ms(soak.result.p99Ms)} ms, p99.9 ${ms(soak.result.p999Ms ?? 0)} ms, ` +
      `response cache hits ${percent(soak.result.cacheHitRate ?? 0)}, peak RSS ${fixed(soak.peakRssMb)} MB. Resident memory as it went: ` +
      `${soak.rssMb.map((s) => `${s.atSeconds} s ${fixed(s.mb)} MB`).join(', ')}.`,
    '',
  );
  return lines;
}

/** The second half of the soak: memory is flat when its largest sample is within 10 % of its first. */
function soakGrowth(report: BenchReport): number {
  const rssMb = report.mix.soak?.rssMb ?? [];
  const late = rssMb.slice(Math.floor(rssMb.length / 2));
  if (late.length === 0) return NaN;
  return Math.max(...late.map((s) => s.mb)) / late[0]!.mb;
}

/** The mix's targets (issue 12), met or missed. */
export function mixTargets(report: BenchReport): string[] {
  const sky = mixResult(report, 'skygraph');
  const uncached = mixResult(report, 'skygraph-uncached');
  const ceiling = mixResult(report, 'ceiling');
  const lines: string[] = [];
  const versus = (subject: MixMeasurement, name: string, factor: number) => {
    const other = mixResult(report, name);
    return other
      ? `≥ ${fixed(factor, 1)}× ${name}: ${ratio(subject.requestsPerSecond, other.requestsPerSecond)} ${check(subject.requestsPerSecond >= factor * other.requestsPerSecond)}`
      : `${name}: not measured`;
  };
  if (sky) {
    const parts = [
      versus(sky, 'mercurius', 1),
      versus(sky, 'yoga', 1),
      ceiling ? versus(sky, 'ceiling', 0.5) : 'ceiling: not measured',
      `p99 ≤ 4× p50: ${fixed(sky.p99Ms / sky.p50Ms, 1)}× ${check(sky.p99Ms <= 4 * sky.p50Ms)}`,
      `peak RSS < 300 MB: ${fixed(sky.peakRssMb)} ${check(sky.peakRssMb < 300)}`,
      `errors 0: ${sky.errors} ${check(sky.errors === 0)}`,
    ];
    lines.push(`- skygraph on the mix: ${parts.join('; ')}.`);
  }
  if (uncached) lines.push(`- skygraph-uncached on the mix: ${versus(uncached, 'mercurius', 0.9)}.`);
  const { soak } = report.mix;
  if (!soak) return lines;
  const growth = soakGrowth(report);
  lines.push(
    `- Soak: errors 0: ${soak.result.errors} ${check(soak.result.errors === 0)}; memory flat (second half's largest sample within 10 % of its first): ` +
      `${Number.isNaN(growth) ? 'too few samples' : `${fixed((growth - 1) * 100, 1)} % ${check(growth <= 1.1)}`}; peak RSS < 300 MB: ${fixed(soak.peakRssMb)} ${check(soak.peakRssMb < 300)}.`,
  );
  return lines;
}
