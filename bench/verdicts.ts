/**
 * The targets of the issues, PASS or FAIL from one run's figures, and the checks that make the
 * figures trustworthy. A line without a limit is printed for information only.
 */
import { median, medians, pairedRatios, ratio } from './figures.js';
import { type BenchReport, type GatewayChecks, type SeriesRun, series } from './series.js';

/** The limits from the issues. */
export const limits = {
  cpuPerRequestVsYoga: 1.0,
  p99VsYoga: 1.5,
  peakRssVsYoga: 1.2,
  readyMs: 1000,
  /** Gateway start-up ÷ the bare Yoga floor's, medians. */
  readyVsYoga: 0.5,
  tracedVsUntraced: 1.25,
  tracedTenthVsUntraced: 1.15,
  latencyThroughputShare: 0.9,
  bulkSlack: 1.2,
};

export interface Verdict {
  name: string;
  measured: string;
  /** Empty for a figure printed for information only. */
  limit: string;
  /** null: no limit. */
  pass: boolean | null;
}

export const formatRatio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
export const formatMs = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a');
const formatSpread = (low: number, high: number) =>
  Number.isFinite(low) ? ` (rounds ${low.toFixed(2)}–${high.toFixed(2)})` : '';

const cpu = (run: SeriesRun) => run.figures.cpuUsPerRequest;
const isGateway = (run: SeriesRun) => series[run.series].server === 'gateway';

/** The plain gateway's starts: the default configuration, as an operator starts it (delete and read runs). */
function plainGatewayStarts(report: BenchReport): number[] {
  return report.runs
    .filter((run) => run.series === 'gateway' || run.series === 'gatewayRead')
    .map((run) => run.figures.readyMs);
}

