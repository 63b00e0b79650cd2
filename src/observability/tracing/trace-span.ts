/**
 * What a span may carry: names and numbers that describe a call, never a key, a token, a JWT, a
 * prompt, a phone number, a query string or a document's text.
 */
export type TraceAttributes = Record<string, string | number | boolean>;

/** `client`: a request the gateway sends (a vendor attempt, a Redis command); `internal`: work inside it. */
export type TraceSpanKind = 'client' | 'internal';

/**
 * One span of a request's trace. It is passed explicitly down to the work it covers (the request
 * observer, the per-request call context, a store call), never through AsyncLocalStorage. The
 * spans of an unsampled trace record nothing: their children are themselves, and every method
 * but the ids does nothing, so an unsampled request costs a sampler decision and two ids. Callers
 * look at `recording` before they build a child's name and attributes, or attributes to set.
 */
export interface TraceSpan {
  /** False for a span of an unsampled trace. */
  readonly recording: boolean;
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits. */
  readonly spanId: string;
  /** The W3C `traceparent` of a request sent within this span: `00-<trace id>-<span id>-<flags>`. */
  readonly traceparent: string;
  /**
   * Starts, now, a span within this one. A recording span keeps `attributes` as given, as it
   * keeps those of `setAttributes`: pass an object made for the call, and do not change it after.
   */
  startChild(name: string, kind: TraceSpanKind, attributes: TraceAttributes): TraceSpan;
  setAttributes(attributes: TraceAttributes): void;
  /** Marks the span failed, with `errorType` (a low-cardinality name, no message) as `error.type`. */
  fail(errorType?: string): void;
  end(): void;
}

/** Tracing while it is on (OTLP endpoint set); with tracing off there is none, and nothing is traced. */
export interface Tracing {
  /**
   * Starts the server span of one HTTP request, a child of the client's `traceparent` when it
   * sent a valid one (its `tracestate` is never read). A sampled span keeps `attributes` as given.
   */
  startRequestSpan(name: string, attributes: TraceAttributes, traceparent: string | null): TraceSpan;
  /** Exports every span ended so far, then stops exporting. The caller bounds the wait. */
  shutdown(): Promise<void>;
}
