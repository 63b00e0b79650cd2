import type { InstrumentationScope } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import {
  convertLegacyHttpOptions,
  createOtlpHttpExportDelegate,
} from '@opentelemetry/otlp-exporter-base/node-http';
import { TraceExporterMetricsHelper } from '@opentelemetry/otlp-transformer';
import {
  defaultResource,
  detectResources,
  envDetector,
  type Resource,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  type ReadableSpan,
  type Sampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
// The SDK's own builder for OTEL_TRACES_SAMPLER, the one BasicTracerProvider uses; its index does
// not export it (the package has no exports map, and its types ship beside it).
import { buildSamplerFromEnv } from '@opentelemetry/sdk-trace-base/build/src/config.js';
import type { Logger } from '../logger.js';
import { createTracing } from './create-tracing.js';
import { toObservedExporter } from './observed-exporter.js';
import { createProtobufSpanSerializer } from './protobuf-spans.js';
import type { Tracing } from './trace-span.js';

/** Options for {@link startTracing}: what the gateway decided from OTEL_* (config/tracing-settings.ts). */
export interface StartTracingOptions {
  /**
   * OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL.
   * @default none: required
   */
  protocol: 'http/protobuf' | 'http/json';
  /**
   * The default sampler's ratio (OTEL_TRACES_SAMPLER_ARG); null: build OTEL_TRACES_SAMPLER's.
   * @default none: required
   */
  defaultSamplerRatio: number | null;
  /** The gateway's version, as service.version. */
  serviceVersion: string;
  /** Where export failures are told (once per outage). */
  logger: Logger;
}

/** service.name unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES says otherwise. */
const defaultServiceName = 'voice-ai-gateway';

/**
 * Starts the OpenTelemetry SDK's parts the gateway records spans with (createTracing): the
 * sampler, the batch span processor with its OTLP/HTTP exporter, the resource. Loaded only when
 * tracing is on, so that with tracing off no SDK is loaded at all. The SDK reads its own
 * variables from the process environment: the exporter's endpoint, headers and timeout,
 * OTEL_BSP_*, OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (through its environment resource
 * detector), and OTEL_TRACES_SAMPLER when it is set.
 */
export async function startTracing(options: StartTracingOptions): Promise<Tracing> {
  const resource = defaultResource()
    .merge(
      resourceFromAttributes({
        'service.name': defaultServiceName,
        'service.version': options.serviceVersion,
      }),
    )
    .merge(detectResources({ detectors: [envDetector] }));
  const scope: InstrumentationScope = { name: 'voice-ai-gateway', version: options.serviceVersion };
  // Both exporters are imported with this module, which main.ts loads only when tracing is on: a
  // dynamic import of a CommonJS package would lose its named exports in the bundle (dist/).
  const exporter =
    options.protocol === 'http/json' ? new JsonTraceExporter() : toProtobufExporter(resource, scope);
  return createTracing({
    // The SDK builds OTEL_TRACES_SAMPLER's sampler, as it defines it.
    sampler:
      options.defaultSamplerRatio === null
        ? buildSamplerFromEnv()
        : toDefaultSampler(options.defaultSamplerRatio),
    processor: new BatchSpanProcessor(toObservedExporter(exporter, options.logger)),
    resource,
    scope,
  });
}

/**
 * The OTLP/HTTP protobuf exporter: the SDK's OTLPTraceExporter (exporter-trace-otlp-proto) as it
 * builds itself, with the same transport, retries, queue and OTEL_EXPORTER_OTLP_* settings, with
 * the gateway's serializer in place of the SDK's (protobuf-spans.ts: the same bytes, for a little
 * over half the CPU; bench/README.md, "What tracing costs").
 */
function toProtobufExporter(resource: Resource, scope: InstrumentationScope): SpanExporter {
  return new OTLPExporterBase<ReadableSpan[]>(
    createOtlpHttpExportDelegate(
      convertLegacyHttpOptions({}, 'TRACES', 'v1/traces', { 'Content-Type': 'application/x-protobuf' }),
      createProtobufSpanSerializer(resource, scope),
      'otlp_http_span_exporter',
      TraceExporterMetricsHelper,
      undefined,
    ),
  );
}

/**
 * Parent-based, with a new trace and a sampled remote parent both sampled by trace id at `ratio`:
 * a client's sampled flag alone cannot make every request traced. An unsampled remote parent is
 * not sampled; a local parent's decision is kept.
 */
export function toDefaultSampler(ratio: number): Sampler {
  const byTraceId = new TraceIdRatioBasedSampler(ratio);
  return new ParentBasedSampler({ root: byTraceId, remoteParentSampled: byTraceId });
}
