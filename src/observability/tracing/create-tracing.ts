import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { type InstrumentationScope, parseTraceParent } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import { type Sampler, SamplingDecision, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { newSpanId, newTraceId, RecordedSpan, type Recorder } from './recorded-span.js';
import type { TraceSpan, Tracing } from './trace-span.js';

/** What {@link createTracing} records spans with: the SDK's sampler and batch processor, the resource and scope. */
export interface TracingParts {
  sampler: Sampler;
  /** Gets every ended span (the SDK's BatchSpanProcessor, which exports the sampled ones). */
  processor: SpanProcessor;
  resource: Resource;
  scope: InstrumentationScope;
}

/**
 * {@link Tracing} that records the gateway's spans itself and hands each ended one to the SDK's
 * span processor as a ReadableSpan: the SDK decides sampling (its sampler, called once per
 * request, as its tracer would), batches and exports (its processor and OTLP exporter, with every
 * OTEL_* setting they read); the gateway's spans skip the SDK's general-purpose span (attribute
 * sanitizing and limits, events, its own span metrics). A sampled span's children are sampled:
 * each sampler the SDK builds from OTEL_TRACES_SAMPLER decides a child of a sampled local parent
 * the same way (parent-based ones follow the parent; trace-id ratio gives the same trace id the
 * same answer). An unsampled request records nothing: its one span only carries the ids.
 */
export function createTracing({ sampler, processor, resource, scope }: TracingParts): Tracing {
  const recorder: Recorder = { processor, resource, scope };
  return {
    startRequestSpan(name, attributes, traceparent) {
      const remote = traceparent === null ? null : parseTraceParent(traceparent);
      const parentContext = remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : ROOT_CONTEXT;
      const traceId = remote ? remote.traceId : newTraceId();
      const spanId = newSpanId();
      const { decision } = sampler.shouldSample(
        parentContext,
        traceId,
        name,
        SpanKind.SERVER,
        attributes,
        [],
      );
      if (decision !== SamplingDecision.RECORD_AND_SAMPLED) return unsampled(traceId, spanId);
      return new RecordedSpan(
        recorder,
        name,
        SpanKind.SERVER,
        attributes,
        traceId,
        spanId,
        remote?.spanId,
        remote ?? undefined,
      );
    },
    async shutdown() {
      await processor.forceFlush();
      await processor.shutdown();
    },
  };
}

/** An unsampled request's span: its ids for the logs and the vendors' traceparent, nothing recorded. */
function unsampled(traceId: string, spanId: string): TraceSpan {
  const self: TraceSpan = {
    recording: false,
    traceId,
    spanId,
    traceparent: `00-${traceId}-${spanId}-00`,
    startChild: () => self,
    setAttributes: () => {},
    fail: () => {},
    end: () => {},
  };
  return self;
}
