import type { Vendor } from '../domain/vendor.js';
import { ConfigError } from './config-error.js';
import { integer } from './parsers.js';
import {
  AUDIT_LOG_FILE,
  BLAND_API_KEY,
  BLAND_BASE_URL,
  BLAND_MAX_REQUESTS_PER_MIN,
  BODY_LIMIT_BYTES,
  BOLNA_API_KEY,
  BOLNA_BASE_URL,
  BOLNA_MAX_REQUESTS_PER_MIN,
  BULK_CONCURRENCY,
  CIRCUIT_COOLDOWN_MS,
  CIRCUIT_FAILURE_THRESHOLD,
  CLIENT_MAX_REQUESTS_PER_MIN,
  CORS_ORIGINS,
  createSettingsReader,
  DRAIN_DELAY_MS,
  type Environment,
  GATEWAY_TOKENS,
  GRAPHIQL,
  HOST,
  IDEMPOTENCY_REQUIRED,
  IDEMPOTENCY_TTL_S,
  INTROSPECTION,
  JWT_AUDIENCE,
  JWT_ISSUER,
  JWT_JWKS_URL,
  LOG_LEVEL,
  type LogLevel,
  MAX_DELETE_FIELDS,
  MAX_QUERY_VENDOR_CALLS,
  METRICS_PORT,
  NODE_ENV,
  PORT,
  REDIS_URL,
  RETRY_AFTER_CAP_S,
  SANDBOX,
  SHUTDOWN_TIMEOUT_MS,
  STORE_SECRET,
  TRUSTED_DOCUMENTS_FILE,
  TRUSTED_DOCUMENTS_ONLY,
  TRUSTED_PROXY_HOPS,
  UPSTREAM_RETRIES,
  UPSTREAM_TIMEOUT_MS,
} from './settings.js';

export { logLevels } from './settings.js';
export type { Environment, LogLevel };

export type GatewayMode = 'LIVE' | 'SANDBOX';

/** Where one vendor is and the key the gateway holds for it. */
export interface VendorSettings {
  baseUrl: string;
  /** The server-held key; undefined when requests must bring their own. */
  apiKey: string | undefined;
}

