/**
 * What the bench measures, as data: each series is one server, one operation and one set of
 * features, started fresh and measured once in every round. The types of what a run records
 * are here too, so that the runner, the verdicts and the report share them.
 */
import type { TraceReceiverStats, VendorStats } from './shared.js';

/** The order within every round: each gateway variant right after the gateway it is compared with. */
export const seriesKeys = [
  'gateway',
  'traced',
  'tracedTenth',
  'keysMemory',
  'keysRedis',
  'proxy',
  'yoga',
  'gatewayRead',
  'proxyRead',
  'yogaRead',
] as const;
export type SeriesKey = (typeof seriesKeys)[number];

export type Server = 'gateway' | 'proxy' | 'yoga';
export type Operation = 'delete' | 'read';

export interface SeriesInfo {
  label: string;
  server: Server;
  operation: Operation;
}

export const series: Record<SeriesKey, SeriesInfo> = {
  gateway: { label: 'gateway', server: 'gateway', operation: 'delete' },
  traced: { label: 'gateway, traced (sampler 1.0)', server: 'gateway', operation: 'delete' },
  tracedTenth: { label: 'gateway, traced (sampler 0.1)', server: 'gateway', operation: 'delete' },
  keysMemory: { label: 'gateway, Idempotency-Key, memory store', server: 'gateway', operation: 'delete' },
  keysRedis: { label: 'gateway, Idempotency-Key, Redis', server: 'gateway', operation: 'delete' },
  proxy: { label: 'undici proxy floor', server: 'proxy', operation: 'delete' },
  yoga: { label: 'bare Yoga floor', server: 'yoga', operation: 'delete' },
  gatewayRead: { label: 'gateway (read)', server: 'gateway', operation: 'read' },
  proxyRead: { label: 'undici proxy floor (read)', server: 'proxy', operation: 'read' },
  yogaRead: { label: 'bare Yoga floor (read)', server: 'yoga', operation: 'read' },
};

/** The three servers of one operation, for its table of medians and ratios. */
export const operationSeries: Record<Operation, Record<Server, SeriesKey>> = {
  delete: { gateway: 'gateway', proxy: 'proxy', yoga: 'yoga' },
  read: { gateway: 'gatewayRead', proxy: 'proxyRead', yoga: 'yogaRead' },
};

/** The gateway variants, each compared round by round with the plain gateway's delete. */
export const variantKeys = ['traced', 'tracedTenth', 'keysMemory', 'keysRedis'] as const;
export type VariantKey = (typeof variantKeys)[number];

/** What one run of one series measured; NaN where it could not be measured. */
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
  /** Audit records (a read writes none). */
  auditRecords: number;
  /** Sum of `gateway_graphql_operations_total`, read from /metrics with the token. */
  metricsOperations: number;
  /** Log lines at warn level or above. */
  warnLines: number;
}

/** What a run with Redis adds: its CPU, and what it holds afterwards. */
export interface RedisFigures {
  /** redis-server's CPU time over the window ÷ responses in the window, µs. */
  cpuUsPerRequest: number;
  /** Keys in Redis after the run (it is emptied before each). */
  keys: number;
}

export interface SeriesRun {
  series: SeriesKey;
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
  /** The load generator's, the fake vendor's (and Redis's, the trace receiver's) CPU over the window, as a share of one core. */
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
  /** Idempotency keys sent, warm-up and window (0 without keys). */
  keysSent: number;
  redis: RedisFigures | null;
  /** What the trace receiver got from this run, from its start to its end; null untraced. */
  traces: TraceReceiverStats | null;
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
  runs: SeriesRun[];
  latency: LatencyCase;
  bulk: BulkCase;
  totalS: number;
  /** The bound the run was under, seconds. */
  boundS: number;
  notes: string[];
}
