import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { getTimeOrigin, type InstrumentationScope, millisToHrTime } from '@opentelemetry/core';
import {
  type IExportTraceServiceResponse,
  type ISerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ProtobufWriter } from './protobuf-writer.js';
import { RecordedSpan } from './recorded-span.js';

/** Span.flags: the span's own W3C trace flags, and whether its parent's context is known to be remote. */
const flagsHasIsRemote = 0x100;
const flagsIsRemote = 0x200;
const nanosPerSecond = 1_000_000_000;

/**
 * The OTLP/protobuf `ExportTraceServiceRequest` of a batch of the gateway's recorded spans,
 * written straight from what each span recorded (recorded-span.ts): its ids as hex, its
 * `performance.now()` times, its attribute objects. The resource and scope are the same for
 * every span of one Tracing, so they are encoded once. The bytes are those the SDK's own
 * serializer (`ProtobufTraceSerializer`) writes for the same spans, field for field, which the
 * tests compare; it takes a little over half the SDK's CPU, for it reads no ReadableSpan getter,
 * makes no id or time objects and writes in one pass. A span that is not a RecordedSpan of this
 * resource fails the export.
 */
export function createProtobufSpanSerializer(
  resource: Resource,
  scope: InstrumentationScope,
): ISerializer<ReadableSpan[], IExportTraceServiceResponse> {
  const resourceField = encode((writer) => writeResource(writer, resource));
  const scopeField = encode((writer) => writeScope(writer, scope));
  const [originSeconds, originNanos] = millisToHrTime(getTimeOrigin());

  /** `performance.now()` as Unix nanoseconds (fixed64), as the SDK's `hrTime()` then its writer compute them. */
  function writeUnixNanos(writer: ProtobufWriter, ms: number): void {
    let seconds = originSeconds + Math.trunc(ms / 1000);
    let nanos = originNanos + Math.round((ms % 1000) * 1_000_000);
    if (nanos >= nanosPerSecond) {
      nanos -= nanosPerSecond;
      seconds += 1;
    }
    // seconds * 1e9 + nanos exceeds 2^53: split it into 32-bit halves without losing a digit.
    const lowSeconds = seconds & 0xffff;
    const highSeconds = (seconds / 0x10000) >>> 0;
    const fromLow = lowSeconds * nanosPerSecond;
    const fromHigh = highSeconds * nanosPerSecond;
    const sum = (fromLow >>> 0) + (((fromHigh & 0xffff) * 0x10000) >>> 0) + nanos;
    const carry = Math.floor(sum / 0x100000000);
    const high = Math.floor(fromLow / 0x100000000) + ((fromHigh / 0x10000) >>> 0) + carry;
    writer.fixed64(sum >>> 0, high >>> 0);
  }

  function writeSpan(writer: ProtobufWriter, span: RecordedSpan): void {
    writer.tag(2, 2); // ScopeSpans.spans
    const at = writer.startLength();
    writer.tag(1, 2);
    writer.hexBytes(span.traceId);
    writer.tag(2, 2);
    writer.hexBytes(span.spanId);
    if (span.parentSpanId) {
      writer.tag(4, 2);
      writer.hexBytes(span.parentSpanId);
    }
    writer.tag(5, 2);
    writer.string(span.name);
    writer.tag(6, 0);
    writer.varint(span.kind + 1); // the protocol's SpanKind counts UNSPECIFIED as 0
    writer.tag(7, 1);
    writeUnixNanos(writer, span.startMs);
    writer.tag(8, 1);
    writeUnixNanos(writer, span.endMs);
    writeAttributeSets(writer, span.attributeSets, 9);
    writer.tag(10, 0); // dropped attributes, events (11, none), dropped events, links (13, none), dropped links
    writer.varint(0);
    writer.tag(12, 0);
    writer.varint(0);
    writer.tag(14, 0);
    writer.varint(0);
    writer.tag(15, 2); // status: its code, no message
    const status = writer.startLength();
    writer.tag(3, 0);
    writer.varint(span.status.code);
    writer.endLength(status);
    writer.tag(16, 5);
    writer.fixed32(1 | flagsHasIsRemote | (span.remoteParent?.isRemote ? flagsIsRemote : 0));
    writer.endLength(at);
  }

  return {
    serializeRequest(spans) {
      const writer = new ProtobufWriter(resourceField.length + scopeField.length + spans.length * 400);
      writer.tag(1, 2); // ExportTraceServiceRequest.resource_spans
      const resourceSpans = writer.startLength();
      writer.raw(resourceField);
      writer.tag(2, 2); // ResourceSpans.scope_spans
      const scopeSpans = writer.startLength();
      writer.raw(scopeField);
      for (const span of spans) {
        if (!(span instanceof RecordedSpan) || span.resource !== resource) {
          throw new TypeError('this serializer exports only the spans the gateway recorded for its resource');
        }
        writeSpan(writer, span);
      }
      if (scope.schemaUrl) {
        writer.tag(3, 2);
        writer.string(scope.schemaUrl);
      }
      writer.endLength(scopeSpans);
      if (resource.schemaUrl) {
        writer.tag(3, 2);
        writer.string(resource.schemaUrl);
      }
      writer.endLength(resourceSpans);
      return writer.finish();
    },
    deserializeResponse: (data) => ProtobufTraceSerializer.deserializeResponse(data),
  };
}