/** Per-user sign-in: bearer JWTs signed by a key of `jwksUrl`, from `issuer`, for `audience`. */
export interface JwtSignIn {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

/** Everything the gateway reads from its environment; each setting's meaning is in settings.ts. */
export interface GatewayConfig {
  port: number;
  host: string;
  /** SANDBOX: both vendors are simulated in-process; `bland` and `bolna` are then replaced at start-up. */
  mode: GatewayMode;
  bland: VendorSettings;
  bolna: VendorSettings;
  upstreamTimeoutMs: number;
  upstreamRetries: number;
  retryAfterCapSeconds: number;
  circuitFailureThreshold: number;
  circuitCooldownMs: number;
  /** Bearer tokens clients must send; empty: no gateway authentication. */
  gatewayTokens: readonly string[];
  maxDeleteFields: number;
  maxQueryVendorCalls: number;
  bulkConcurrency: number;
  bodyLimitBytes: number;
  shutdownTimeoutMs: number;
  drainDelayMs: number;
  /** Undefined: audit records go to the log. */
  auditLogFile: string | undefined;
  logLevel: LogLevel;
  /** Undefined: /metrics is served on PORT, behind GATEWAY_TOKENS when set. */
  metricsPort: number | undefined;
  /** Undefined: the store is this process's memory. May hold a password: never log it. */
  redisUrl: string | undefined;
  /** The HMAC key of store keys; set whenever `redisUrl` is. Undefined: a random one per process. */
  storeSecret: string | undefined;
  idempotencyTtlSeconds: number;
  idempotencyRequired: boolean;
  /** Fleet-wide requests per minute toward each vendor, per credential; undefined: no budget. */
  vendorRequestsPerMinute: Readonly<Record<Vendor, number | undefined>>;
  /** Fleet-wide GraphQL requests per minute per caller; undefined: no limit. */
  clientRequestsPerMinute: number | undefined;
  trustedProxyHops: number;
  introspection: boolean;
  graphiql: boolean;
  /** Origins browsers may call the gateway from; empty: no CORS grant at all. */
  corsOrigins: readonly string[];
  /** Undefined: no per-user sign-in. */
  jwt: JwtSignIn | undefined;
  /** Persisted-documents manifests, read and checked at start-up by `loadStartup`; empty: none. */
  trustedDocumentsFiles: readonly string[];
  /** True: only documents sent by id run; document text is refused. */
  trustedDocumentsOnly: boolean;
  /** NODE_ENV=production: nothing is assumed (no sandbox, no GraphiQL, no introspection). */
  production: boolean;
}

/**
 * Reads the gateway's configuration from environment variables, through the settings table.
 * Pure: it reads only `env`, and throws one {@link ConfigError} that lists every problem.
 */
export function loadConfig(env: Environment): GatewayConfig {
  const { config, problems } = readConfig(env);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * What {@link loadConfig} does, returning its problems instead of throwing them, so that start-up
 * steps after it can add theirs to the same message. Where a value has a problem, `config` holds
 * its default.
 */
export function readConfig(env: Environment): { config: GatewayConfig; problems: string[] } {
  const reader = createSettingsReader(env);
  const { read, textOf, problems } = reader;
  const production = read(NODE_ENV) === 'production';
  const host = read(HOST);
  const shutdownTimeoutMs = read(SHUTDOWN_TIMEOUT_MS);
  const trustedDocumentsFiles = read(TRUSTED_DOCUMENTS_FILE) ?? [];
  const mode = readMode(env, read(SANDBOX), textOf, production, problems);

  const config: GatewayConfig = {
    port: read(PORT),
    host,
    mode,
    bland: { baseUrl: read(BLAND_BASE_URL), apiKey: read(BLAND_API_KEY) },
    bolna: { baseUrl: read(BOLNA_BASE_URL), apiKey: read(BOLNA_API_KEY) },
    upstreamTimeoutMs: read(UPSTREAM_TIMEOUT_MS),
    upstreamRetries: read(UPSTREAM_RETRIES),
    retryAfterCapSeconds: read(RETRY_AFTER_CAP_S),
    circuitFailureThreshold: read(CIRCUIT_FAILURE_THRESHOLD),
    circuitCooldownMs: read(CIRCUIT_COOLDOWN_MS),
    gatewayTokens: read(GATEWAY_TOKENS) ?? [],
    maxDeleteFields: read(MAX_DELETE_FIELDS),
    maxQueryVendorCalls: read(MAX_QUERY_VENDOR_CALLS),
    bulkConcurrency: read(BULK_CONCURRENCY),
    bodyLimitBytes: read(BODY_LIMIT_BYTES),
    shutdownTimeoutMs,
    // Drain for 5 s by default, but never for as long as the whole shutdown may take.
    drainDelayMs:
      textOf(DRAIN_DELAY_MS.name) === undefined
        ? Math.min(DRAIN_DELAY_MS.fallback, Math.floor(shutdownTimeoutMs / 2))
        : read(DRAIN_DELAY_MS, integer(0, Math.max(0, shutdownTimeoutMs - 1))),
    auditLogFile: read(AUDIT_LOG_FILE),
    logLevel: read(LOG_LEVEL),
    metricsPort: read(METRICS_PORT),
    redisUrl: read(REDIS_URL),
    storeSecret: read(STORE_SECRET),
    idempotencyTtlSeconds: read(IDEMPOTENCY_TTL_S),
    idempotencyRequired: read(IDEMPOTENCY_REQUIRED),
    vendorRequestsPerMinute: {
      BLAND: read(BLAND_MAX_REQUESTS_PER_MIN),
      BOLNA: read(BOLNA_MAX_REQUESTS_PER_MIN),
    },
    clientRequestsPerMinute: read(CLIENT_MAX_REQUESTS_PER_MIN),
    trustedProxyHops: read(TRUSTED_PROXY_HOPS),
    introspection: read(INTROSPECTION) ?? !production,
    graphiql: read(GRAPHIQL) ?? !production,
    corsOrigins: read(CORS_ORIGINS) ?? [],
    jwt: readJwtSignIn(reader),
    trustedDocumentsFiles,
    trustedDocumentsOnly: read(TRUSTED_DOCUMENTS_ONLY) ?? (production && trustedDocumentsFiles.length > 0),
    production,
  };

  if (config.trustedDocumentsOnly && trustedDocumentsFiles.length === 0) {
    problems.push(
      'TRUSTED_DOCUMENTS_ONLY=true needs TRUSTED_DOCUMENTS_FILE: without a manifest nothing could run.',
    );
  }
  if (config.redisUrl !== undefined && textOf(STORE_SECRET.name) === undefined) {
    problems.push(
      'STORE_SECRET must be set with REDIS_URL: every replica keys the shared store with the same secret.',
    );
  }
  const liveKeyVariables = mode === 'LIVE' ? heldKeyVariables(config) : [];
  if (
    liveKeyVariables.length > 0 &&
    !isLoopbackHost(host) &&
    config.gatewayTokens.length === 0 &&
    !config.jwt
  ) {
    problems.push(
      `HOST=${host} would let anyone on the network delete with the server-held vendor keys: set GATEWAY_TOKENS or JWT sign-in, or listen on a loopback address.`,
    );
  }
  // A static token in a browser bundle is public, so only per-user sign-in keeps a server key from
  // whoever reads the bundle.
  if (liveKeyVariables.length > 0 && config.corsOrigins.length > 0 && !config.jwt) {
    problems.push(
      `CORS_ORIGINS would let every visitor of those origins use the server-held ${liveKeyVariables.join(' and ')}: configure JWT sign-in (JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE), or hold no vendor key.`,
    );
  }
  return { config, problems };
}

function heldKeyVariables({ bland, bolna }: GatewayConfig): string[] {
  return [
    ...(bland.apiKey === undefined ? [] : [BLAND_API_KEY.name]),
    ...(bolna.apiKey === undefined ? [] : [BOLNA_API_KEY.name]),
  ];
}

/** The three JWT settings, which only work together. */
function readJwtSignIn({
  read,
  textOf,
  problems,
}: ReturnType<typeof createSettingsReader>): JwtSignIn | undefined {
  const names = [JWT_JWKS_URL.name, JWT_ISSUER.name, JWT_AUDIENCE.name];
  const missing = names.filter((name) => textOf(name) === undefined);
  if (missing.length === names.length) return undefined;
  if (missing.length > 0) {
    problems.push(`JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE go together: set ${missing.join(' and ')} too.`);
  }
  const jwksUrl = read(JWT_JWKS_URL);
  const issuer = read(JWT_ISSUER);
  const audience = read(JWT_AUDIENCE);
  return jwksUrl && issuer && audience ? { jwksUrl, issuer, audience } : undefined;
}

/** A budget applies to whichever vendor is served, simulated or live: it says nothing about the mode. */
const budgetVariables = new Set([BLAND_MAX_REQUESTS_PER_MIN.name, BOLNA_MAX_REQUESTS_PER_MIN.name]);

function readMode(
  env: Environment,
  sandbox: boolean | undefined,
  textOf: (name: string) => string | undefined,
  production: boolean,
  problems: string[],
): GatewayMode {
  const vendorVariables = Object.keys(env)
    .filter(
      (name) => /^(BLAND|BOLNA)_/.test(name) && !budgetVariables.has(name) && textOf(name) !== undefined,
    )
    .sort();
  if (sandbox === true && vendorVariables.length > 0) {
    problems.push(
      `SANDBOX=true simulates both vendors, so ${vendorVariables.join(', ')} would be ignored: unset them.`,
    );
  }
  const assumeSandbox = textOf(SANDBOX.name) === undefined && !production && vendorVariables.length === 0;
  return sandbox === true || assumeSandbox ? 'SANDBOX' : 'LIVE';
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
