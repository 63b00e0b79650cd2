import { ConfigError } from './config-error.js';
import { type Environment, type GatewayConfig, readConfig } from './load-config.js';
import { readTracingSettings, type TracingSettings } from './tracing-settings.js';
import { readTrustedDocuments, type TrustedDocuments } from './trusted-documents.js';

/** What the gateway needs before it can start: its configuration and the files it names. */
export interface Startup {
  config: GatewayConfig;
  /** Undefined when TRUSTED_DOCUMENTS_FILE is unset. */
  trustedDocuments: TrustedDocuments | undefined;
  /** Undefined when tracing is off (no OTLP endpoint set). */
  tracing: TracingSettings | undefined;
}

/**
 * Reads the configuration from `env`, then the files it names (the trusted-documents manifests),
 * and tracing's OTEL_* variables, and throws one {@link ConfigError} listing every problem found.
 */
export function loadStartup(env: Environment): Startup {
  const { config, problems } = readConfig(env);
  const trustedDocuments =
    config.trustedDocumentsFiles.length > 0
      ? readTrustedDocuments(config.trustedDocumentsFiles, problems)
      : undefined;
  const tracing = readTracingSettings(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { config, trustedDocuments, tracing };
}
