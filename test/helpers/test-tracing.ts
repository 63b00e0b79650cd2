import { Writable } from 'node:stream';
import { ConfigError } from '../../src/config/config-error.js';
import { readTracingSettings } from '../../src/config/tracing-settings.js';
import { createLogger } from '../../src/observability/logger.js';
import { startTracing } from '../../src/observability/tracing/start-tracing.js';
import type { Tracing } from '../../src/observability/tracing/trace-span.js';

export interface TestTracing {
  tracing: Tracing;
  /** The lines tracing itself logged (export failures and recoveries). */
  logs: string[];
}

/**
 * Tracing as main.ts starts it, from OTEL_* variables: `env` is read by the gateway's own
 * settings and, for the moment the SDK is built, set in the process environment, where the SDK
 * reads its own. Shut it down in `afterAll`.
 */
export async function startTestTracing(env: Record<string, string>): Promise<TestTracing> {
  const logs: string[] = [];
  const logger = createLogger({
    destination: new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  const problems: string[] = [];
  const settings = readTracingSettings(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  if (!settings) throw new Error('these variables leave tracing off');
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return { tracing: await startTracing({ ...settings, serviceVersion: 'test', logger }), logs };
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
