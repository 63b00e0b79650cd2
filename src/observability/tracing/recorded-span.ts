import {
  type Attributes,
  type HrTime,
  type Link,
  type SpanContext,
  SpanKind,
  type SpanStatus,
  SpanStatusCode,
  TraceFlags,
} from '@opentelemetry/api';
import { hrTime, hrTimeDuration, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import {
  RandomIdGenerator,
  type ReadableSpan,
  type SpanProcessor,
  type TimedEvent,
} from '@opentelemetry/sdk-trace-base';
import type { TraceAttributes, TraceSpan, TraceSpanKind } from './trace-span.js';

/** Where every recorded span goes once it ends, and what it says of where it comes from. */
export interface Recorder {
  processor: SpanProcessor;
  resource: Resource;
  scope: InstrumentationScope;
}

const kinds: Record<TraceSpanKind, SpanKind> = { client: SpanKind.CLIENT, internal: SpanKind.INTERNAL };
const ids = new RandomIdGenerator();
const none: never[] = [];
Object.freeze(none);
const unsetStatus: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const errorStatus: SpanStatus = Object.freeze({ code: SpanStatusCode.ERROR });

/**
 * One span of a sampled trace: the gateway's TraceSpan while it runs, and once it ends the
 * ReadableSpan the SDK's batch processor holds until it is exported. It keeps what it records as
 * it came, for a batch can hold it for seconds: the times as `performance.now()` readings, the
 * attributes as the objects it was given (`attributeSets`, later ones winning, as
 * `Object.assign` would), no context, status or empty-list objects of its own. The ReadableSpan
 * fields are built from those when read (the SDK's JSON exporter reads them); the protobuf
 * exporter (protobuf-spans.ts) reads the recorded fields themselves.
 */
export class RecordedSpan implements TraceSpan, ReadableSpan {
  readonly recording = true;
  /** `performance.now()` when the span started, and when it ended (0 until then). */
  readonly startMs = performance.now();
  endMs = 0;
  failed = false;
  /** What the span was started with, then each `setAttributes` (and `fail`'s `error.type`), in order. */
  readonly attributeSets: TraceAttributes[];

  constructor(
    private readonly recorder: Recorder,
    readonly name: string,
    readonly kind: SpanKind,
    attributes: TraceAttributes,
    readonly traceId: string,
    readonly spanId: string,
    /** The parent's span id; none for a new trace's server span. */
    readonly parentSpanId: string | undefined,
    /** The client's span context, when it is the parent. */
    readonly remoteParent: SpanContext | undefined,
  ) {
    this.attributeSets = [attributes];
  }

  get traceparent(): string {
    return `00-${this.traceId}-${this.spanId}-01`;
  }

  /** Starts, now, a span within this one; it owns `attributes` from then on. */
  startChild(name: string, kind: TraceSpanKind, attributes: TraceAttributes): TraceSpan {
    return new RecordedSpan(
      this.recorder,
      name,
      kinds[kind],
      attributes,
      this.traceId,
      ids.generateSpanId(),
      this.spanId,
      undefined,
    );
  }

  /** Adds `attributes` (kept as given, not copied) over those set before. */
  setAttributes(attributes: TraceAttributes): void {
    this.attributeSets.push(attributes);
  }

  fail(errorType?: string): void {
    if (errorType !== undefined) this.attributeSets.push({ 'error.type': errorType });
    this.failed = true;
  }

  end(): void {
    if (this.endMs !== 0) return;
    this.endMs = performance.now();
    this.recorder.processor.onEnd(this);
  }

  // What the SDK reads of a ReadableSpan, built when read.

  spanContext(): SpanContext {
    return { traceId: this.traceId, spanId: this.spanId, traceFlags: TraceFlags.SAMPLED };
  }

  get parentSpanContext(): SpanContext | undefined {
    if (this.remoteParent) return this.remoteParent;
    if (this.parentSpanId === undefined) return undefined;
    return { traceId: this.traceId, spanId: this.parentSpanId, traceFlags: TraceFlags.SAMPLED };
  }

  get attributes(): Attributes {
    return Object.assign({}, ...this.attributeSets);
  }

  get startTime(): HrTime {
    return hrTime(this.startMs);
  }

  get endTime(): HrTime {
    return this.endMs === 0 ? [0, 0] : hrTime(this.endMs);
  }

  get duration(): HrTime {
    return this.endMs === 0 ? [0, 0] : hrTimeDuration(this.startTime, this.endTime);
  }

  get ended(): boolean {
    return this.endMs !== 0;
  }

  get status(): SpanStatus {
    return this.failed ? errorStatus : unsetStatus;
  }

  get resource(): Resource {
    return this.recorder.resource;
  }

  get instrumentationScope(): InstrumentationScope {
    return this.recorder.scope;
  }

  get links(): Link[] {
    return none;
  }

  get events(): TimedEvent[] {
    return none;
  }

  get droppedAttributesCount(): number {
    return 0;
  }

  get droppedEventsCount(): number {
    return 0;
  }

  get droppedLinksCount(): number {
    return 0;
  }
}

/** A new trace's id, or a span's. */
export const newTraceId = (): string => ids.generateTraceId();
export const newSpanId = (): string => ids.generateSpanId();
