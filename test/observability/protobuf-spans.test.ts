import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  type ReadableSpan,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createTracing } from '../../src/observability/tracing/create-tracing.js';
import { createProtobufSpanSerializer } from '../../src/observability/tracing/protobuf-spans.js';

/** A span processor that keeps every ended span, as the batch processor's buffer would. */
function collect(): SpanProcessor & { spans: ReadableSpan[] } {
  const spans: ReadableSpan[] = [];
  return {
    spans,
    onStart: (_span: Span) => {},
    onEnd: (span) => spans.push(span),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}

const resource = defaultResource().merge(
  resourceFromAttributes({
    'service.name': 'voice-ai-gateway',
    'service.version': '1.2.3',
    'deployment.environment.name': 'prüfung',
  }),
);
const scope = { name: 'voice-ai-gateway', version: '1.2.3' };

/** A request's spans as the gateway records them, with every kind of attribute value and status. */
function recordRequest(processor: SpanProcessor, traceparent: string | null): void {
  const tracing = createTracing({ sampler: new AlwaysOnSampler(), processor, resource, scope });
  const server = tracing.startRequestSpan(
    'POST /graphql',
    { 'http.request.method': 'POST', 'url.path': '/graphql' },
    traceparent,
  );
  const operation = server.startChild('mutation DeletePersona', 'internal', {
    'graphql.operation.type': 'mutation',
    'graphql.operation.name': 'DeletePersona',
  });
  for (const [attempt, status] of [
    [1, 503],
    [2, 200],
  ] as const) {
    const vendor = operation.startChild('DELETE /v1/personas/{persona_id}', 'client', {
      'http.request.method': 'DELETE',
      'server.address': '127.0.0.1',
      'server.port': 40123,
      'url.template': '/v1/personas/{persona_id}',
      'gateway.attempt': attempt,
    });
    vendor.setAttributes({ 'http.response.status_code': status, 'gateway.outcome': 'DeletePersonaSuccess' });
    if (status >= 500) vendor.fail(String(status));
    vendor.end();
  }
  const store = operation.startChild('redis EVALSHA', 'client', {
    'db.system.name': 'redis',
    'gateway.ratio': 0.25,
    'gateway.below_zero': -7,
    'gateway.large': 2 ** 40 + 3,
    'gateway.cached': false,
    'gateway.note': 'naïve ✓ 🚀',
  });
  store.fail();
  store.end();
  // A key set again wins where it first stood, as Object.assign would.
  operation.setAttributes({ 'graphql.operation.type': 'mutation!', extra: true });
  operation.end();
  server.setAttributes({ 'http.response.status_code': 200 });
  server.end();
}

describe('the protobuf span serializer', () => {
  it("writes the SDK serializer's bytes for the spans of a new trace", () => {
    const processor = collect();
    recordRequest(processor, null);
    expect(processor.spans).toHaveLength(5);
    const ours = createProtobufSpanSerializer(resource, scope).serializeRequest(processor.spans);
    expect(Buffer.from(ours ?? [])).toEqual(
      Buffer.from(ProtobufTraceSerializer.serializeRequest(processor.spans) ?? []),
    );
  });

  it("writes the SDK serializer's bytes for a client's remote parent", () => {
    const processor = collect();
    recordRequest(processor, '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    const ours = createProtobufSpanSerializer(resource, scope).serializeRequest(processor.spans);
    expect(Buffer.from(ours ?? [])).toEqual(
      Buffer.from(ProtobufTraceSerializer.serializeRequest(processor.spans) ?? []),
    );
  });

  it("writes the SDK serializer's bytes for a batch whose lengths take several bytes", () => {
    const processor = collect();
    for (let i = 0; i < 600; i++) recordRequest(processor, null);
    const ours = createProtobufSpanSerializer(resource, scope).serializeRequest(processor.spans);
    expect(ours?.length).toBeGreaterThan(2 ** 14); // a three-byte length
    expect(Buffer.from(ours ?? [])).toEqual(
      Buffer.from(ProtobufTraceSerializer.serializeRequest(processor.spans) ?? []),
    );
  });

  it('refuses a span it did not record, rather than writing it wrong', () => {
    const processor = collect();
    recordRequest(processor, null);
    const other = defaultResource();
    expect(() => createProtobufSpanSerializer(other, scope).serializeRequest(processor.spans)).toThrow(
      'this serializer exports only the spans the gateway recorded for its resource',
    );
  });
});
