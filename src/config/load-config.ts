import { ConfigError } from './config-error.js';

export type GatewayMode = 'LIVE' | 'SANDBOX';

/** Where one vendor is and the key the gateway holds for it. */
export interface VendorSettings {
  baseUrl: string;
  /** The server-held key; undefined when requests must bring their own. */
  apiKey: string | undefined;
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Everything the gateway reads from its environment; see the README's configuration table. */
export interface GatewayConfig {
  port: number;
  host: string;
  /** SANDBOX: both vendors are simulated in-process; `bland` and `bolna` are then replaced at start-up. */
  mode: GatewayMode;
  bland: VendorSettings;
  bolna: VendorSettings;
  /** Total deadline of one vendor call: connect, headers and body. */
  upstreamTimeoutMs: number;
  /** Retries of a call that provably did not take effect. */
  upstreamRetries: number;
  /** Longest `Retry-After` the gateway waits out itself; a longer one is the client's to wait. */
  retryAfterCapSeconds: number;
  /** Consecutive failures (timeouts, unreachable, 5xx) that open a vendor's circuit. */
  circuitFailureThreshold: number;
  /** How long an open circuit fails fast before one probe. */
  circuitCooldownMs: number;
  /** Bearer tokens clients must send; empty: no gateway authentication. */
  gatewayTokens: readonly string[];
  /** Delete fields per operation, aliases counted (a bulk field counts as one). */
  maxDeleteFields: number;
  /** Ids of one bulk field in flight at once. */
  bulkConcurrency: number;
  /** Largest request body accepted. */
  bodyLimitBytes: number;
  /** How long in-flight operations may run after SIGTERM. */
  shutdownTimeoutMs: number;
  /** How long `/ready` answers 503 while still serving, before new connections are refused. */
  drainDelayMs: number;
  /** JSON-lines audit trail of every delete attempt; undefined: audit records go to the log. */
  auditLogFile: string | undefined;
  logLevel: LogLevel;
  /** Serve /metrics on its own port; undefined: on PORT, behind GATEWAY_TOKENS when set. */
  metricsPort: number | undefined;
  introspection: boolean;
  graphiql: boolean;
  /** NODE_ENV=production: nothing is assumed (no sandbox, no GraphiQL, no introspection). */
  production: boolean;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const hour = 3_600_000;

/**
 * Reads the gateway's configuration from environment variables. Pure: it reads only `env`, and
 * throws one {@link ConfigError} that lists every problem.
 */
export function loadConfig(env: Environment): GatewayConfig {
  const read = createReader(env);
  const production = read.text('NODE_ENV') === 'production';
  const mode = readMode(env, read, production);
  const host = read.text('HOST') ?? '127.0.0.1';
  const shutdownTimeoutMs = read.integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, hour);

  const config: GatewayConfig = {
    port: read.integer('PORT', 4000, 0, 65_535),
    host,
    mode,
    bland: {
      baseUrl: read.baseUrl('BLAND_BASE_URL', 'https://api.bland.ai'),
      apiKey: read.secret('BLAND_API_KEY'),
    },
    bolna: {
      baseUrl: read.baseUrl('BOLNA_BASE_URL', 'https://api.bolna.ai'),
      apiKey: read.secret('BOLNA_API_KEY'),
    },
    upstreamTimeoutMs: read.integer('UPSTREAM_TIMEOUT_MS', 10_000, 1, hour),
    upstreamRetries: read.integer('UPSTREAM_RETRIES', 2, 0, 10),
    retryAfterCapSeconds: read.integer('RETRY_AFTER_CAP_S', 5, 0, 3600),
    circuitFailureThreshold: read.integer('CIRCUIT_FAILURE_THRESHOLD', 5, 1, 10_000),
    circuitCooldownMs: read.integer('CIRCUIT_COOLDOWN_MS', 30_000, 1, hour),
    gatewayTokens: read.tokens('GATEWAY_TOKENS'),
    maxDeleteFields: read.integer('MAX_DELETE_FIELDS', 10, 1, 1000),
    bulkConcurrency: read.integer('BULK_CONCURRENCY', 8, 1, 100),
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 102_400, 1024, 100 * 1024 * 1024),
    shutdownTimeoutMs,
    // Drain for 5 s by default, but never for as long as the whole shutdown may take.
    drainDelayMs: read.integer(
      'DRAIN_DELAY_MS',
      Math.min(5000, Math.floor(shutdownTimeoutMs / 2)),
      0,
      Math.max(0, shutdownTimeoutMs - 1),
    ),
    auditLogFile: read.text('AUDIT_LOG_FILE'),
    logLevel: read.choice('LOG_LEVEL', logLevels, 'info'),
    metricsPort:
      read.text('METRICS_PORT') === undefined ? undefined : read.integer('METRICS_PORT', 0, 0, 65_535),
    introspection: read.boolean('INTROSPECTION', !production),
    graphiql: read.boolean('GRAPHIQL', !production),
    production,
  };

