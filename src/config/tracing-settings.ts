import type { Environment } from './settings.js';

/** One OpenTelemetry variable the gateway honours, for `--help` and the README (a test holds both to this list). */
export interface TracingVariable {
  name: string;
  defaultValue: string;
  meaning: string;
}

/**
 * The standard OTEL_* variables tracing honours. They are the SDK's, not rows of the settings
 * table: `loadConfig` never reads them; {@link readTracingSettings} reads the few the gateway
 * decides on, and the SDK reads the rest itself.
 */
export const tracingVariables: readonly TracingVariable[] = [
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    defaultValue: 'none',
    meaning:
      'OTLP/HTTP collector base URL, traces go to <url>/v1/traces; this or the next one turns tracing on',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    defaultValue: 'none',
    meaning: 'the full URL traces are sent to, used as it is; wins over OTEL_EXPORTER_OTLP_ENDPOINT',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_PROTOCOL',
    defaultValue: 'http/protobuf',
    meaning: 'http/protobuf or http/json (grpc is not supported); OTEL_EXPORTER_OTLP_TRACES_PROTOCOL wins',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_HEADERS',
    defaultValue: 'none',
    meaning: 'key=value pairs, comma-separated, sent with every export (a collector token: never logged)',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_TIMEOUT',
    defaultValue: '10000',
    meaning: 'deadline of one export request, in ms',
  },
  {
    name: 'OTEL_SERVICE_NAME',
    defaultValue: 'voice-ai-gateway',
    meaning: 'service.name of every span',
  },
  {
    name: 'OTEL_RESOURCE_ATTRIBUTES',
    defaultValue: 'none',
    meaning: 'key=value pairs, comma-separated, added to the resource of every span',
  },
  {
    name: 'OTEL_TRACES_SAMPLER',
    defaultValue: 'see meaning',
    meaning:
      'unset: parent-based, a new trace and a sampled client traceparent both sampled at OTEL_TRACES_SAMPLER_ARG by trace id (an unsampled one is not); else one of the SDK samplers always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio',
  },
  {
    name: 'OTEL_TRACES_SAMPLER_ARG',
    defaultValue: '1.0',
    meaning: 'the ratio of traces sampled, 0 to 1, for the default sampler and the *traceidratio ones',
  },
  {
    name: 'OTEL_BSP_SCHEDULE_DELAY',
    defaultValue: '5000',
    meaning: 'ms between two batch exports',
  },
  {
    name: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
    defaultValue: '512',
    meaning: 'most spans in one export; a full batch is sent at once',
  },
  {
    name: 'OTEL_BSP_MAX_QUEUE_SIZE',
    defaultValue: '2048',
    meaning: 'most spans waiting for export; past it new spans are dropped, never waited for',
  },
  {
    name: 'OTEL_BSP_EXPORT_TIMEOUT',
    defaultValue: '30000',
    meaning: 'ms one batch export may take before it is given up',
  },
  {
    name: 'OTEL_SDK_DISABLED',
    defaultValue: 'false',
    meaning: 'true: no tracing even with an endpoint set',
  },
];

/** How traces are sent. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** What the gateway itself decides about tracing; the SDK reads every other OTEL_* variable. */
export interface TracingSettings {
  protocol: OtlpProtocol;
  /**
   * The ratio of the default sampler (no OTEL_TRACES_SAMPLER); null when OTEL_TRACES_SAMPLER
   * names one of the SDK's samplers, which the SDK then builds as it defines it.
   */
  defaultSamplerRatio: number | null;
  /** Where traces go, for the start-up line: scheme, host and port only. */
  destination: string;
}

const protocols: readonly OtlpProtocol[] = ['http/protobuf', 'http/json'];
const sdkSamplers = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

/**
 * Tracing's settings, or undefined when tracing is off: no OTLP endpoint set (or
 * OTEL_SDK_DISABLED=true). Empty values count as unset, as the SDK counts them. A value the SDK
 * would replace by its default with no more than a diagnostic (an unknown sampler, a ratio out of
 * range, an unknown protocol) is a start-up problem here, added to `problems`.
 */
export function readTracingSettings(env: Environment, problems: string[]): TracingSettings | undefined {
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  if (read('OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;
  const tracesEndpoint = read('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const endpoint = tracesEndpoint ?? read('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (endpoint === undefined) return undefined;
  const endpointName = tracesEndpoint ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const found = problems.length;

  const url = URL.canParse(endpoint) ? new URL(endpoint) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    problems.push(`${endpointName} must be an http(s) URL`);
  }
  const protocolName = read('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL')
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = read(protocolName) ?? 'http/protobuf';
  if (!(protocols as readonly string[]).includes(protocol)) {
    problems.push(`${protocolName} must be http/protobuf or http/json, not ${JSON.stringify(protocol)}`);
  }
  const sampler = read('OTEL_TRACES_SAMPLER');
  if (sampler !== undefined && !sdkSamplers.includes(sampler)) {
    problems.push(`OTEL_TRACES_SAMPLER must be one of ${sdkSamplers.join(', ')}`);
  }
  const usesRatio = sampler === undefined || sampler.endsWith('traceidratio');
  const ratioText = read('OTEL_TRACES_SAMPLER_ARG');
  const ratio = ratioText === undefined ? 1 : Number(ratioText);
  if (usesRatio && !(ratio >= 0 && ratio <= 1)) {
    problems.push('OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1');
  }
  if (problems.length > found || !url) return undefined;
  return {
    protocol: protocol as OtlpProtocol,
    defaultSamplerRatio: sampler === undefined ? ratio : null,
    destination: `${url.protocol}//${url.host}`,
  };
}
