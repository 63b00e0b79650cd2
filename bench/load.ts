/**
 * One fixed-duration autocannon run against one target, with the figures the bench reports
 * computed from every single response rather than from autocannon's per-second samples or its
 * whole-millisecond histogram.
 */
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  durationS: number;
  /** True for a correct response body; anything else (including a non-2xx answer) is wrong. */
  verify: (body: string) => boolean;
  /**
   * Sends every request with an `Idempotency-Key` of its own, `<prefix>-<n>` (autocannon's
   * per-request setup hook rebuilds each request), so that no two requests share a record.
   * @default undefined: no key, the same request every time
   */
  idempotencyKeyPrefix?: string | undefined;
}

/** The most responses one run takes, whatever its duration: a bound on count beside the bound on time. */
const maxResponsesPerSecond = 50_000;

export interface LoadResult {
  /** From just before the first connection to the end of the run, as the CPU window. */
  windowMs: number;
  /** Every HTTP response received, right or wrong. */
  responses: number;
  /** Responses whose status was not 2xx or whose body failed `verify`. */
  wrong: number;
  /** Requests that got no response: connection errors and timeouts. */
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  /** Up to three wrong bodies, cut to 300 characters. */
  wrongSamples: string[];
  /** Up to three error messages. */
  errorSamples: string[];
  /** Idempotency keys sent (0 without {@link LoadOptions.idempotencyKeyPrefix}). */
  keysSent: number;
  /**
   * Responses per second while the connections were busy: for each connection, its responses
   * divided by the time to its last one, summed. Requests cut off in flight at the end are left
   * out of both, which matters when a request takes 400 ms and the run 10 s.
   */
  sustainedRps: number;
  /** Latency of every response, nearest-rank percentiles, in milliseconds. */
  p50Ms: number;
  p99Ms: number;
}

/** The nearest-rank percentile of sorted values; NaN when there are none. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] as number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const perConnection = new Map<object, { count: number; last: number }>();
  const wrongSamples: string[] = [];
  const errorSamples: string[] = [];
  // autocannon emits `response` and then, synchronously, calls `verifyBody` for the same response
  // (lib/httpClient.js), so the status seen last is this body's: a non-2xx answer is wrong even if
  // its body would pass.
  let lastStatus = 0;
  const verifyBody = (body: string) => lastStatus >= 200 && lastStatus < 300 && options.verify(body);
  let keys = 0;
  const prefix = options.idempotencyKeyPrefix;
  const startedAt = performance.now();
  const instance = autocannon({
    url: options.url,
    method: 'POST',
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    duration: options.durationS,
    pipelining: 1,
    timeout: 10,
    verifyBody,
    ...(prefix === undefined
      ? {}
      : {
          requests: [
            {
              setupRequest: (request) => {
                keys += 1;
                request.headers['idempotency-key'] = `${prefix}-${keys}`;
                return request;
              },
            },
          ],
        }),
  });
  const maxResponses = maxResponsesPerSecond * options.durationS;
  instance.on('response', (client: object, status: number, _bytes: number, responseTimeMs: number) => {
    const now = performance.now();
    lastStatus = status;
    latencies.push(responseTimeMs);
    if (latencies.length === maxResponses) instance.stop();
    const connection = perConnection.get(client);
    if (connection) {
      connection.count += 1;
      connection.last = now;
    } else {
      perConnection.set(client, { count: 1, last: now });
    }
  });
  instance.on('reqMismatch', (body: string) => {
    if (wrongSamples.length < 3) wrongSamples.push(String(body).slice(0, 300));
  });
  instance.on('reqError', (error: Error) => {
    if (errorSamples.length < 3) errorSamples.push(String(error?.message ?? error));
  });
  const result = await instance;
  const windowMs = performance.now() - startedAt;

  let sustainedRps = 0;
  for (const { count, last } of perConnection.values()) {
    if (last > startedAt) sustainedRps += count / ((last - startedAt) / 1000);
  }
  latencies.sort((a, b) => a - b);
  const statusCounts = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, Number(count)]),
  );
  return {
    windowMs,
    responses: latencies.length,
    wrong: result.mismatches,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts,
    wrongSamples,
    errorSamples,
    keysSent: keys,
    sustainedRps,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}
