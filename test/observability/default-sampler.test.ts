import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { toDefaultSampler } from '../../src/observability/tracing/start-tracing.js';

/** Trace ids the ratio sampler ranks low (always in) and high (out below ratio 1). */
const lowTraceId = '00000000000000000000000000000001';
const highTraceId = 'ffffffff00000000000000000000ffff';

function decide(ratio: number, traceId: string, parent?: { sampled: boolean; remote: boolean }) {
  const context = parent
    ? trace.setSpanContext(ROOT_CONTEXT, {
        traceId,
        spanId: '00f067aa0ba902b7',
        traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
        isRemote: parent.remote,
      })
    : ROOT_CONTEXT;
  return toDefaultSampler(ratio).shouldSample(context, traceId, 'POST /graphql', SpanKind.SERVER, {}, [])
    .decision;
}

const sampled = SamplingDecision.RECORD_AND_SAMPLED;
const dropped = SamplingDecision.NOT_RECORD;

describe('the default sampler', () => {
  it('samples a new trace by its id at the ratio', () => {
    expect([
      decide(1, highTraceId),
      decide(0.5, highTraceId),
      decide(0.5, lowTraceId),
      decide(0, highTraceId),
    ]).toEqual([sampled, dropped, sampled, dropped]);
  });

  it("puts a client's sampled traceparent through the same ratio: the flag alone forces nothing", () => {
    const remoteSampled = { sampled: true, remote: true };
    expect([
      decide(1, highTraceId, remoteSampled),
      decide(0.5, highTraceId, remoteSampled),
      decide(0, highTraceId, remoteSampled),
    ]).toEqual([sampled, dropped, dropped]);
  });

  it("keeps a client's unsampled decision, and a local parent's decision", () => {
    expect([
      decide(1, lowTraceId, { sampled: false, remote: true }),
      decide(0, highTraceId, { sampled: true, remote: false }),
      decide(1, lowTraceId, { sampled: false, remote: false }),
    ]).toEqual([dropped, sampled, dropped]);
  });
});
