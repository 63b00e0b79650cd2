/** One environment variable, as `--help` and the README describe it. */
export interface Setting {
  name: string;
  /** The default as people write it; setting this value changes nothing. */
  defaultValue: string;
  meaning: string;
}

/** Every variable `loadConfig` reads (a test holds the two together). */
export const settings: readonly Setting[] = [
  { name: 'PORT', defaultValue: '4000', meaning: 'listening port' },
  { name: 'HOST', defaultValue: '127.0.0.1', meaning: 'listening address (0.0.0.0 in containers)' },
  { name: 'BLAND_BASE_URL', defaultValue: 'https://api.bland.ai', meaning: 'Bland API origin' },
  { name: 'BOLNA_BASE_URL', defaultValue: 'https://api.bolna.ai', meaning: 'Bolna API origin' },
  { name: 'BLAND_API_KEY', defaultValue: 'none', meaning: 'server-held Bland key' },
  { name: 'BOLNA_API_KEY', defaultValue: 'none', meaning: 'server-held Bolna key' },
  {
    name: 'SANDBOX',
    defaultValue: 'see meaning',
    meaning:
      'true: simulate both vendors in-process; the default when no BLAND_*/BOLNA_* is set outside production',
  },
  {
    name: 'UPSTREAM_TIMEOUT_MS',
    defaultValue: '10000',
    meaning: 'total deadline of one vendor call: connect, headers and body',
  },
  {
    name: 'GATEWAY_TOKENS',
    defaultValue: 'none',
    meaning: 'comma-separated bearer tokens clients must send',
  },
  {
    name: 'UPSTREAM_RETRIES',
    defaultValue: '2',
    meaning: 'retries of a call that provably did not take effect',
  },
  {
    name: 'RETRY_AFTER_CAP_S',
    defaultValue: '5',
    meaning: 'longest Retry-After the gateway waits out itself',
  },
  {
    name: 'CIRCUIT_FAILURE_THRESHOLD',
    defaultValue: '5',
    meaning: "consecutive failures that open a vendor's circuit",
  },
  {
    name: 'CIRCUIT_COOLDOWN_MS',
    defaultValue: '30000',
    meaning: 'how long an open circuit fails fast before one probe',
  },
  {
    name: 'MAX_DELETE_FIELDS',
    defaultValue: '10',
    meaning: 'delete fields per operation, aliases counted (a bulk field counts as one)',
  },
  { name: 'BULK_CONCURRENCY', defaultValue: '8', meaning: 'ids of one bulk field in flight at once' },
  { name: 'BODY_LIMIT_BYTES', defaultValue: '102400', meaning: 'largest request body accepted' },
  {
    name: 'SHUTDOWN_TIMEOUT_MS',
    defaultValue: '10000',
    meaning: 'how long in-flight operations may run after SIGTERM',
  },
  {
    name: 'DRAIN_DELAY_MS',
    defaultValue: '5000',
    meaning: '/ready answers 503 this long, still serving, before new connections are refused',
  },
  {
    name: 'AUDIT_LOG_FILE',
    defaultValue: 'none',
    meaning: 'JSON-lines audit trail of every delete attempt (else: the log)',
  },
  { name: 'LOG_LEVEL', defaultValue: 'info', meaning: 'fatal, error, warn, info, debug, trace or silent' },
  {
    name: 'METRICS_PORT',
    defaultValue: 'none',
    meaning: 'serve /metrics on its own port (else on PORT, behind GATEWAY_TOKENS)',
  },
  {
    name: 'INTROSPECTION',
    defaultValue: 'off in production',
    meaning: 'true: allow schema introspection in production',
  },
  { name: 'GRAPHIQL', defaultValue: 'off in production', meaning: 'true: serve GraphiQL in production' },
  {
    name: 'NODE_ENV',
    defaultValue: 'none',
    meaning: 'production: no assumed sandbox, no GraphiQL, no introspection',
  },
];
