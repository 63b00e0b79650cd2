import type { OtlpReceiver, ReceivedSpan } from './otlp-receiver.js';
import { waitUntil } from './wait-until.js';

/** A span as a test expects it: what it says, and the spans within it by start time. */
export interface SpanNode {
  name: string;
  kind: ReceivedSpan['kind'];
  attributes: ReceivedSpan['attributes'];
  status: ReceivedSpan['status'];
  events: ReceivedSpan['events'];
  children: SpanNode[];
}

/** The tree under `root`, children ordered by start time. */
export function toSpanTree(spans: readonly ReceivedSpan[], root: ReceivedSpan): SpanNode {
  const children = spans
    .filter((span) => span.parentSpanId === root.spanId && span.traceId === root.traceId)
    .sort((a, b) => (a.startTime < b.startTime ? -1 : a.startTime > b.startTime ? 1 : 0));
  return {
    name: root.name,
    kind: root.kind,
    attributes: root.attributes,
    status: root.status,
    events: root.events,
    children: children.map((child) => toSpanTree(spans, child)),
  };
}

/**
 * Waits until the receiver has `count` spans of trace `traceId` (bounded), and gives them with
 * the server span, the one whose parent is not in the trace.
 */
export async function receiveTrace(
  receiver: OtlpReceiver,
  traceId: string,
  count: number,
): Promise<{ spans: ReceivedSpan[]; root: ReceivedSpan }> {
  const ofTrace = () => receiver.spans().filter((span) => span.traceId === traceId);
  await waitUntil(() => ofTrace().length >= count, `${count} spans of trace ${traceId}`);
  const spans = ofTrace();
  const ids = new Set(spans.map((span) => span.spanId));
  const roots = spans.filter((span) => !ids.has(span.parentSpanId));
  if (roots.length !== 1) throw new Error(`trace ${traceId} has ${roots.length} roots`);
  return { spans, root: roots[0] as ReceivedSpan };
}

/** A span's status when nothing marked it. */
export const unset = { code: 'UNSET', message: '' } as const;
/** A failed span's status: never a message, which could quote a vendor. */
export const failed = { code: 'ERROR', message: '' } as const;
