import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { createGatewayMetrics } from '../../src/observability/metrics.js';
import type { Tracing } from '../../src/observability/tracing/trace-span.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import {
  type FakeVendor,
  json,
  resetAfterRequest,
  sequence,
  startFakeVendor,
} from '../helpers/fake-vendor.js';
import { deletePersonaMutation } from '../helpers/operations.js';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../helpers/otlp-receiver.js';
import { hasRedisServer, type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { failed, receiveTrace, type SpanNode, toSpanTree, unset } from '../helpers/span-tree.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { startTestTracing } from '../helpers/test-tracing.js';
import { blandDeleteSuccess, blandNotFound } from '../helpers/vendor-bodies.js';

const blandKey = 'sk-trace-tree-key';
const personaId = 'persona-1';
const deletePersonasMutation = `mutation DeletePersonas($ids: [ID!]!) {
  deletePersonas(ids: $ids) { __typename ... on DeletePersonaSuccess { personaId } }
}`;

let receiver: OtlpReceiver;
let tracing: Tracing;
let bland: FakeVendor;
let gateway: TestGateway;
let blandPort: number;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  ({ tracing } = await startTestTracing({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '20',
  }));
  bland = await startFakeVendor();
  blandPort = Number(new URL(bland.url).port);
  gateway = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: blandKey },
    upstreamRetries: 1,
    tracing,
  });
});

afterAll(async () => {
  await gateway?.close();
  await tracing?.shutdown();
  await bland?.close();
  await receiver?.close();
});

beforeEach(() => {
  bland.requests.length = 0;
  gateway.logs.length = 0;
});

/** The ids of the request's own log line: its server span's. */
function loggedIds(): { trace_id: string; span_id: string } {
  const lines = gateway.logs.map((line) => JSON.parse(line)).filter((line) => line.msg === 'graphql request');
  expect(lines).toHaveLength(1);
  return lines[0];
}

function serverSpan(children: SpanNode[]): SpanNode {
  return {
    name: 'POST /graphql',
    kind: 'SERVER',
    attributes: {
      'http.request.method': 'POST',
      'url.path': '/graphql',
      'http.route': '/graphql',
      'http.response.status_code': 200,
    },
    status: unset,
    events: [],
    children,
  };
}

function operationSpan(type: string, name: string, children: SpanNode[]): SpanNode {
  return {
    name: `${type} ${name}`,
    kind: 'INTERNAL',
    attributes: { 'graphql.operation.type': type, 'graphql.operation.name': name },
    status: unset,
    events: [],
    children,
  };
}

function attemptSpan(
  method: string,
  template: string,
  attempt: number,
  outcome: string,
  status: number | null,
  errorType?: string,
): SpanNode {
  return {
    name: `${method} ${template}`,
    kind: 'CLIENT',
    attributes: {
      'http.request.method': method,
      'server.address': '127.0.0.1',
      'server.port': blandPort,
      'url.template': template,
      'gateway.attempt': attempt,
      'gateway.outcome': outcome,
      ...(status === null ? {} : { 'http.response.status_code': status }),
      ...(errorType ? { 'error.type': errorType } : {}),
    },
    status: errorType ? failed : unset,
    events: [],
    children: [],
  };
}

/** The `traceparent` each vendor request carried: its own attempt span's, sampled. */
function traceparentsOf(spans: readonly ReceivedSpan[]): string[] {
  return spans
    .filter((span) => span.kind === 'CLIENT')
    .sort((a, b) => (a.startTime < b.startTime ? -1 : 1))
    .map((span) => `00-${span.traceId}-${span.spanId}-01`);
}

const personaTemplate = '/v1/personas/{persona_id}';

