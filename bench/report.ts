/**
 * The bench's results as one Markdown report: printed, and appended to bench/RESULTS.md under a
 * dated heading so that earlier runs stay. Every figure in it comes from a run; none is typed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { type FigureKey, figureKeys, medians, pairedRatios, ratio } from './figures.js';
import {
  type BenchReport,
  type Figures,
  type Operation,
  operationSeries,
  type SeriesKey,
  type SeriesRun,
  series,
  variantKeys,
} from './series.js';
import { formatMs, formatRatio, verdicts } from './verdicts.js';

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

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** One operation's three servers: their medians and the ratios between them. */
function operationTable(operation: Operation, m: Record<SeriesKey, Figures>): string {
  const { gateway, proxy, yoga } = operationSeries[operation];
  return table(
    [
      'figure',
      'gateway',
      'undici proxy floor',
      'bare Yoga floor',
      'gateway ÷ undici proxy',
      'gateway ÷ bare Yoga',
      'bare Yoga ÷ undici proxy',
    ],
    figureKeys.map((key) => [
      figureNames[key],
      formatFigure(key, m[gateway][key]),
      formatFigure(key, m[proxy][key]),
      formatFigure(key, m[yoga][key]),
      formatRatio(ratio(m[gateway][key], m[proxy][key])),
      formatRatio(ratio(m[gateway][key], m[yoga][key])),
      formatRatio(ratio(m[yoga][key], m[proxy][key])),
    ]),
  );
}

const spread = (low: number, high: number) =>
  Number.isFinite(low) ? `${low.toFixed(2)}–${high.toFixed(2)}` : 'n/a';

/** The gateway variants against the plain gateway, round by round. */
function variantsTable(report: BenchReport, m: Record<SeriesKey, Figures>): string {
  const rows = variantKeys.map((key) => {
    const byCpu = pairedRatios(report.runs, key, 'gateway', (run) => run.figures.cpuUsPerRequest);
    const byRps = pairedRatios(report.runs, key, 'gateway', (run) => run.figures.rps);
    const byP99 = pairedRatios(report.runs, key, 'gateway', (run) => run.figures.p99Ms);
    const mine = report.runs.filter((run) => run.series === key);
    const extra =
      key === 'keysRedis'
        ? `redis-server ${formatList(mine.map((run) => run.redis?.cpuUsPerRequest))} µs CPU/req; keys after each run ${formatList(mine.map((run) => run.redis?.keys))}`
        : key === 'traced' || key === 'tracedTenth'
          ? `exports received per run ${formatList(mine.map((run) => run.traces?.exports))} (${formatList(mine.map((run) => (run.traces ? run.traces.bytes / 1024 : undefined)))} KiB)`
          : `keys sent per run ${formatList(mine.map((run) => run.keysSent))}`;
    return [
      series[key].label,
      formatFigure('cpuUsPerRequest', m[key].cpuUsPerRequest),
      formatRatio(byCpu.median),
      spread(byCpu.min, byCpu.max),
      byCpu.perRound.map((value) => (Number.isFinite(value) ? value.toFixed(2) : 'n/a')).join(', '),
      formatRatio(byRps.median),
      formatRatio(byP99.median),
      formatFigure('peakRssBytes', m[key].peakRssBytes),
      formatFigure('readyMs', m[key].readyMs),
      extra,
    ];
  });
  return table(
    [
      'gateway variant (delete)',
      'CPU µs/req (median)',
      'CPU ÷ gateway (median of rounds)',
      'spread',
      'each round',
      'req/s ÷ gateway',
      'p99 ÷ gateway',
      'peak RSS MiB',
      'ready ms',
      'what arrived',
    ],
    [
      [
        `${series.gateway.label} (the baseline)`,
        formatFigure('cpuUsPerRequest', m.gateway.cpuUsPerRequest),
        '1.00×',
        '',
        '',
        '',
        '',
        formatFigure('peakRssBytes', m.gateway.peakRssBytes),
        formatFigure('readyMs', m.gateway.readyMs),
        '',
      ],
      ...rows,
    ],
  );
}

function formatList(values: readonly (number | undefined)[]): string {
  return values
    .map((value) => (value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(0)))
    .join(', ');
}

function perRoundTable(runs: readonly SeriesRun[]): string {
  return table(
    [
      'round',
      'series',
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
    runs.map((run) => [
      String(run.round),
      series[run.series].label,
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
}

function gatewayChecksTable(runs: readonly SeriesRun[]): string {
  return table(
    [
      'round',
      'series',
      'answered',
      'request log lines',
      'audit records',
      '/metrics operations',
      'warn+ log lines',
    ],
    runs
      .filter((run) => run.gateway)
      .map(({ round, series: key, gateway }) => [
        String(round),
        series[key].label,
        String(gateway?.answered),
        String(gateway?.requestLogLines),
        String(gateway?.auditRecords),
        String(gateway?.metricsOperations),
        String(gateway?.warnLines),
      ]),
  );
}

function problemsOf(report: BenchReport): string[] {
  return [
    ...report.runs.flatMap((run) => {
      const lines: string[] = [];
      const label = `${series[run.series].label}, round ${run.round}`;
      if (run.failure) lines.push(`${label}: ${run.failure}`);
      const statuses = Object.entries(run.statusCounts).filter(([status]) => !status.startsWith('2'));
      if (statuses.length > 0)
        lines.push(`${label}: statuses ${statuses.map(([s, n]) => `${s} ×${n}`).join(', ')}`);
      for (const sample of run.samples) lines.push(`${label}: ${sample}`);
      if (run.stderr.trim() !== '') lines.push(`${label}: stderr: ${run.stderr.trim().slice(-600)}`);
      return lines;
    }),
    ...report.latency.samples.map((sample) => `latency case: ${sample}`),
    ...report.bulk.samples.map((sample) => `bulk case: ${sample}`),
  ];
}

/** The report of one run as Markdown, starting with a level-3 heading. */
export function renderReport(report: BenchReport): string {
  const m = medians(report.runs);
  const rounds = Math.max(0, ...report.runs.map((run) => run.round));
  const verdictTable = table(
    ['target', 'measured', 'limit', 'result'],
    verdicts(report).map((v) => [
      v.name,
      v.measured,
      v.limit || '—',
      v.pass === null ? 'info' : v.pass ? 'PASS' : 'FAIL',
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
  const problems = problemsOf(report);

  return [
    `### ${report.date} (${report.commit})`,
    '',
    ...report.machine.map((line) => `- ${line}`),
    ...report.settings.map((line) => `- ${line}`),
    `- total run time: ${report.totalS.toFixed(0)} s (bound ${report.boundS.toFixed(0)} s)`,
    '',
    `The delete, medians of ${rounds} interleaved rounds, 50 connections, vendor without added latency:`,
    '',
    operationTable('delete', m),
    '',
    'The read, `persona(id)` with its two numbers, in the same rounds:',
    '',
    operationTable('read', m),
    '',
    'The gateway’s delete with one feature more, each against the plain gateway of the same round:',
    '',
    variantsTable(report, m),
    '',
    verdictTable,
    '',
    'The two gateway cases:',
    '',
    cases,
    '',
    '<details><summary>Each round, and the gateway’s own records</summary>',
    '',
    perRoundTable(report.runs),
    '',
    gatewayChecksTable(report.runs),
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
