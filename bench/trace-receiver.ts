/**
 * The bench's OTLP collector (a child process, pinned beside the load generator): accepts
 * `POST /v1/traces`, answers 200 with an empty body (an empty ExportTraceServiceResponse, in
 * protobuf and in JSON alike) as soon as the body is in, and counts the exports, their bytes and
 * the spans in them, which `GET /__bench/stats` reports. Spans are counted by walking the
 * protobuf's length-delimited fields (resource_spans → scope_spans → spans), nothing decoded.
 *
 * Environment: PORT (0), HOST (127.0.0.1).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listeningPrefix, receiverStatsPath, type TraceReceiverStats } from './shared.js';

const stats: TraceReceiverStats = { exports: 0, bytes: 0, spans: 0 };

/** The fields of one protobuf message: [field number, wire type, start, end) of each LEN field's bytes. */
function* lengthDelimited(buffer: Buffer, start: number, end: number): Generator<[number, number, number]> {
  let at = start;
  const varint = () => {
    let value = 0;
    let shift = 0;
    for (let byte = 0x80; byte & 0x80; shift += 7) {
      byte = buffer[at++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
    }
    return value;
  };
  while (at < end) {
    const key = varint();
    const wireType = key & 7;
    if (wireType === 0) varint();
    else if (wireType === 1) at += 8;
    else if (wireType === 5) at += 4;
    else if (wireType === 2) {
      const length = varint();
      yield [Math.floor(key / 8), at, at + length];
      at += length;
    } else return; // groups: not in OTLP
  }
}

/** ExportTraceServiceRequest: 1 resource_spans { 2 scope_spans { 2 spans } }. */
function countProtobufSpans(body: Buffer): number {
  let spans = 0;
  for (const [field, start, end] of lengthDelimited(body, 0, body.length)) {
    if (field !== 1) continue;
    for (const [scopeField, scopeStart, scopeEnd] of lengthDelimited(body, start, end)) {
      if (scopeField !== 2) continue;
      for (const [spanField] of lengthDelimited(body, scopeStart, scopeEnd)) if (spanField === 2) spans += 1;
    }
  }
  return spans;
}

function countJsonSpans(body: Buffer): number {
  const request = JSON.parse(body.toString('utf8')) as {
    resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[];
  };
  let spans = 0;
  for (const resource of request.resourceSpans ?? []) {
    for (const scope of resource.scopeSpans ?? []) spans += scope.spans?.length ?? 0;
  }
  return spans;
}

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === receiverStatsPath) {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
    return;
  }
  if (request.method !== 'POST' || request.url !== '/v1/traces') {
    request.resume();
    response.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    const json = request.headers['content-type']?.startsWith('application/json') === true;
    stats.exports += 1;
    stats.bytes += body.length;
    try {
      stats.spans += json ? countJsonSpans(body) : countProtobufSpans(body);
    } catch {
      // A body that does not read still counts as an export; its spans stay uncounted.
    }
    response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
    response.end(json ? '{}' : undefined);
  });
});

server.listen(Number(process.env.PORT ?? '0'), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  process.stdout.write(`${listeningPrefix}http://${address}:${port}\n`);
});
