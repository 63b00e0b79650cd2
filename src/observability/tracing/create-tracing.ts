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
  const recorder: Recorder = { processor, resource, scope: { name: 'voice-ai-gateway', version } };
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
      return new RecordedSpan(recorder, name, SpanKind.SERVER, attributes, context, remote ?? undefined);
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

/** Where every recorded span goes once it ends, and what it says of where it comes from. */
interface Recorder {
  processor: SpanProcessor;
  resource: Resource;
  scope: InstrumentationScope;
}

/** One span of a sampled trace: the gateway's TraceSpan, and the ReadableSpan the SDK exports once it ends. */
class RecordedSpan implements TraceSpan, ReadableSpan {
  readonly recording = true;
  readonly traceId: string;
  readonly spanId: string;
  readonly traceparent: string;
  readonly attributes: Attributes;
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
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;

  constructor(
    private readonly recorder: Recorder,
    readonly name: string,
    readonly kind: SpanKind,
    attributes: TraceAttributes,
    private readonly context: SpanContext,
    readonly parentSpanContext: SpanContext | undefined,
  ) {
    this.traceId = context.traceId;
    this.spanId = context.spanId;
    this.traceparent = `00-${context.traceId}-${context.spanId}-01`;
    this.attributes = { ...attributes };
    this.resource = recorder.resource;
    this.instrumentationScope = recorder.scope;
  }

  spanContext(): SpanContext {
    return this.context;
  }

  startChild(name: string, kind: TraceSpanKind, attributes: TraceAttributes): TraceSpan {
    const context = { traceId: this.traceId, spanId: ids.generateSpanId(), traceFlags: TraceFlags.SAMPLED };
    return new RecordedSpan(this.recorder, name, kinds[kind], attributes, context, this.context);
  }

  setAttributes(attributes: TraceAttributes): void {
    Object.assign(this.attributes, attributes);
  }

  fail(errorType?: string): void {
    if (errorType !== undefined) this.attributes['error.type'] = errorType;
    this.status = { code: SpanStatusCode.ERROR };
  }

  end(): void {
    if (this.ended) return;
    this.endTime = hrTime();
    this.duration = hrTimeDuration(this.startTime, this.endTime);
    this.ended = true;
    this.recorder.processor.onEnd(this);
  }
}