/** Each target and check, PASS or FAIL, and the figures printed beside them. */
export function verdicts(report: BenchReport): Verdict[] {
  const m = medians(report.runs);
  const { latency, bulk } = report;
  const cpuVsYoga = ratio(m.gateway.cpuUsPerRequest, m.yoga.cpuUsPerRequest);
  const p99VsYoga = ratio(m.gateway.p99Ms, m.yoga.p99Ms);
  const rssVsYoga = ratio(m.gateway.peakRssBytes, m.yoga.peakRssBytes);
  const readCpuVsYoga = ratio(m.gatewayRead.cpuUsPerRequest, m.yogaRead.cpuUsPerRequest);

  const gatewayReady = median(plainGatewayStarts(report));
  const yogaReady = median(
    report.runs.filter((run) => series[run.series].server === 'yoga').map((run) => run.figures.readyMs),
  );
  const readyVsYoga = ratio(gatewayReady, yogaReady);
  const gatewayStarts = [
    ...report.runs.filter(isGateway).map((run) => run.figures.readyMs),
    latency.readyMs,
    bulk.readyMs,
  ];
  const worstReady = gatewayStarts.some((ms) => !Number.isFinite(ms))
    ? Number.NaN
    : Math.max(...gatewayStarts);

  const traced = pairedRatios(report.runs, 'traced', 'gateway', cpu);
  const tracedTenth = pairedRatios(report.runs, 'tracedTenth', 'gateway', cpu);
  const keysMemory = pairedRatios(report.runs, 'keysMemory', 'gateway', cpu);
  const keysRedis = pairedRatios(report.runs, 'keysRedis', 'gateway', cpu);
  const keysRedisWithRedis = pairedRatios(
    report.runs,
    'keysRedis',
    'gateway',
    (run) => run.figures.cpuUsPerRequest + (run.redis?.cpuUsPerRequest ?? 0),
  );

  const latencyFloor =
    (latency.connections / (latency.vendorLatencyMs / 1000)) * limits.latencyThroughputShare;
  const bulkIds = bulk.idsPerCall * bulk.callMs.length;
  const bulkLimit = limits.bulkSlack * (bulkIds / 8) * bulk.vendorLatencyMs;

  const wrong =
    report.runs.reduce((sum, run) => sum + run.wrong + run.errors, 0) +
    latency.wrong +
    latency.errors +
    bulk.wrong;
  const failures = [
    ...report.runs
      .filter((run) => run.failure)
      .map((run) => `${series[run.series].label} round ${run.round}`),
    ...(latency.failure ? ['latency case'] : []),
    ...(bulk.failure ? ['bulk case'] : []),
  ];
  const gatewayRuns = report.runs.filter((run) => run.gateway);
  const unrecorded = gatewayRuns.filter((run) => !run.gateway || !isFullyRecorded(run, run.gateway));
  const keyRuns = report.runs.filter((run) => run.series === 'keysMemory' || run.series === 'keysRedis');
  const keyProblems = keyRuns.filter((run) => !isEveryKeyNew(run));
  const tracedRuns = report.runs.filter((run) => run.series === 'traced' || run.series === 'tracedTenth');
  const unexported = tracedRuns.filter((run) => (run.traces?.exports ?? 0) === 0);
  const roundsOf = (runs: readonly SeriesRun[]) =>
    runs.map((run) => `${series[run.series].label} round ${run.round}`).join(', ');

  return [
    {
      name: 'gateway CPU per request ÷ bare Yoga floor, delete (medians of the rounds)',
      measured: formatRatio(cpuVsYoga),
      limit: `≤ ${limits.cpuPerRequestVsYoga.toFixed(2)}×`,
      pass: cpuVsYoga <= limits.cpuPerRequestVsYoga,
    },
    {
      name: 'gateway p99 at 50 connections ÷ bare Yoga floor, delete',
      measured: formatRatio(p99VsYoga),
      limit: `≤ ${limits.p99VsYoga.toFixed(2)}×`,
      pass: p99VsYoga <= limits.p99VsYoga,
    },
    {
      name: 'gateway peak RSS ÷ bare Yoga floor, delete',
      measured: formatRatio(rssVsYoga),
      limit: `≤ ${limits.peakRssVsYoga.toFixed(2)}×`,
      pass: rssVsYoga <= limits.peakRssVsYoga,
    },
    {
      name: 'gateway CPU per request ÷ bare Yoga floor, read (medians)',
      measured: formatRatio(readCpuVsYoga),
      limit: '',
      pass: null,
    },
    {
      name: `gateway start-up to first 200 from /ready ÷ bare Yoga floor's to its first answer (medians: ${formatMs(gatewayReady)} ÷ ${formatMs(yogaReady)})`,
      measured: formatRatio(readyVsYoga),
      limit: `≤ ${limits.readyVsYoga.toFixed(2)}×`,
      pass: readyVsYoga <= limits.readyVsYoga,
    },
    {
      name: `gateway start-up to first 200 from /ready (worst of ${gatewayStarts.length} starts, every variant)`,
      measured: formatMs(worstReady),
      limit: `< ${limits.readyMs} ms`,
      pass: worstReady < limits.readyMs,
    },
    {
      name: 'traced, sampler 1.0: CPU per request ÷ untraced gateway (median of the rounds’ ratios)',
      measured: formatRatio(traced.median) + formatSpread(traced.min, traced.max),
      limit: `≤ ${limits.tracedVsUntraced.toFixed(2)}×`,
      pass: traced.median <= limits.tracedVsUntraced,
    },
    {
      name: 'traced, sampler 0.1: CPU per request ÷ untraced gateway',
      measured: formatRatio(tracedTenth.median) + formatSpread(tracedTenth.min, tracedTenth.max),
      limit: `≤ ${limits.tracedTenthVsUntraced.toFixed(2)}×`,
      pass: tracedTenth.median <= limits.tracedTenthVsUntraced,
    },
    {
      name: 'Idempotency-Key on every request, memory store: CPU per request ÷ gateway without keys',
      measured: formatRatio(keysMemory.median) + formatSpread(keysMemory.min, keysMemory.max),
      limit: '',
      pass: null,
    },
    {
      name: 'Idempotency-Key on every request, Redis: gateway CPU per request ÷ gateway without keys',
      measured: formatRatio(keysRedis.median) + formatSpread(keysRedis.min, keysRedis.max),
      limit: '',
      pass: null,
    },
    {
      name: 'the same, with redis-server’s CPU per request added',
      measured:
        formatRatio(keysRedisWithRedis.median) + formatSpread(keysRedisWithRedis.min, keysRedisWithRedis.max),
      limit: '',
      pass: null,
    },
    {
      name: `gateway at ${latency.vendorLatencyMs} ms vendor latency, ${latency.connections} connections`,
      measured: `${Number.isFinite(latency.rps) ? latency.rps.toFixed(0) : 'n/a'} req/s`,
      limit: `≥ ${latencyFloor.toFixed(0)} req/s`,
      pass: latency.rps >= latencyFloor && !latency.failure,
    },
    {
      name: `gateway bulk: ${bulkIds} ids (${bulk.callMs.length} calls of ${bulk.idsPerCall}) at ${bulk.vendorLatencyMs} ms vendor latency`,
      measured: formatMs(bulk.totalMs),
      limit: `≤ ${bulkLimit.toFixed(0)} ms`,
      pass: bulk.totalMs <= bulkLimit && !bulk.failure && bulk.wrong === 0,
    },
    {
      name: 'every response correct, every run finished (all series, all phases)',
      measured:
        failures.length > 0
          ? `${wrong} wrong or failed; did not finish: ${failures.join(', ')}`
          : `${wrong} wrong or failed`,
      limit: '0',
      pass: wrong === 0 && failures.length === 0,
    },
    {
      name: 'gateway features on: every answered request logged, audited (deletes) and counted in /metrics',
      measured: unrecorded.length === 0 ? 'yes' : `no: ${roundsOf(unrecorded)}`,
      limit: 'yes',
      pass: gatewayRuns.length > 0 && unrecorded.length === 0,
    },
    {
      name: 'every Idempotency-Key new: each keyed request reached the vendor (none replayed), and left its record in Redis',
      measured: keyProblems.length === 0 ? 'yes' : `no: ${roundsOf(keyProblems)}`,
      limit: 'yes',
      pass: keyRuns.length > 0 && keyProblems.length === 0,
    },
    {
      name: 'tracing on: every traced run exported spans to the receiver',
      measured: unexported.length === 0 ? 'yes' : `no: ${roundsOf(unexported)}`,
      limit: 'yes',
      pass: tracedRuns.length > 0 && unexported.length === 0,
    },
  ];
}

/** A request answered in the window may still be finishing its log line when the window ends: at least as many. */
function isFullyRecorded(run: SeriesRun, checks: GatewayChecks): boolean {
  const audited = series[run.series].operation === 'delete' ? checks.auditRecords >= checks.answered : true;
  return checks.requestLogLines >= checks.answered && audited && checks.metricsOperations >= checks.answered;
}

/**
 * A key sent twice would be answered from its record without a vendor call: at least one vendor
 * call per response says none was. With Redis, the records are counted there too.
 */
function isEveryKeyNew(run: SeriesRun): boolean {
  if (run.keysSent < run.responses || !(run.vendorCallsPerResponse >= 1)) return false;
  return run.series !== 'keysRedis' || (run.redis !== null && run.redis.keys >= run.responses);
}
