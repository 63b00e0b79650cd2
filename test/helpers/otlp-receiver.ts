import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

const require = createRequire(import.meta.url);
/** The protobufjs root generated from the OpenTelemetry proto definitions (see package.json). */
const protoRoot = require('otlp-proto-root/build/src/generated/root.js');
const exportRequestType = protoRoot.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** An attribute value as OTLP carries it, flattened: arrays and maps are not used by the gateway. */
export type AttributeValue = string | number | boolean;

export type SpanKindName = 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
export type StatusCodeName = 'UNSET' | 'OK' | 'ERROR';

/** One span as the receiver decoded it, the same whichever encoding brought it. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  traceState: string;
  name: string;
  kind: SpanKindName;
  attributes: Record<string, AttributeValue>;
  status: { code: StatusCodeName; message: string };
  events: { name: string; attributes: Record<string, AttributeValue> }[];
  /** Nanoseconds since the epoch, as a bigint. */
  startTime: bigint;
  endTime: bigint;
  resource: Record<string, AttributeValue>;
  scope: string;
}

/** One export request as it arrived. */
export interface ReceivedExport {
  path: string;
  contentType: string;
  headers: IncomingMessage['headers'];
  /** The body exactly as received. */
  body: Buffer;
  spans: ReceivedSpan[];
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`: set OTEL_EXPORTER_OTLP_ENDPOINT to it (traces arrive at /v1/traces). */
  url: string;
  /** Every export request decoded so far, in order of arrival. */
  exports: ReceivedExport[];
  /** Every span of every export so far. */
  spans(): ReceivedSpan[];
  /** Export requests that arrived and are held unanswered (only while holding). */
  readonly held: number;
  /** Export requests answered so far. */
  readonly answered: number;
  /**
   * From now on, holds every export request open, unanswered, until {@link release}. It is
   * decoded and recorded on arrival all the same.
   */
  hold(): void;
  /** Answers every held export request, and stops holding. */
  release(): void;
  close(): Promise<void>;
}

const kindNames: SpanKindName[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const statusNames: StatusCodeName[] = ['UNSET', 'OK', 'ERROR'];

/**
 * A real OTLP/HTTP trace receiver on 127.0.0.1: it decodes `application/x-protobuf` through the
 * OpenTelemetry proto definitions and `application/json` as OTLP's JSON encoding, into the same
 * {@link ReceivedSpan}s, and answers 200 with an empty ExportTraceServiceResponse. `port` 0
 * (the default) takes a free one; another brings a receiver back where one was.
 */
export async function startOtlpReceiver({
  port: wantedPort = 0,
}: {
  port?: number;
} = {}): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  let holding = false;
  let answered = 0;
  const heldResponses: ServerResponse[] = [];
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    answered += 1;
    const json = request.headers['content-type'] === 'application/json';
    response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
    response.end(json ? '{}' : Buffer.alloc(0));
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const contentType = request.headers['content-type'] ?? '';
      exports.push({
        path: request.url ?? '',
        contentType,
        headers: request.headers,
        body,
        spans: contentType === 'application/json' ? fromJson(body) : fromProtobuf(body),
      });
      if (holding) {
        heldResponses.push(response);
        response.once('close', () => {
          const index = heldResponses.indexOf(response);
          if (index >= 0) heldResponses.splice(index, 1);
        });
        return;
      }
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(wantedPort, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    spans: () => exports.flatMap((received) => received.spans),
    get held() {
      return heldResponses.length;
    },
    get answered() {
      return answered;
    },
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const response of heldResponses.splice(0)) answer(response.req, response);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface AnyValueWire {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: unknown;
  kvlistValue?: unknown;
  bytesValue?: unknown;
}

interface KeyValueWire {
  key: string;
  value?: AnyValueWire;
}

interface SpanWire {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: KeyValueWire[];
  events?: { name: string; attributes?: KeyValueWire[] }[];
  status?: { code?: number; message?: string };
}

interface ExportRequestWire {
  resourceSpans?: {
    resource?: { attributes?: KeyValueWire[] };
    scopeSpans?: { scope?: { name?: string }; spans?: SpanWire[] }[];
  }[];
}

function fromProtobuf(body: Buffer): ReceivedSpan[] {
  const message = exportRequestType.decode(body);
  // Ids are bytes: hex them, as OTLP's JSON encoding does; 64-bit integers as decimal strings.
  const wire = exportRequestType.toObject(message, { longs: String }) as ExportRequestWire;
  return toReceivedSpans(wire, (bytes) => Buffer.from(bytes as Uint8Array).toString('hex'));
}

function fromJson(body: Buffer): ReceivedSpan[] {
  return toReceivedSpans(JSON.parse(body.toString('utf8')) as ExportRequestWire, (hex) => String(hex));
}

function toReceivedSpans(wire: ExportRequestWire, toHex: (id: unknown) => string): ReceivedSpan[] {
  return (wire.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = toAttributes(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map(
        (span): ReceivedSpan => ({
          traceId: toHex(span.traceId),
          spanId: toHex(span.spanId),
          parentSpanId: span.parentSpanId ? toHex(span.parentSpanId) : '',
          traceState: span.traceState ?? '',
          name: span.name,
          kind: kindNames[span.kind ?? 0] ?? 'UNSPECIFIED',
          attributes: toAttributes(span.attributes),
          status: {
            code: statusNames[span.status?.code ?? 0] ?? 'UNSET',
            message: span.status?.message ?? '',
          },
          events: (span.events ?? []).map((event) => ({
            name: event.name,
            attributes: toAttributes(event.attributes),
          })),
          startTime: BigInt(span.startTimeUnixNano),
          endTime: BigInt(span.endTimeUnixNano),
          resource,
          scope: scopeSpans.scope?.name ?? '',
        }),
      ),
    );
  });
}

function toAttributes(attributes: KeyValueWire[] | undefined): Record<string, AttributeValue> {
  return Object.fromEntries(
    (attributes ?? []).map(({ key, value }) => {
      if (value?.stringValue !== undefined) return [key, value.stringValue];
      if (value?.boolValue !== undefined) return [key, value.boolValue];
      if (value?.intValue !== undefined) return [key, Number(value.intValue)];
      if (value?.doubleValue !== undefined) return [key, value.doubleValue];
      throw new Error(`attribute ${key}: a value the gateway never sends (${JSON.stringify(value)})`);
    }),
  );
}