  const holdsLiveKey =
    mode === 'LIVE' && (config.bland.apiKey !== undefined || config.bolna.apiKey !== undefined);
  if (holdsLiveKey && !isLoopbackHost(host) && config.gatewayTokens.length === 0) {
    read.problems.push(
      `HOST=${host} would let anyone on the network delete with the server-held vendor keys: set GATEWAY_TOKENS, or listen on a loopback address.`,
    );
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

function readMode(env: Environment, read: Reader, production: boolean): GatewayMode {
  const vendorVariables = Object.keys(env)
    .filter((name) => /^(BLAND|BOLNA)_/.test(name) && read.text(name) !== undefined)
    .sort();
  const sandbox = read.text('SANDBOX');
  if (sandbox !== undefined && sandbox !== 'true' && sandbox !== 'false') {
    read.problems.push(`SANDBOX must be "true" or "false" (got ${JSON.stringify(sandbox)}).`);
  }
  if (sandbox === 'true' && vendorVariables.length > 0) {
    read.problems.push(
      `SANDBOX=true simulates both vendors, so ${vendorVariables.join(', ')} would be ignored: unset them.`,
    );
  }
  const assumeSandbox = sandbox === undefined && !production && vendorVariables.length === 0;
  return sandbox === 'true' || assumeSandbox ? 'SANDBOX' : 'LIVE';
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Visible ASCII without spaces: what may travel in an HTTP header. */
const headerSafe = /^[\x21-\x7e]+$/;
const minTokenLength = 16;

type Reader = ReturnType<typeof createReader>;

/** Typed reads of environment variables; each bad value adds a problem and yields the default. */
function createReader(env: Environment) {
  const problems: string[] = [];
  const text = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const invalid = <T>(name: string, expected: string, fallback: T, shown = true): T => {
    const value = text(name);
    problems.push(`${name} must be ${expected}${shown ? ` (got ${JSON.stringify(value)})` : ''}.`);
    return fallback;
  };

  return {
    problems,
    text,
    integer(name: string, fallback: number, min: number, max: number): number {
      const value = text(name);
      if (value === undefined) return fallback;
      const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
      if (Number.isInteger(number) && number >= min && number <= max) return number;
      return invalid(name, `a whole number from ${min} to ${max}`, fallback);
    },
    boolean(name: string, fallback: boolean): boolean {
      const value = text(name);
      if (value === undefined) return fallback;
      if (value === 'true' || value === 'false') return value === 'true';
      return invalid(name, '"true" or "false"', fallback);
    },
    choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
      const value = text(name);
      if (value === undefined) return fallback;
      if ((choices as readonly string[]).includes(value)) return value as T;
      return invalid(name, `one of ${choices.join(', ')}`, fallback);
    },
    baseUrl(name: string, fallback: string): string {
      const value = text(name);
      if (value === undefined) return fallback;
      const url = URL.canParse(value) ? new URL(value) : null;
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        return invalid(name, 'an http or https URL', fallback);
      }
      if (url.username || url.password) {
        return invalid(name, 'a URL without credentials: set the API key variable instead', fallback, false);
      }
      if (url.search || url.hash) return invalid(name, 'a URL without a query or a fragment', fallback);
      return url.href.replace(/\/+$/, '');
    },
    /** A credential: checked, never echoed. */
    secret(name: string): string | undefined {
      const value = text(name);
      if (value === undefined || headerSafe.test(value)) return value;
      return invalid(name, 'printable ASCII without spaces', undefined, false);
    },
    /** Comma-separated bearer tokens: checked, never echoed. */
    tokens(name: string): readonly string[] {
      const tokens = (text(name) ?? '')
        .split(',')
        .map((token) => token.trim())
        .filter((token) => token !== '');
      if (tokens.every((token) => headerSafe.test(token) && token.length >= minTokenLength)) return tokens;
      return invalid(
        name,
        `a comma-separated list of tokens of at least ${minTokenLength} printable ASCII characters without spaces`,
        [],
        false,
      );
    },
  };
}
