import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, json, startFakeVendor } from './helpers/fake-vendor.js';
import { deletePersonaMutation } from './helpers/operations.js';
import { type OtlpReceiver, startOtlpReceiver } from './helpers/otlp-receiver.js';
import { receiveTrace } from './helpers/span-tree.js';
import { type RunningMain, startMain } from './helpers/start-main.js';
import { blandDeleteSuccess } from './helpers/vendor-bodies.js';
import { waitUntil } from './helpers/wait-until.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const blandKey = 'sk-main-tracing-key';
const collectorToken = `collector-token-canary-${Date.now()}`;
const exitBoundMs = 8000;
const success = {
  data: {
    deletePersona: {
      __typename: 'DeletePersonaSuccess',
      personaId: 'persona-1',
      message: 'Persona deleted successfully',
    },
  },
};

let bland: FakeVendor;
let receiver: OtlpReceiver;
let main: RunningMain | undefined;

beforeAll(async () => {
  bland = await startFakeVendor(json(200, blandDeleteSuccess));
});
afterAll(async () => {
  await bland.close();
});
beforeEach(async () => {
  receiver = await startOtlpReceiver();
  bland.requests.length = 0;
});
afterEach(async () => {
  receiver.release();
  await main?.stop();
  main = undefined;
  await receiver.close();
});

function live(env: Record<string, string>): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    PORT: '0',
    BLAND_BASE_URL: bland.url,
    BLAND_API_KEY: blandKey,
    DRAIN_DELAY_MS: '0',
    ...env,
  };
}

async function deletePersona(origin: string, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: deletePersonaMutation, variables: { id: 'persona-1' } }),
    signal: AbortSignal.timeout(10_000),
  });
  return response.json();
}

function logLines(running: RunningMain): Record<string, unknown>[] {
  return running.lines().map((line) => JSON.parse(line));
}

function requestLines(running: RunningMain): Record<string, unknown>[] {
  return logLines(running).filter((line) => line.msg === 'graphql request');
}

/** The first request's log line, once written (lines are written asynchronously). */
async function firstRequestLine(running: RunningMain): Promise<Record<string, unknown>> {
  await waitUntil(() => requestLines(running).length > 0, 'the request log line');
  return requestLines(running)[0] as Record<string, unknown>;
}

