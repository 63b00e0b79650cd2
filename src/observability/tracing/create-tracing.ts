import {
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { parseTraceParent } from '@opentelemetry/core';
import type { TraceSpan, TraceSpanKind, Tracing } from './trace-span.js';

/** A tracer provider that can be flushed and stopped, as the SDK's are. */
export interface FlushableTracerProvider extends TracerProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

const kinds: Record<TraceSpanKind, SpanKind> = { client: SpanKind.CLIENT, internal: SpanKind.INTERNAL };

/**
 * {@link Tracing} over an OpenTelemetry tracer provider. Parents are passed explicitly (no context
 * manager is registered, so nothing propagates through AsyncLocalStorage), and an unsampled span
 * is its own child: an unsampled request creates one span and no more.
 */
export function createTracing(provider: FlushableTracerProvider, version: string): Tracing {
  const tracer = provider.getTracer('voice-ai-gateway', version);
  return {
    startRequestSpan(name, attributes, traceparent) {
      const remote = traceparent === null ? null : parseTraceParent(traceparent);
      const parent = remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : ROOT_CONTEXT;
      return toTraceSpan(tracer, tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent));
    },
    async shutdown() {
      await provider.forceFlush();
      await provider.shutdown();
    },
  };
}

function toTraceSpan(tracer: Tracer, span: Span): TraceSpan {
  const { traceId, spanId, traceFlags } = span.spanContext();
  const sampled = (traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
  const recording = span.isRecording();
  const self: TraceSpan = {
    recording,
    traceId,
    spanId,
    traceparent: `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`,
    startChild: recording
      ? (name, kind, attributes) =>
          toTraceSpan(
            tracer,
            tracer.startSpan(name, { kind: kinds[kind], attributes }, trace.setSpan(ROOT_CONTEXT, span)),
          )
      : () => self,
    setAttributes: (attributes) => {
      span.setAttributes(attributes);
    },
    fail: (errorType) => {
      if (errorType !== undefined) span.setAttribute('error.type', errorType);
      span.setStatus({ code: SpanStatusCode.ERROR });
    },
    end: () => {
      span.end();
    },
  };
  return self;
}