describe('the span tree of one request', () => {
  it('shows a delete retried once: two attempts, each with its own traceparent', async () => {
    bland.setReply(
      sequence(json(503, { errors: [{ error: 'BUSY', message: 'Busy' }] }), json(200, blandDeleteSuccess)),
    );

    const response = await gateway.graphql(deletePersonaMutation, { variables: { id: personaId } });

    expect(response.body.data?.deletePersona).toMatchObject({ __typename: 'DeletePersonaSuccess' });
    const ids = loggedIds();
    const { spans, root } = await receiveTrace(receiver, ids.trace_id, 4);
    expect(root.spanId).toBe(ids.span_id);
    expect(root.parentSpanId).toBe('');
    expect(toSpanTree(spans, root)).toEqual(
      serverSpan([
        operationSpan('mutation', 'DeletePersona', [
          attemptSpan('DELETE', personaTemplate, 1, 'UpstreamError', 503, 'SERVER_ERROR'),
          attemptSpan('DELETE', personaTemplate, 2, 'DeletePersonaSuccess', 200),
        ]),
      ]),
    );
    expect(bland.requests.map(({ headers }) => [headers.traceparent, headers.tracestate])).toEqual(
      traceparentsOf(spans).map((traceparent) => [traceparent, undefined]),
    );
  });

  it('shows the follow-up read after a lost delete answer as a span of its own', async () => {
    bland.setReply(sequence(resetAfterRequest(), json(404, blandNotFound(personaId))));

    const response = await gateway.graphql(deletePersonaMutation, { variables: { id: personaId } });

    expect(response.body.data?.deletePersona).toMatchObject({ __typename: 'DeletePersonaSuccess' });
    const { spans, root } = await receiveTrace(receiver, loggedIds().trace_id, 4);
    expect(toSpanTree(spans, root)).toEqual(
      serverSpan([
        operationSpan('mutation', 'DeletePersona', [
          attemptSpan('DELETE', personaTemplate, 1, 'UpstreamError', null, 'CONNECTION_LOST'),
          attemptSpan('GET', personaTemplate, 1, 'PersonaNotFoundError', 404, '404'),
        ]),
      ]),
    );
    expect(bland.requests.map(({ headers }) => headers.traceparent)).toEqual(traceparentsOf(spans));
  });

  it('shows a bulk delete as one operation with a span per id', async () => {
    bland.setReply(json(200, blandDeleteSuccess));

    const response = await gateway.graphql(deletePersonasMutation, {
      variables: { ids: ['persona-a', 'persona-b', 'persona-c'] },
    });

    expect(response.body).toEqual({
      data: {
        deletePersonas: ['persona-a', 'persona-b', 'persona-c'].map((id) => ({
          __typename: 'DeletePersonaSuccess',
          personaId: id,
        })),
      },
    });
    const { spans, root } = await receiveTrace(receiver, loggedIds().trace_id, 5);
    const success = attemptSpan('DELETE', personaTemplate, 1, 'DeletePersonaSuccess', 200);
    expect(toSpanTree(spans, root)).toEqual(
      serverSpan([operationSpan('mutation', 'DeletePersonas', [success, success, success])]),
    );
    expect(bland.requests.map(({ headers }) => headers.traceparent).sort()).toEqual(
      traceparentsOf(spans).sort(),
    );
  });

  it("continues the client's trace, and never forwards its tracestate", async () => {
    bland.setReply(json(200, blandDeleteSuccess));
    const clientTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpanId = '00f067aa0ba902b7';

    const response = await gateway.graphql(deletePersonaMutation, {
      variables: { id: personaId },
      headers: {
        traceparent: `00-${clientTraceId}-${clientSpanId}-01`,
        tracestate: 'client=opaque-client-state',
      },
    });

    expect(response.body.data?.deletePersona).toMatchObject({ __typename: 'DeletePersonaSuccess' });
    expect(loggedIds().trace_id).toBe(clientTraceId);
    const { spans, root } = await receiveTrace(receiver, clientTraceId, 3);
    expect(root.parentSpanId).toBe(clientSpanId);
    expect(root.traceState).toBe('');
    expect(toSpanTree(spans, root)).toEqual(
      serverSpan([
        operationSpan('mutation', 'DeletePersona', [
          attemptSpan('DELETE', personaTemplate, 1, 'DeletePersonaSuccess', 200),
        ]),
      ]),
    );
    expect(bland.requests.map(({ headers }) => [headers.traceparent, headers.tracestate])).toEqual([
      [traceparentsOf(spans)[0], undefined],
    ]);
  });

  it("keeps a client's unsampled decision: nothing is exported, and vendors are told it is unsampled", async () => {
    bland.setReply(json(200, blandDeleteSuccess));
    const clientTraceId = '0af7651916cd43dd8448eb211c80319c';
    const exportedBefore = receiver.spans().length;

    await gateway.graphql(deletePersonaMutation, {
      variables: { id: personaId },
      headers: { traceparent: `00-${clientTraceId}-b7ad6b7169203331-00` },
    });
    // A sampled request after it: once its spans are in, the unsampled one's would be too.
    const later = await gateway.graphql('{ gateway { mode } }');
    expect(later.status).toBe(200);
    const lines = gateway.logs
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === 'graphql request');
    await receiveTrace(receiver, lines[1].trace_id, 2);

    expect(lines[0].trace_id).toBe(clientTraceId);
    const [sent] = bland.requests.map(({ headers }) => headers.traceparent);
    expect(sent).toMatch(new RegExp(`^00-${clientTraceId}-[0-9a-f]{16}-00$`));
    expect(
      receiver
        .spans()
        .slice(exportedBefore)
        .filter((span) => span.traceId === clientTraceId),
    ).toEqual([]);
  });
});

// Needs redis-server (Debian's package): skipped without it, except in CI.
describe.skipIf(!hasRedisServer())('with the shared store in Redis', () => {
  let redis: RedisServer;
  let budgeted: TestGateway;

  beforeAll(async () => {
    redis = await startRedisServer();
    const logger = createLogger({ level: 'silent' });
    const store = createRedisStore({ url: redis.url, logger, metrics: createGatewayMetrics() });
    budgeted = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: blandKey },
      store,
      storeSecret: 'a-store-secret-of-at-least-32-characters',
      vendorRequestsPerMinute: { BLAND: 100, BOLNA: undefined },
      tracing,
    });
    // The store connects in the background.
    for (let tries = 0; tries < 200 && store.state !== 'ready'; tries++)
      await new Promise((r) => setTimeout(r, 20));
    expect(store.state).toBe('ready');
    return async () => {
      await budgeted.close();
      await store.close();
      await redis.close();
    };
  });

  it('shows the budget check in Redis as a span before the attempt', async () => {
    bland.setReply(json(200, blandDeleteSuccess));

    await budgeted.graphql(deletePersonaMutation, { variables: { id: personaId } });

    const line = budgeted.logs
      .map((entry) => JSON.parse(entry))
      .find((entry) => entry.msg === 'graphql request');
    const { spans, root } = await receiveTrace(receiver, line.trace_id, 4);
    expect(toSpanTree(spans, root)).toEqual(
      serverSpan([
        operationSpan('mutation', 'DeletePersona', [
          {
            name: 'redis take',
            kind: 'CLIENT',
            attributes: {
              'db.system.name': 'redis',
              'db.operation.name': 'take',
              'server.address': '127.0.0.1',
              'server.port': redis.port,
            },
            status: unset,
            events: [],
            children: [],
          },
          attemptSpan('DELETE', personaTemplate, 1, 'DeletePersonaSuccess', 200),
        ]),
      ]),
    );
  });
});