/** Sends SIGTERM and resolves with how the process ended; rejects past {@link exitBoundMs}. */
function terminate(running: RunningMain): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no exit within ${exitBoundMs} ms`)), exitBoundMs);
    running.child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
    running.child.kill('SIGTERM');
  });
}

describe('tracing in main.ts, from the OTEL_* variables', () => {
  it('exports http/protobuf to <endpoint>/v1/traces with the resource and headers they give', async () => {
    main = await startMain(
      live({
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_SERVICE_NAME: 'gateway-under-test',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
        OTEL_EXPORTER_OTLP_HEADERS: `x-collector-token=${collectorToken}`,
        OTEL_BSP_SCHEDULE_DELAY: '20',
      }),
    );

    expect(await deletePersona(main.origin)).toEqual(success);
    const line = await firstRequestLine(main);
    expect(line).toMatchObject({ trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const { spans, root } = await receiveTrace(receiver, line.trace_id as string, 3);
    expect(root.spanId).toBe(line.span_id);
    expect(spans.map(({ name }) => name).sort()).toEqual([
      'DELETE /v1/personas/{persona_id}',
      'POST /graphql',
      'mutation DeletePersona',
    ]);
    expect(root.resource).toEqual({
      'service.name': 'gateway-under-test',
      'service.version': expect.any(String),
      'deployment.environment.name': 'test',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '2.12.1',
    });
    expect(root.scope).toBe('voice-ai-gateway');
    const [received] = receiver.exports;
    expect(received).toMatchObject({ path: '/v1/traces', contentType: 'application/x-protobuf' });
    expect(received?.headers['x-collector-token']).toBe(collectorToken);
    const client = spans.find((span) => span.kind === 'CLIENT');
    expect(bland.requests.map(({ headers }) => headers.traceparent)).toEqual([
      `00-${client?.traceId}-${client?.spanId}-01`,
    ]);
    expect(main.lines()).toContainEqual(
      expect.stringContaining(`"msg":"Tracing: OTLP http/protobuf to ${receiver.url}"`),
    );
    expect(main.lines().join('\n')).not.toContain(collectorToken);
  });

  it('exports http/json to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, named voice-ai-gateway by default', async () => {
    main = await startMain(
      live({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/custom/traces`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '20',
      }),
    );

    expect(await deletePersona(main.origin)).toEqual(success);
    const line = await firstRequestLine(main);
    const { root } = await receiveTrace(receiver, line.trace_id as string, 3);
    expect(receiver.exports[0]).toMatchObject({ path: '/custom/traces', contentType: 'application/json' });
    expect(root.resource['service.name']).toBe('voice-ai-gateway');
  });

  it('with no endpoint: no span, no trace id in the log, no traceparent to the vendor', async () => {
    main = await startMain(live({ OTEL_SERVICE_NAME: 'ignored-without-an-endpoint' }));

    expect(
      await deletePersona(main.origin, {
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      }),
    ).toEqual(success);
    await firstRequestLine(main);
    expect(requestLines(main)).toEqual([
      {
        level: 30,
        time: expect.any(Number),
        pid: main.child.pid,
        hostname: expect.any(String),
        requestId: expect.any(String),
        operationName: 'DeletePersona',
        operationType: 'mutation',
        status: 200,
        outcome: 'ok',
        durationMs: expect.any(Number),
        msg: 'graphql request',
      },
    ]);
    expect(bland.requests.map(({ headers }) => [headers.traceparent, headers.tracestate])).toEqual([
      [undefined, undefined],
    ]);
    expect(main.lines().join('\n')).not.toContain('Tracing');
  });

  it('honours OTEL_TRACES_SAMPLER as the SDK defines it: always_off exports nothing and says unsampled', async () => {
    main = await startMain(
      live({
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_TRACES_SAMPLER: 'always_off',
        OTEL_BSP_SCHEDULE_DELAY: '20',
      }),
    );

    expect(await deletePersona(main.origin)).toEqual(success);
    const traceId = (await firstRequestLine(main)).trace_id as string;
    expect(bland.requests.map(({ headers }) => headers.traceparent)).toEqual([
      expect.stringMatching(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`)),
    ]);
    // Nothing is exported even at shutdown, when whatever is pending goes out.
    expect(await terminate(main)).toEqual({ code: 0, signal: null });
    expect(receiver.spans()).toEqual([]);
  });
});

describe('with tracing off', () => {
  const preload = fileURLToPath(new URL('./helpers/report-opentelemetry-modules.cjs', import.meta.url));
  const loaded = async (env: Record<string, string>) => {
    main = await startMain(live({ ...env, NODE_OPTIONS: `--require ${preload}` }));
    expect(await deletePersona(main.origin)).toEqual(success);
    expect(await terminate(main)).toEqual({ code: 0, signal: null });
    const match = /opentelemetry modules loaded: (.*)\n/.exec(main.stderr());
    return JSON.parse(match?.[1] ?? 'null');
  };

  it('loads no OpenTelemetry SDK: only the API, which prom-client requires anyway', async () => {
    expect(await loaded({})).toEqual(['@opentelemetry/api']);
  });

  it("loads the SDK and the OTLP exporter's transport once an endpoint is set", async () => {
    expect(await loaded({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url })).toEqual(
      expect.arrayContaining([
        '@opentelemetry/sdk-trace-base',
        '@opentelemetry/resources',
        '@opentelemetry/otlp-exporter-base',
      ]),
    );
  });
});

describe('on SIGTERM', () => {
  it('exports the spans still pending before it exits', async () => {
    main = await startMain(
      live({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '600000' }),
    );
    expect(await deletePersona(main.origin)).toEqual(success);
    const traceId = (await firstRequestLine(main)).trace_id as string;
    expect(receiver.spans()).toEqual([]);

    expect(await terminate(main)).toEqual({ code: 0, signal: null });

    expect(receiver.spans().filter((span) => span.traceId === traceId)).toHaveLength(3);
  });

  it('exits within the shutdown deadline though the collector holds every export open', async () => {
    receiver.hold();
    main = await startMain(
      live({
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '600000',
        SHUTDOWN_TIMEOUT_MS: '1000',
      }),
    );
    expect(await deletePersona(main.origin)).toEqual(success);

    const signalAt = Date.now();
    const exit = terminate(main);
    await waitUntil(() => receiver.held > 0, 'the flush export, held by the receiver');
    expect(await exit).toEqual({ code: 0, signal: null });

    expect(Date.now() - signalAt).toBeLessThan(exitBoundMs);
    // Never answered, yet the process is gone: its exit did not wait for the collector.
    expect(receiver.exports.length).toBeGreaterThan(0);
    expect(receiver.answered).toBe(0);
    expect(logLines(main).map((line) => line.msg)).toContain(
      'shutdown: spans still pending were not exported before the shutdown deadline',
    );
  });
});

describe('refuses to start', () => {
  function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', 'src/main.ts'],
        {
          cwd: projectRoot,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
          timeout: 15_000,
          killSignal: 'SIGKILL',
        },
        (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
      );
    });
  }

  it('with every unusable OTEL_* value in one message, and exit code 1', async () => {
    const result = await runMain(
      live({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '10%',
      }),
    );

    expect(result).toEqual({
      code: 1,
      stderr: [
        'Invalid configuration:',
        '  - OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL',
        '  - OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or http/json, not "grpc"',
        '  - OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1',
        '',
      ].join('\n'),
    });
  });
});
