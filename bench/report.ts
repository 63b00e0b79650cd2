/**
 * The bench's results as one Markdown report: printed, and appended to bench/RESULTS.md under a
 * dated heading so that earlier runs stay. Every figure in it comes from a run; none is typed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { VendorStats } from './shared.js';

export const targetKeys = ['gateway', 'proxy', 'yoga'] as const;
export type TargetKey = (typeof targetKeys)[number];

export const targetLabels: Record<TargetKey, string> = {
  gateway: 'gateway',
  proxy: 'undici proxy floor',
  yoga: 'bare Yoga floor',
};

/** What one run of one target measured; NaN where it could not be measured. */
export interface Figures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  peakRssBytes: number;
  cpuUsPerRequest: number;
  readyMs: number;
}

/** What shows that the gateway really had every feature on: each request was logged, audited, counted. */
export interface GatewayChecks {
  /** Responses the load received from /graphql (warm-up and measured window). */
  answered: number;
  requestLogLines: number;
  auditRecords: number;
  /** Sum of `gateway_graphql_operations_total`, read from /metrics with the token. */
  metricsOperations: number;
  /** Log lines at warn level or above. */
  warnLines: number;
}

export interface TargetRun {
  target: TargetKey;
  round: number;
  figures: Figures;
  /** Responses, wrong answers and failed requests in the measured window and the warm-up together. */
  responses: number;
  wrong: number;
  errors: number;
  /** Non-2xx statuses seen, by status. */
  statusCounts: Record<string, number>;
  /** The target's CPU time over the window, as a share of one core. */
  targetCpuPercent: number;
  /** The load generator's and the fake vendor's CPU time over the window, as a share of one core. */
  loadSideCpuPercent: number;
  /**
   * CPU time on [the target's core, the load side's core] that no bench process used (other
   * processes, interrupts, the hypervisor's steal), in percent of the core; NaN when unpinned.
   */
  otherCpuPercent: [number, number];
  vendorCallsPerResponse: number;
  /** The CPUs the target was allowed, from /proc. */
  allowedCpus: string;
  samples: string[];
  /** Why the run could not finish (a crash, no readiness); null when it did. */
  failure: string | null;
  stderr: string;
  gateway: GatewayChecks | null;
}

export interface LatencyCase {
  connections: number;
  vendorLatencyMs: number;
  durationS: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  responses: number;
  wrong: number;
  errors: number;
  readyMs: number;
  samples: string[];
  failure: string | null;
}

export interface BulkCase {
  vendorLatencyMs: number;
  idsPerCall: number;
  /** Milliseconds of each measured call, in order. */
  callMs: number[];
  totalMs: number;
  /** The first call (100 other ids), not counted. */
  warmUpMs: number;
  /** Payloads that were not `DeletePersonaSuccess` for the id asked, and calls that failed. */
  wrong: number;
  vendor: VendorStats | null;
  readyMs: number;
  samples: string[];
  failure: string | null;
}

export interface BenchReport {
  date: string;
  commit: string;
  machine: string[];
  settings: string[];
  runs: TargetRun[];
  latency: LatencyCase;
  bulk: BulkCase;
  totalS: number;
  notes: string[];
}

/** The limits from the performance issue. */
export const limits = {
  cpuPerRequestVsYoga: 1.0,
  p99VsYoga: 1.5,
  peakRssVsYoga: 1.2,
  readyMs: 1000,
  latencyThroughputShare: 0.9,
  bulkSlack: 1.2,
};

export function median(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 === 1
    ? (finite[middle] as number)
    : ((finite[middle - 1] as number) + (finite[middle] as number)) / 2;
}

const figureKeys = ['rps', 'p50Ms', 'p99Ms', 'peakRssBytes', 'cpuUsPerRequest', 'readyMs'] as const;
type FigureKey = (typeof figureKeys)[number];

const figureNames: Record<FigureKey, string> = {
  rps: 'requests/s',
  p50Ms: 'p50 latency (ms)',
  p99Ms: 'p99 latency (ms)',
  peakRssBytes: 'peak RSS, VmHWM (MiB)',
  cpuUsPerRequest: 'CPU per request (µs)',
  readyMs: 'start-up to ready (ms)',
};

function formatFigure(key: FigureKey, value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (key) {
    case 'rps':
    case 'cpuUsPerRequest':
    case 'readyMs':
      return value.toFixed(0);
    case 'p50Ms':
    case 'p99Ms':
      return value.toFixed(2);
    case 'peakRssBytes':
      return (value / 1024 / 1024).toFixed(1);
  }
}

const ratio = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN;
const formatRatio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
const formatMs = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a');

/** Each target's median of each figure over its rounds. */
export function medians(runs: readonly TargetRun[]): Record<TargetKey, Figures> {
  const of = (target: TargetKey): Figures => {
    const mine = runs.filter((run) => run.target === target);
    const figures = {} as Figures;
    for (const key of figureKeys) figures[key] = median(mine.map((run) => run.figures[key]));
    return figures;
  };
  return { gateway: of('gateway'), proxy: of('proxy'), yoga: of('yoga') };
}

