import {
  type Attributes,
  type HrTime,
  ROOT_CONTEXT,
  type SpanContext,
  SpanKind,
  type SpanStatus,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { hrTime, hrTimeDuration, type InstrumentationScope, parseTraceParent } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import {
  RandomIdGenerator,
  type ReadableSpan,
  type Sampler,
  SamplingDecision,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { TraceAttributes, TraceSpan, TraceSpanKind, Tracing } from './trace-span.js';

/** What {@link createTracing} records spans with: the SDK's sampler, batch processor and resource. */
export interface TracingParts {
  sampler: Sampler;
  /** Gets every ended span (the SDK's BatchSpanProcessor, which exports the sampled ones). */
  processor: SpanProcessor;
  resource: Resource;
  version: string;
}

const kinds: Record<TraceSpanKind, SpanKind> = { client: SpanKind.CLIENT, internal: SpanKind.INTERNAL };
const ids = new RandomIdGenerator();

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
export function createTracing({ sampler, processor, resource, version }: TracingParts): Tracing {
  const scope: InstrumentationScope = { name: 'voice-ai-gateway', version };
  const start = (
    name: string,
    kind: SpanKind,
    attributes: TraceAttributes,
    context: SpanContext,
    parent: SpanContext | undefined,
  ): TraceSpan => {
    const span = new RecordedSpan(name, kind, { ...attributes }, context, parent, resource, scope);
    const self: TraceSpan = {
      recording: true,
      traceId: context.traceId,
      spanId: context.spanId,
      traceparent: `00-${context.traceId}-${context.spanId}-01`,
      startChild: (childName, childKind, childAttributes) =>
        start(
          childName,
          kinds[childKind],
          childAttributes,
          { traceId: context.traceId, spanId: ids.generateSpanId(), traceFlags: TraceFlags.SAMPLED },
          context,
        ),
      setAttributes: (more) => {
        Object.assign(span.attributes, more);
      },
      fail: (errorType) => {
        if (errorType !== undefined) span.attributes['error.type'] = errorType;
        span.status = { code: SpanStatusCode.ERROR };
      },
      end: () => {
        if (span.ended) return;
        span.finish();
        processor.onEnd(span);
      },
    };
    return self;
  };
  return {
    startRequestSpan(name, attributes, traceparent) {
      const remote = traceparent === null ? null : parseTraceParent(traceparent);
      const parentContext = remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : ROOT_CONTEXT;
      const traceId = remote ? remote.traceId : ids.generateTraceId();
      const spanId = ids.generateSpanId();
      const { decision } = sampler.shouldSample(
        parentContext,
        traceId,
        name,
        SpanKind.SERVER,
        attributes,
        [],
      );
      if (decision !== SamplingDecision.RECORD_AND_SAMPLED) return unsampled(traceId, spanId);
      const context = { traceId, spanId, traceFlags: TraceFlags.SAMPLED };
      return start(name, SpanKind.SERVER, attributes, context, remote ?? undefined);
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

/** One recorded span, as the SDK's processor and OTLP exporter read it. */
class RecordedSpan implements ReadableSpan {
  readonly startTime: HrTime = hrTime();
  endTime: HrTime = [0, 0];
  duration: HrTime = [0, 0];
  ended = false;
  status: SpanStatus = { code: SpanStatusCode.UNSET };
  readonly links = [];
  readonly events = [];
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;

  constructor(
    readonly name: string,
    readonly kind: SpanKind,
    readonly attributes: Attributes,
    private readonly context: SpanContext,
    readonly parentSpanContext: SpanContext | undefined,
    readonly resource: Resource,
    readonly instrumentationScope: InstrumentationScope,
  ) {}

  spanContext = (): SpanContext => this.context;

  finish(): void {
    this.endTime = hrTime();
    this.duration = hrTimeDuration(this.startTime, this.endTime);
    this.ended = true;
  }
}
