import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { loadStartup } from '../../src/config/load-startup.js';
import { readTracingSettings } from '../../src/config/tracing-settings.js';

const endpoint = 'http://collector.internal:4318';

function read(env: Record<string, string>) {
  const problems: string[] = [];
  return { settings: readTracingSettings(env, problems), problems };
}

describe('readTracingSettings', () => {
  it.each([
    ['no endpoint', {}],
    ['empty endpoints', { OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '  ' }],
    ['OTEL_SDK_DISABLED=true', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'TRUE' }],
    ['only other OTEL_* variables', { OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'nonsense' }],
  ])('leaves tracing off with %s, and finds no problem', (_name, env) => {
    expect(read(env)).toEqual({ settings: undefined, problems: [] });
  });

  it('turns tracing on with either endpoint: protobuf, and the default sampler at ratio 1', () => {
    expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: `${endpoint}/` })).toEqual({
      settings: { protocol: 'http/protobuf', defaultSamplerRatio: 1, destination: endpoint },
      problems: [],
    });
    expect(
      read({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://user:secret@traces.example:443/v1/traces?k=v' }),
    ).toEqual({
      settings: { protocol: 'http/protobuf', defaultSamplerRatio: 1, destination: 'https://traces.example' },
      problems: [],
    });
  });

  it('reads the protocol (the traces one wins) and the ratio', () => {
    expect(
      read({
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_TRACES_SAMPLER_ARG: '0.1',
      }).settings,
    ).toEqual({ protocol: 'http/json', defaultSamplerRatio: 0.1, destination: endpoint });
  });

  it('leaves an explicit OTEL_TRACES_SAMPLER to the SDK', () => {
    for (const sampler of ['always_on', 'always_off', 'parentbased_always_on', 'parentbased_always_off']) {
      expect(
        read({
          OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
          OTEL_TRACES_SAMPLER: sampler,
          OTEL_TRACES_SAMPLER_ARG: 'x',
        }),
      ).toEqual({
        settings: { protocol: 'http/protobuf', defaultSamplerRatio: null, destination: endpoint },
        problems: [],
      });
    }
    expect(
      read({
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.5',
      }).settings?.defaultSamplerRatio,
    ).toBe(null);
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL'],
    [
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' },
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http(s) URL',
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' },
      'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must be http/protobuf or http/json, not "grpc"',
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_SAMPLER: 'jaeger_remote' },
      'OTEL_TRACES_SAMPLER must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio',
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_SAMPLER_ARG: '1.5' },
      'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1',
    ],
    [
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: 'half',
      },
      'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1',
    ],
  ])('refuses %j', (env, problem) => {
    expect(read(env)).toEqual({ settings: undefined, problems: [problem] });
  });

  it('is part of loadStartup, whose ConfigError lists its problems with the others', () => {
    expect(loadStartup({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }).tracing).toEqual({
      protocol: 'http/protobuf',
      defaultSamplerRatio: 1,
      destination: endpoint,
    });
    expect(() => loadStartup({ PORT: 'x', OTEL_EXPORTER_OTLP_ENDPOINT: 'x' })).toThrow(
      /PORT[\s\S]*OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/,
    );
  });

  it('is never read by loadConfig', () => {
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_TRACES_SAMPLER: 'nonsense',
        OTEL_SERVICE_NAME: 'x',
      }),
    ).toEqual(loadConfig({}));
  });
});
