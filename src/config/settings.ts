import {
  baseUrl,
  boolean,
  choice,
  httpUrl,
  integer,
  list,
  type Parser,
  redisUrl,
  secret,
  text,
  token,
  type Wanted,
  webOrigin,
} from './parsers.js';

/**
 * One environment variable: its name, its default as people write it, what it means (for
 * `--help` and the README, which a test holds to this table) and how its text is read.
 * `Value` is what `loadConfig` gets when it is unset: the default, parsed, or undefined when the
 * default is described rather than a value (`none`, `off in production`).
 */
export interface Setting<T = unknown, Value = T | undefined> {
  name: string;
  defaultValue: string;
  meaning: string;
  parser: Parser<T>;
  /** The default as a value; undefined when it is described. */
  fallback: Value;
}

/** A setting whose default is a value one could set: setting it changes nothing. */
function valued<T>(name: string, defaultValue: string, parser: Parser<T>, meaning: string): Setting<T, T> {
  const parsed = parser.parse(defaultValue);
  if ('problem' in parsed) throw new TypeError(`${name}: its default does not parse`);
  return { name, defaultValue, meaning, parser, fallback: parsed.value };
}

/** A setting whose default is described, not a value (`none`): unset reads as undefined. */
function described<T>(
  name: string,
  defaultValue: 'none' | 'see meaning' | 'off in production',
  parser: Parser<T>,
  meaning: string,
): Setting<T, T | undefined> {
  return { name, defaultValue, meaning, parser, fallback: undefined };
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

const hour = 3_600_000;
const minTokenLength = 16;
const minStoreSecretLength = 32;
const maxRequestsPerMinute = 100_000;

export const PORT = valued('PORT', '4000', integer(0, 65_535), 'listening port');
export const HOST = valued('HOST', '127.0.0.1', text(), 'listening address (0.0.0.0 in containers)');
export const BLAND_BASE_URL = valued('BLAND_BASE_URL', 'https://api.bland.ai', baseUrl(), 'Bland API origin');
export const BOLNA_BASE_URL = valued('BOLNA_BASE_URL', 'https://api.bolna.ai', baseUrl(), 'Bolna API origin');
export const BLAND_API_KEY = described('BLAND_API_KEY', 'none', secret(), 'server-held Bland key');
export const BOLNA_API_KEY = described('BOLNA_API_KEY', 'none', secret(), 'server-held Bolna key');
export const SANDBOX = described(
  'SANDBOX',
  'see meaning',
  boolean(),
  'true: simulate both vendors in-process; the default when no BLAND_*/BOLNA_* is set outside production (the *_MAX_REQUESTS_PER_MIN budgets aside)',
);
export const UPSTREAM_TIMEOUT_MS = valued(
  'UPSTREAM_TIMEOUT_MS',
  '10000',
  integer(1, hour),
  'total deadline of one vendor call: connect, headers and body',
);
export const GATEWAY_TOKENS = described(
  'GATEWAY_TOKENS',
  'none',
  list(
    token(minTokenLength),
    `a comma-separated list of tokens of at least ${minTokenLength} printable ASCII characters without spaces`,
  ),
  'comma-separated bearer tokens clients must send',
);
export const UPSTREAM_RETRIES = valued(
  'UPSTREAM_RETRIES',
  '2',
  integer(0, 10),
  'retries of a call that provably did not take effect (and of a read whose answer was lost)',
);
export const RETRY_AFTER_CAP_S = valued(
  'RETRY_AFTER_CAP_S',
  '5',
  integer(0, 3600),
  'longest Retry-After the gateway waits out itself',
);
export const CIRCUIT_FAILURE_THRESHOLD = valued(
  'CIRCUIT_FAILURE_THRESHOLD',
  '5',
  integer(1, 10_000),
  "consecutive failures that open a vendor's circuit",
);
export const CIRCUIT_COOLDOWN_MS = valued(
  'CIRCUIT_COOLDOWN_MS',
  '30000',
  integer(1, hour),
  'how long an open circuit fails fast before one probe',
);
export const MAX_DELETE_FIELDS = valued(
  'MAX_DELETE_FIELDS',
  '10',
  integer(1, 1000),
  'mutation fields per operation, aliases counted (a bulk field counts as one)',
);
export const MAX_QUERY_VENDOR_CALLS = valued(
  'MAX_QUERY_VENDOR_CALLS',
  '10',
  integer(1, 1000),
  'vendor calls one query may make (persona 1, personas 2, disposition 1, dispositions 1), aliases counted',
);
export const BULK_CONCURRENCY = valued(
  'BULK_CONCURRENCY',
  '8',
  integer(1, 100),
  'ids of one bulk field in flight at once',
);
export const BODY_LIMIT_BYTES = valued(
  'BODY_LIMIT_BYTES',
  '102400',
  integer(1024, 100 * 1024 * 1024),
  'largest request body accepted',
);
export const SHUTDOWN_TIMEOUT_MS = valued(
  'SHUTDOWN_TIMEOUT_MS',
  '10000',
  integer(0, hour),
  'how long in-flight operations may run after SIGTERM',
);
export const DRAIN_DELAY_MS = valued(
  'DRAIN_DELAY_MS',
  '5000',
  integer(0, hour),
  '/ready answers 503 this long, still serving, before new connections are refused',
);
export const AUDIT_LOG_FILE = described(
  'AUDIT_LOG_FILE',
  'none',
  text(),
  'JSON-lines audit trail of every call that changes something (else: the log)',
);
export const LOG_LEVEL = valued(
  'LOG_LEVEL',
  'info',
  choice(logLevels),
  'fatal, error, warn, info, debug, trace or silent',
);
export const METRICS_PORT = described(
  'METRICS_PORT',
  'none',
  integer(0, 65_535),
  'serve /metrics on its own port (else on PORT, behind GATEWAY_TOKENS or JWT sign-in)',
);
export const REDIS_URL = described(
  'REDIS_URL',
  'none',
  redisUrl(),
  'shared store of every replica, for idempotency records, created ids, vendor budgets and client limits (redis:// or rediss://, user and password allowed); unset: in memory, per process',
);
export const STORE_SECRET = described(
  'STORE_SECRET',
  'none',
  token(minStoreSecretLength),
  `required with REDIS_URL, the same on every replica: the HMAC key that turns callers, credentials and idempotency keys into store keys (at least ${minStoreSecretLength} characters)`,
);
export const IDEMPOTENCY_TTL_S = valued(
  'IDEMPOTENCY_TTL_S',
  '86400',
  integer(1, 30 * 86_400),
  'how long an idempotency record is kept, in seconds',
);
export const IDEMPOTENCY_REQUIRED = valued(
  'IDEMPOTENCY_REQUIRED',
  'false',
  boolean(),
  'true: a mutation without Idempotency-Key is refused (400)',
);
export const BLAND_MAX_REQUESTS_PER_MIN = described(
  'BLAND_MAX_REQUESTS_PER_MIN',
  'none',
  integer(1, maxRequestsPerMinute),
  'requests to Bland in any 60 s, per Bland key, by every replica together (retries included)',
);
export const BOLNA_MAX_REQUESTS_PER_MIN = described(
  'BOLNA_MAX_REQUESTS_PER_MIN',
  'none',
  integer(1, maxRequestsPerMinute),
  'requests to Bolna in any 60 s, per Bolna key, by every replica together (Bolna documents 1000 per organization)',
);
export const CLIENT_MAX_REQUESTS_PER_MIN = described(
  'CLIENT_MAX_REQUESTS_PER_MIN',
  'none',
  integer(1, maxRequestsPerMinute),
  'GraphQL requests in any 60 s per caller (its gateway token; the client address without tokens), fleet-wide',
);
export const TRUSTED_PROXY_HOPS = valued(
  'TRUSTED_PROXY_HOPS',
  '0',
  integer(0, 10),
  'X-Forwarded-For hops to trust when finding the client address: set it behind a proxy',
);
export const INTROSPECTION = described(
  'INTROSPECTION',
  'off in production',
  boolean(),
  'true: allow schema introspection in production',
);
export const GRAPHIQL = described(
  'GRAPHIQL',
  'off in production',
  boolean(),
  'true: serve GraphiQL in production',
);
export const CORS_ORIGINS = described(
  'CORS_ORIGINS',
  'none',
  list(
    webOrigin(),
    'comma-separated origins such as https://app.example.com or http://localhost:5173 (not * or null)',
  ),
  'comma-separated exact origins browsers may call the gateway from (CORS)',
);
export const JWT_JWKS_URL = described(
  'JWT_JWKS_URL',
  'none',
  httpUrl(),
  "the identity provider's JWKS: bearer JWTs signed by its keys sign users in (with JWT_ISSUER, JWT_AUDIENCE)",
);
export const JWT_ISSUER = described('JWT_ISSUER', 'none', text(), 'the iss every sign-in JWT must carry');
export const JWT_AUDIENCE = described('JWT_AUDIENCE', 'none', text(), 'the aud every sign-in JWT must carry');
export const TRUSTED_DOCUMENTS_FILE = described(
  'TRUSTED_DOCUMENTS_FILE',
  'none',
  list(text(), 'comma-separated file paths'),
  'comma-separated persisted-documents manifests (GraphQL Code Generator client preset), merged',
);
export const TRUSTED_DOCUMENTS_ONLY = described(
  'TRUSTED_DOCUMENTS_ONLY',
  'see meaning',
  boolean(),
  'true: run only documents sent by id from the manifests; the default is true with TRUSTED_DOCUMENTS_FILE in production, else false',
);
export const NODE_ENV = described(
  'NODE_ENV',
  'none',
  text(),
  'production: no assumed sandbox, no GraphiQL, no introspection',
);

/** Every variable `loadConfig` reads, in the order `--help` lists them (a test holds the two together). */
export const settings: readonly Setting[] = [
  PORT,
  HOST,
  BLAND_BASE_URL,
  BOLNA_BASE_URL,
  BLAND_API_KEY,
  BOLNA_API_KEY,
  SANDBOX,
  UPSTREAM_TIMEOUT_MS,
  GATEWAY_TOKENS,
  UPSTREAM_RETRIES,
  RETRY_AFTER_CAP_S,
  CIRCUIT_FAILURE_THRESHOLD,
  CIRCUIT_COOLDOWN_MS,
  MAX_DELETE_FIELDS,
  MAX_QUERY_VENDOR_CALLS,
  BULK_CONCURRENCY,
  BODY_LIMIT_BYTES,
  SHUTDOWN_TIMEOUT_MS,
  DRAIN_DELAY_MS,
  AUDIT_LOG_FILE,
  LOG_LEVEL,
  METRICS_PORT,
  REDIS_URL,
  STORE_SECRET,
  IDEMPOTENCY_TTL_S,
  IDEMPOTENCY_REQUIRED,
  BLAND_MAX_REQUESTS_PER_MIN,
  BOLNA_MAX_REQUESTS_PER_MIN,
  CLIENT_MAX_REQUESTS_PER_MIN,
  TRUSTED_PROXY_HOPS,
  INTROSPECTION,
  GRAPHIQL,
  CORS_ORIGINS,
  JWT_JWKS_URL,
  JWT_ISSUER,
  JWT_AUDIENCE,
  TRUSTED_DOCUMENTS_FILE,
  TRUSTED_DOCUMENTS_ONLY,
  NODE_ENV,
];

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads settings from one environment, collecting every problem. An empty variable counts as
 * unset; a bad value adds a problem (quoting it unless it may hold a secret) and reads as the
 * default.
 */
export function createSettingsReader(env: Environment) {
  const problems: string[] = [];
  const textOf = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  return {
    problems,
    /** The variable's text as set, or undefined when unset or empty. */
    textOf,
    /** The setting's value; `parser` replaces the setting's own where its bounds depend on another. */
    read<T, Value>(setting: Setting<T, Value>, parser: Parser<T> = setting.parser): T | Value {
      const value = textOf(setting.name);
      if (value === undefined) return setting.fallback;
      const parsed = parser.parse(value);
      if (!('problem' in parsed)) return parsed.value;
      problems.push(describeProblem(setting.name, parsed, value));
      return setting.fallback;
    },
  };
}

function describeProblem(name: string, { problem, quote }: Wanted, value: string): string {
  return `${name} must be ${problem}${quote ? ` (got ${JSON.stringify(value)})` : ''}.`;
}