export interface TargetVerdict {
  name: string;
  measured: string;
  limit: string;
  pass: boolean;
}

/** Each target of the performance issue, PASS or FAIL, from this run's figures. */
export function verdicts(report: BenchReport): TargetVerdict[] {
  const m = medians(report.runs);
  const cpu = ratio(m.gateway.cpuUsPerRequest, m.yoga.cpuUsPerRequest);
  const p99 = ratio(m.gateway.p99Ms, m.yoga.p99Ms);
  const rss = ratio(m.gateway.peakRssBytes, m.yoga.peakRssBytes);
  const gatewayStarts = [
    ...report.runs.filter((run) => run.target === 'gateway').map((run) => run.figures.readyMs),
    report.latency.readyMs,
    report.bulk.readyMs,
  ];
  const worstReady = gatewayStarts.some((ms) => !Number.isFinite(ms))
    ? Number.NaN
    : Math.max(...gatewayStarts);
  const { latency, bulk } = report;
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
      .map((run) => `${targetLabels[run.target]} round ${run.round}`),
    ...(latency.failure ? ['latency case'] : []),
    ...(bulk.failure ? ['bulk case'] : []),
  ];
  const gatewayRuns = report.runs.filter((run) => run.gateway);
  const unrecorded = gatewayRuns.filter(({ gateway }) => !gateway || !isFullyRecorded(gateway));

  return [
    {
      name: 'gateway CPU per request ÷ bare Yoga floor (medians of the rounds)',
      measured: formatRatio(cpu),
      limit: `≤ ${limits.cpuPerRequestVsYoga.toFixed(2)}×`,
      pass: cpu <= limits.cpuPerRequestVsYoga,
    },
    {
      name: 'gateway p99 at 50 connections ÷ bare Yoga floor',
      measured: formatRatio(p99),
      limit: `≤ ${limits.p99VsYoga.toFixed(2)}×`,
      pass: p99 <= limits.p99VsYoga,
    },
    {
      name: 'gateway peak RSS ÷ bare Yoga floor',
      measured: formatRatio(rss),
      limit: `≤ ${limits.peakRssVsYoga.toFixed(2)}×`,
      pass: rss <= limits.peakRssVsYoga,
    },
    {
      name: `gateway start-up to first 200 from /ready (worst of ${gatewayStarts.length} starts)`,
      measured: formatMs(worstReady),
      limit: `< ${limits.readyMs} ms`,
      pass: worstReady < limits.readyMs,
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
      name: 'every response correct, every run finished (all targets, all phases)',
      measured:
        failures.length > 0
          ? `${wrong} wrong or failed; did not finish: ${failures.join(', ')}`
          : `${wrong} wrong or failed`,
      limit: '0',
      pass: wrong === 0 && failures.length === 0,
    },
    {
      name: 'gateway features on: every answered request logged, audited and counted in /metrics',
      measured:
        unrecorded.length === 0 ? 'yes' : `no, in round ${unrecorded.map((run) => run.round).join(', ')}`,
      limit: 'yes',
      pass: gatewayRuns.length > 0 && unrecorded.length === 0,
    },
  ];
}