function encode(write: (writer: ProtobufWriter) => void): Uint8Array {
  const writer = new ProtobufWriter(256);
  write(writer);
  return writer.finish().slice();
}

/** ResourceSpans.resource: its attributes, and no dropped ones. */
function writeResource(writer: ProtobufWriter, resource: Resource): void {
  writer.tag(1, 2);
  const at = writer.startLength();
  writeAttributeSets(writer, [resource.attributes], 1);
  writer.tag(2, 0);
  writer.varint(0);
  writer.endLength(at);
}

/** ScopeSpans.scope: name, and version when there is one. */
function writeScope(writer: ProtobufWriter, scope: InstrumentationScope): void {
  writer.tag(1, 2);
  const at = writer.startLength();
  writer.tag(1, 2);
  writer.string(scope.name);
  if (scope.version) {
    writer.tag(2, 2);
    writer.string(scope.version);
  }
  writer.endLength(at);
}

/**
 * Repeated KeyValue at `fieldNumber`: the attributes `Object.assign({}, ...sets)` would make, in
 * its order (a key where it first appears, with the value of the last set that has it), without
 * making that object.
 */
function writeAttributeSets(writer: ProtobufWriter, sets: readonly Attributes[], fieldNumber: number): void {
  for (let i = 0; i < sets.length; i++) {
    const set = sets[i] as Attributes;
    for (const key in set) {
      if (!Object.hasOwn(set, key) || setBefore(sets, i, key)) continue;
      writer.tag(fieldNumber, 2);
      const at = writer.startLength();
      writer.tag(1, 2);
      writer.string(key);
      writer.tag(2, 2);
      const value = writer.startLength();
      writeAnyValue(writer, lastValue(sets, i, key));
      writer.endLength(value);
      writer.endLength(at);
    }
  }
}

function setBefore(sets: readonly Attributes[], index: number, key: string): boolean {
  for (let i = 0; i < index; i++) if (Object.hasOwn(sets[i] as Attributes, key)) return true;
  return false;
}

function lastValue(sets: readonly Attributes[], from: number, key: string): AttributeValue | undefined {
  for (let i = sets.length - 1; i > from; i--) {
    const set = sets[i] as Attributes;
    if (Object.hasOwn(set, key)) return set[key];
  }
  return (sets[from] as Attributes)[key];
}

/** AnyValue, as the SDK writes an attribute value: a whole number in int64's range as int, others as double. */
function writeAnyValue(writer: ProtobufWriter, value: AttributeValue | null | undefined): void {
  if (typeof value === 'string') {
    writer.tag(1, 2);
    writer.string(value);
  } else if (typeof value === 'boolean') {
    writer.tag(2, 0);
    writer.varint(value ? 1 : 0);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) {
      writer.tag(3, 0);
      writer.varint(value);
    } else {
      writer.tag(4, 1);
      writer.double(value);
    }
  } else if (Array.isArray(value)) {
    writer.tag(5, 2);
    const array = writer.startLength();
    for (const item of value) {
      writer.tag(1, 2);
      const at = writer.startLength();
      writeAnyValue(writer, item);
      writer.endLength(at);
    }
    writer.endLength(array);
  }
}