/** A request answered in the window may still be finishing its log line when the window ends: at least as many. */
function isFullyRecorded(checks: GatewayChecks): boolean {
  return (
    checks.requestLogLines >= checks.answered &&
    checks.auditRecords >= checks.answered &&
    checks.metricsOperations >= checks.answered
  );
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The report of one run as Markdown, starting with a level-3 heading. */
export function renderReport(report: BenchReport): string {
  const m = medians(report.runs);
  const rounds = Math.max(0, ...report.runs.map((run) => run.round));
  const figures = table(
    [
      'figure',
      targetLabels.gateway,
      targetLabels.proxy,
      targetLabels.yoga,
      'gateway ÷ undici proxy',
      'gateway ÷ bare Yoga',
      'bare Yoga ÷ undici proxy',
    ],
    figureKeys.map((key) => [
      figureNames[key],
      formatFigure(key, m.gateway[key]),
      formatFigure(key, m.proxy[key]),
      formatFigure(key, m.yoga[key]),
      formatRatio(ratio(m.gateway[key], m.proxy[key])),
      formatRatio(ratio(m.gateway[key], m.yoga[key])),
      formatRatio(ratio(m.yoga[key], m.proxy[key])),
    ]),
  );
  const verdictTable = table(
    ['target', 'measured', 'limit', 'result'],
    verdicts(report).map((v) => [v.name, v.measured, v.limit, v.pass ? 'PASS' : 'FAIL']),
  );
  const perRound = table(
    [
      'round',
      'target',
      'req/s',
      'p50 ms',
      'p99 ms',
      'peak RSS MiB',
      'CPU µs/req',
      'ready ms',
      'target CPU %',
      'load side CPU %',
      'other CPU % (core 0 / 1)',
      'vendor calls/response',
      'responses',
      'wrong',
      'errors',
    ],
    report.runs.map((run) => [
      String(run.round),
      targetLabels[run.target],
      ...figureKeys.map((key) => formatFigure(key, run.figures[key])),
      run.targetCpuPercent.toFixed(0),
      run.loadSideCpuPercent.toFixed(0),
      run.otherCpuPercent.map((value) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a')).join(' / '),
      Number.isFinite(run.vendorCallsPerResponse) ? run.vendorCallsPerResponse.toFixed(3) : 'n/a',
      String(run.responses),
      String(run.wrong),
      String(run.errors),
    ]),
  );
  const gatewayChecks = table(
    ['round', 'answered', 'request log lines', 'audit records', '/metrics operations', 'warn+ log lines'],
    report.runs
      .filter((run) => run.gateway)
      .map(({ round, gateway }) => [
        String(round),
        String(gateway?.answered),
        String(gateway?.requestLogLines),
        String(gateway?.auditRecords),
        String(gateway?.metricsOperations),
        String(gateway?.warnLines),
      ]),
  );
  const { latency, bulk } = report;
  const cases = table(
    ['case', 'figures', 'wrong or failed'],
    [
      [
        `gateway, vendor ${latency.vendorLatencyMs} ms, ${latency.connections} connections, ${latency.durationS} s`,
        `${formatFigure('rps', latency.rps)} req/s, p50 ${formatFigure('p50Ms', latency.p50Ms)} ms, p99 ${formatFigure('p99Ms', latency.p99Ms)} ms, ${latency.responses} responses, ready ${formatMs(latency.readyMs)}`,
        String(latency.wrong + latency.errors) + (latency.failure ? ` (${latency.failure})` : ''),
      ],
      [
        `gateway bulk, vendor ${bulk.vendorLatencyMs} ms, ${bulk.callMs.length} × ${bulk.idsPerCall} ids one after another`,
        `${formatMs(bulk.totalMs)} in all (calls: ${bulk.callMs.map((ms) => ms.toFixed(0)).join(', ')} ms; warm-up call ${formatMs(bulk.warmUpMs)}, not counted); vendor saw ${bulk.vendor ? `${bulk.vendor.matchingCalls} calls for ${bulk.vendor.distinctIds} distinct ids, ${bulk.vendor.repeatedIds} repeated` : 'n/a'}; ready ${formatMs(bulk.readyMs)}`,
        String(bulk.wrong) + (bulk.failure ? ` (${bulk.failure})` : ''),
      ],
    ],
  );

  const problems = [
    ...report.runs.flatMap((run) => {
      const lines: string[] = [];
      const label = `${targetLabels[run.target]}, round ${run.round}`;
      if (run.failure) lines.push(`${label}: ${run.failure}`);
      const statuses = Object.entries(run.statusCounts).filter(([status]) => !status.startsWith('2'));
      if (statuses.length > 0)
        lines.push(`${label}: statuses ${statuses.map(([s, n]) => `${s} ×${n}`).join(', ')}`);
      for (const sample of run.samples) lines.push(`${label}: ${sample}`);
      if (run.stderr.trim() !== '') lines.push(`${label}: stderr: ${run.stderr.trim().slice(-600)}`);
      return lines;
    }),
    ...latency.samples.map((sample) => `latency case: ${sample}`),
    ...bulk.samples.map((sample) => `bulk case: ${sample}`),
  ];

  return [
    `### ${report.date} (${report.commit})`,
    '',
    ...report.machine.map((line) => `- ${line}`),
    ...report.settings.map((line) => `- ${line}`),
    `- total run time: ${report.totalS.toFixed(0)} s`,
    '',
    `Medians of ${rounds} interleaved rounds, 50 connections, vendor without added latency:`,
    '',
    figures,
    '',
    verdictTable,
    '',
    'The two gateway cases:',
    '',
    cases,
    '',
    '<details><summary>Each round, and the gateway’s own records</summary>',
    '',
    perRound,
    '',
    gatewayChecks,
    '',
    '</details>',
    '',
    ...(report.notes.length > 0 ? ['Notes:', '', ...report.notes.map((note) => `- ${note}`), ''] : []),
    ...(problems.length > 0
      ? ['What went wrong:', '', ...problems.map((line) => `- ${line.replace(/\s+/g, ' ')}`), '']
      : []),
  ].join('\n');
}

const preamble = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts), never by hand: each run appends its report under
"History" with its date and commit, so earlier runs (before and after a change) stay. How to read
the figures: [README.md](README.md).

## History
`;

/** Appends one run's report to the results file, creating it with its preamble when missing. */
export async function appendToResults(file: string, markdown: string): Promise<void> {
  const existing = await readFile(file, 'utf8').catch(() => preamble);
  const base = existing.includes('## History') ? existing.trimEnd() : `${existing.trimEnd()}\n\n## History`;
  await writeFile(file, `${base}\n\n${markdown.trimEnd()}\n`);
}
