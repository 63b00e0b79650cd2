import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { type Environment, type GatewayConfig, loadConfig } from '../../src/config/load-config.js';

/** Runs `loadConfig` expecting it to throw, and returns the ConfigError it threw. */
function loadConfigError(env: Environment): ConfigError {
  let thrown: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return thrown as ConfigError;
}

const defaults: GatewayConfig = {
  port: 4000,
  host: '127.0.0.1',
  mode: 'SANDBOX',
  bland: { baseUrl: 'https://api.bland.ai', apiKey: undefined },
  bolna: { baseUrl: 'https://api.bolna.ai', apiKey: undefined },
  upstreamTimeoutMs: 10_000,
  upstreamRetries: 2,
  retryAfterCapSeconds: 5,
  circuitFailureThreshold: 5,
  circuitCooldownMs: 30_000,
  gatewayTokens: [],
  maxDeleteFields: 10,
  maxQueryVendorCalls: 10,
  bulkConcurrency: 8,
  bodyLimitBytes: 102_400,
  shutdownTimeoutMs: 10_000,
  drainDelayMs: 5000,
  auditLogFile: undefined,
  logLevel: 'info',
  metricsPort: undefined,
  redisUrl: undefined,
  storeSecret: undefined,
  idempotencyTtlSeconds: 86_400,
  idempotencyRequired: false,
  vendorRequestsPerMinute: { BLAND: undefined, BOLNA: undefined },
  clientRequestsPerMinute: undefined,
  trustedProxyHops: 0,
  introspection: true,
  graphiql: true,
  corsOrigins: [],
  jwt: undefined,
  trustedDocumentsFiles: [],
  trustedDocumentsOnly: false,
  production: false,
};

describe('defaults', () => {
  it('an empty environment is sandbox mode on 127.0.0.1:4000 with the default origins, no keys and a 10 s timeout', () => {
    expect(loadConfig({})).toEqual(defaults);
  });
});

describe('every variable is read', () => {
  it('reads PORT, HOST and UPSTREAM_TIMEOUT_MS', () => {
    expect(loadConfig({ PORT: '8080', HOST: '0.0.0.0', UPSTREAM_TIMEOUT_MS: '2500' })).toEqual({
      ...defaults,
      port: 8080,
      host: '0.0.0.0',
      upstreamTimeoutMs: 2500,
    });
  });

  it('accepts PORT=0 (a free port) and the largest port 65535', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65_535);
  });

  it('reads both base URLs and both keys, dropping a trailing slash, and is then LIVE', () => {
    expect(
      loadConfig({
        BLAND_BASE_URL: 'http://127.0.0.1:9001/',
        BOLNA_BASE_URL: 'https://bolna.example.com/api/',
        BLAND_API_KEY: 'sk-bland-123',
        BOLNA_API_KEY: 'bn-bolna-456',
      }),
    ).toEqual({
      ...defaults,
      mode: 'LIVE',
      bland: { baseUrl: 'http://127.0.0.1:9001', apiKey: 'sk-bland-123' },
      bolna: { baseUrl: 'https://bolna.example.com/api', apiKey: 'bn-bolna-456' },
    });
  });

  it('reads SANDBOX=true', () => {
    expect(loadConfig({ SANDBOX: 'true' })).toEqual(defaults);
  });

  it('reads NODE_ENV=production as production', () => {
    expect(loadConfig({ NODE_ENV: 'production', SANDBOX: 'true' })).toEqual({
      ...defaults,
      production: true,
      introspection: false,
      graphiql: false,
    });
  });

  it('does not treat NODE_ENV=development as production', () => {
    expect(loadConfig({ NODE_ENV: 'development' })).toEqual(defaults);
  });
});

describe('mode', () => {
  it.each([
    ['BLAND_BASE_URL', 'https://bland.example.com'],
    ['BOLNA_BASE_URL', 'https://bolna.example.com'],
    ['BLAND_API_KEY', 'sk-bland'],
    ['BOLNA_API_KEY', 'bn-bolna'],
    ['BLAND_SOMETHING_ELSE', 'x'],
  ])('is LIVE when %s is set', (name, value) => {
    expect(loadConfig({ [name]: value }).mode).toBe('LIVE');
  });

  it('is SANDBOX with SANDBOX=true', () => {
    expect(loadConfig({ SANDBOX: 'true' }).mode).toBe('SANDBOX');
  });

  it('is LIVE with SANDBOX=false and no vendor variable', () => {
    expect(loadConfig({ SANDBOX: 'false' })).toEqual({ ...defaults, mode: 'LIVE' });
  });

  it('is LIVE against the default origins in production with no vendor variable (sandbox is never assumed)', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toEqual({
      ...defaults,
      mode: 'LIVE',
      production: true,
      introspection: false,
      graphiql: false,
    });
  });

  it('is SANDBOX in production when SANDBOX=true asks for it', () => {
    expect(loadConfig({ NODE_ENV: 'production', SANDBOX: 'true' }).mode).toBe('SANDBOX');
  });

  it('is LIVE in production with SANDBOX=false', () => {
    expect(loadConfig({ NODE_ENV: 'production', SANDBOX: 'false' }).mode).toBe('LIVE');
  });

  it('refuses SANDBOX=true together with vendor variables, naming them but not their values', () => {
    const error = loadConfigError({
      SANDBOX: 'true',
      BOLNA_BASE_URL: 'https://bolna.example.com',
      BLAND_API_KEY: 'sk-very-secret',
    });
    expect(error.problems).toEqual([
      'SANDBOX=true simulates both vendors, so BLAND_API_KEY, BOLNA_BASE_URL would be ignored: unset them.',
    ]);
    expect(error.message).not.toContain('sk-very-secret');
  });
});

describe('invalid configuration', () => {
  it.each([
    [
      'a malformed URL',
      { BLAND_BASE_URL: 'notaurl' },
      'BLAND_BASE_URL must be an http or https URL (got "notaurl").',
    ],
    [
      'a non-http URL',
      { BOLNA_BASE_URL: 'ftp://bolna.example.com' },
      'BOLNA_BASE_URL must be an http or https URL (got "ftp://bolna.example.com").',
    ],
    [
      'a URL with credentials',
      { BLAND_BASE_URL: 'https://user:pa55word@api.bland.ai' },
      'BLAND_BASE_URL must be a URL without credentials: set the API key variable instead.',
    ],
    ['a non-numeric port', { PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535 (got "abc").'],
    ['port 70000', { PORT: '70000' }, 'PORT must be a whole number from 0 to 65535 (got "70000").'],
    [
      'a non-numeric timeout',
      { UPSTREAM_TIMEOUT_MS: 'soon' },
      'UPSTREAM_TIMEOUT_MS must be a whole number from 1 to 3600000 (got "soon").',
    ],
    [
      'timeout 0',
      { UPSTREAM_TIMEOUT_MS: '0' },
      'UPSTREAM_TIMEOUT_MS must be a whole number from 1 to 3600000 (got "0").',
    ],
    ['SANDBOX=maybe', { SANDBOX: 'maybe' }, 'SANDBOX must be "true" or "false" (got "maybe").'],
  ])('refuses %s with one ConfigError naming it', (_what, env, problem) => {
    const error = loadConfigError(env);
    expect(error.problems).toEqual([problem]);
    expect(error.message).toContain(problem);
  });

  it('never echoes the password of a base URL with credentials', () => {
    const error = loadConfigError({ BLAND_BASE_URL: 'https://user:pa55word@api.bland.ai' });
    expect(error.message).not.toContain('pa55word');
    expect(error.problems.join('\n')).not.toContain('pa55word');
  });

  it('lists every problem in one ConfigError when several variables are wrong at once', () => {
    const error = loadConfigError({
      SANDBOX: 'maybe',
      PORT: '70000',
      BLAND_BASE_URL: 'notaurl',
      BOLNA_BASE_URL: 'ftp://bolna.example.com',
      UPSTREAM_TIMEOUT_MS: '0',
    });
    const problems = [
      'SANDBOX must be "true" or "false" (got "maybe").',
      'PORT must be a whole number from 0 to 65535 (got "70000").',
      'BLAND_BASE_URL must be an http or https URL (got "notaurl").',
      'BOLNA_BASE_URL must be an http or https URL (got "ftp://bolna.example.com").',
      'UPSTREAM_TIMEOUT_MS must be a whole number from 1 to 3600000 (got "0").',
    ];
    expect(error.problems).toEqual(problems);
    for (const problem of problems) expect(error.message).toContain(problem);
  });

  it('lists a credentialed URL, a non-numeric port and a non-numeric timeout together', () => {
    const error = loadConfigError({
      PORT: 'abc',
      BOLNA_BASE_URL: 'https://me:hunter2@api.bolna.ai',
      UPSTREAM_TIMEOUT_MS: 'soon',
    });
    const problems = [
      'PORT must be a whole number from 0 to 65535 (got "abc").',
      'BOLNA_BASE_URL must be a URL without credentials: set the API key variable instead.',
      'UPSTREAM_TIMEOUT_MS must be a whole number from 1 to 3600000 (got "soon").',
    ];
    expect(error.problems).toEqual(problems);
    expect(error.message).toBe(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  });
});

describe('API keys', () => {
  it('refuses a key with a space without ever showing its value', () => {
    const error = loadConfigError({ BLAND_API_KEY: 'sk live secret-value' });
    expect(error.problems).toEqual(['BLAND_API_KEY must be printable ASCII without spaces.']);
    expect(error.message).toContain('BLAND_API_KEY must be printable ASCII without spaces.');
    expect(error.message).not.toContain('sk live secret-value');
    expect(error.message).not.toContain('secret-value');
  });

  it('refuses a Bolna key with a space alongside other problems, still without its value', () => {
    const error = loadConfigError({ BOLNA_API_KEY: 'bn hidden-key', PORT: 'abc' });
    expect(error.problems).toEqual([
      'PORT must be a whole number from 0 to 65535 (got "abc").',
      'BOLNA_API_KEY must be printable ASCII without spaces.',
    ]);
    expect(error.message).not.toContain('hidden-key');
  });
});

describe('settings added by the hardening work', () => {
  it('reads every new setting', () => {
    expect(
      loadConfig({
        UPSTREAM_RETRIES: '0',
        RETRY_AFTER_CAP_S: '30',
        CIRCUIT_FAILURE_THRESHOLD: '3',
        CIRCUIT_COOLDOWN_MS: '1500',
        GATEWAY_TOKENS: 'first-token-0123456789,second-token-0123456789',
        MAX_DELETE_FIELDS: '25',
        BODY_LIMIT_BYTES: '2048',
        SHUTDOWN_TIMEOUT_MS: '20000',
        DRAIN_DELAY_MS: '0',
        AUDIT_LOG_FILE: '/var/log/gateway/audit.jsonl',
        LOG_LEVEL: 'debug',
        INTROSPECTION: 'false',
        GRAPHIQL: 'false',
      }),
    ).toEqual({
      ...defaults,
      upstreamRetries: 0,
      retryAfterCapSeconds: 30,
      circuitFailureThreshold: 3,
      circuitCooldownMs: 1500,
      gatewayTokens: ['first-token-0123456789', 'second-token-0123456789'],
      maxDeleteFields: 25,
      bodyLimitBytes: 2048,
      shutdownTimeoutMs: 20_000,
      drainDelayMs: 0,
      auditLogFile: '/var/log/gateway/audit.jsonl',
      logLevel: 'debug',
      introspection: false,
      graphiql: false,
    });
  });

  it('treats an empty value as unset, giving the default', () => {
    expect(
      loadConfig({
        UPSTREAM_RETRIES: '',
        RETRY_AFTER_CAP_S: '',
        CIRCUIT_FAILURE_THRESHOLD: '',
        CIRCUIT_COOLDOWN_MS: '',
        GATEWAY_TOKENS: '',
        MAX_DELETE_FIELDS: '',
        BODY_LIMIT_BYTES: '',
        SHUTDOWN_TIMEOUT_MS: '',
        DRAIN_DELAY_MS: '',
        AUDIT_LOG_FILE: '',
        LOG_LEVEL: '',
        INTROSPECTION: '',
        GRAPHIQL: '',
      }),
    ).toEqual(defaults);
  });

  it.each(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])('accepts LOG_LEVEL=%s', (level) => {
    expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
  });

  it.each([
    ['UPSTREAM_RETRIES', 'many', 'a whole number from 0 to 10'],
    ['UPSTREAM_RETRIES', '11', 'a whole number from 0 to 10'],
    ['UPSTREAM_RETRIES', '-1', 'a whole number from 0 to 10'],
    ['RETRY_AFTER_CAP_S', '2.5', 'a whole number from 0 to 3600'],
    ['RETRY_AFTER_CAP_S', '3601', 'a whole number from 0 to 3600'],
    ['CIRCUIT_FAILURE_THRESHOLD', '0', 'a whole number from 1 to 10000'],
    ['CIRCUIT_FAILURE_THRESHOLD', 'five', 'a whole number from 1 to 10000'],
    ['CIRCUIT_COOLDOWN_MS', '0', 'a whole number from 1 to 3600000'],
    ['CIRCUIT_COOLDOWN_MS', '30s', 'a whole number from 1 to 3600000'],
    ['MAX_DELETE_FIELDS', '0', 'a whole number from 1 to 1000'],
    ['MAX_DELETE_FIELDS', 'ten', 'a whole number from 1 to 1000'],
    ['BODY_LIMIT_BYTES', '100kb', 'a whole number from 1024 to 104857600'],
    ['BODY_LIMIT_BYTES', '1023', 'a whole number from 1024 to 104857600'],
    ['SHUTDOWN_TIMEOUT_MS', '-5', 'a whole number from 0 to 3600000'],
    ['SHUTDOWN_TIMEOUT_MS', 'forever', 'a whole number from 0 to 3600000'],
    ['DRAIN_DELAY_MS', 'soon', 'a whole number from 0 to 9999'],
    ['LOG_LEVEL', 'verbose', 'one of fatal, error, warn, info, debug, trace, silent'],
    ['INTROSPECTION', 'yes', '"true" or "false"'],
    ['GRAPHIQL', '1', '"true" or "false"'],
  ])('refuses %s=%s with one ConfigError naming it', (name, value, expected) => {
    const error = loadConfigError({ [name]: value });
    const problem = `${name} must be ${expected} (got ${JSON.stringify(value)}).`;
    expect(error.problems).toEqual([problem]);
    expect(error.message).toContain(problem);
  });

  it('lists every bad new setting in one ConfigError', () => {
    const error = loadConfigError({
      UPSTREAM_RETRIES: 'x',
      MAX_DELETE_FIELDS: '0',
      LOG_LEVEL: 'loud',
      GRAPHIQL: 'on',
    });
    expect(error.problems).toEqual([
      'UPSTREAM_RETRIES must be a whole number from 0 to 10 (got "x").',
      'MAX_DELETE_FIELDS must be a whole number from 1 to 1000 (got "0").',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud").',
      'GRAPHIQL must be "true" or "false" (got "on").',
    ]);
  });
});

describe('DRAIN_DELAY_MS and SHUTDOWN_TIMEOUT_MS', () => {
  it('accepts a drain delay just below the shutdown timeout', () => {
    const config = loadConfig({ SHUTDOWN_TIMEOUT_MS: '3000', DRAIN_DELAY_MS: '2999' });
    expect([config.drainDelayMs, config.shutdownTimeoutMs]).toEqual([2999, 3000]);
  });

  it.each([
    [{ DRAIN_DELAY_MS: '10000' }, 'DRAIN_DELAY_MS must be a whole number from 0 to 9999 (got "10000").'],
    [
      { SHUTDOWN_TIMEOUT_MS: '3000', DRAIN_DELAY_MS: '3000' },
      'DRAIN_DELAY_MS must be a whole number from 0 to 2999 (got "3000").',
    ],
    [
      { SHUTDOWN_TIMEOUT_MS: '2000', DRAIN_DELAY_MS: '5000' },
      'DRAIN_DELAY_MS must be a whole number from 0 to 1999 (got "5000").',
    ],
  ])('refuses a drain delay not below the shutdown timeout: %o', (env, problem) => {
    expect(loadConfigError(env).problems).toEqual([problem]);
  });

  // main.ts drains for DRAIN_DELAY_MS and then has until SHUTDOWN_TIMEOUT_MS from the signal:
  // a drain at or above it leaves in-flight operations no time at all.
  it('never yields a drain delay at or above the shutdown timeout when DRAIN_DELAY_MS is left at its default', () => {
    let outcome: { drainDelayMs: number; shutdownTimeoutMs: number } | { problems: readonly string[] };
    try {
      const { drainDelayMs, shutdownTimeoutMs } = loadConfig({ SHUTDOWN_TIMEOUT_MS: '1000' });
      outcome = { drainDelayMs, shutdownTimeoutMs };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      outcome = { problems: error.problems };
    }
    expect(outcome).toSatisfy(
      (seen: typeof outcome) =>
        'problems' in seen
          ? seen.problems.some((problem) => problem.includes('DRAIN_DELAY_MS'))
          : seen.drainDelayMs < seen.shutdownTimeoutMs,
      'SHUTDOWN_TIMEOUT_MS=1000 alone must either be refused naming DRAIN_DELAY_MS or give a drain delay below 1000',
    );
  });
});

describe('GATEWAY_TOKENS', () => {
  it('splits on commas, trims each token and drops empty entries', () => {
    expect(
      loadConfig({ GATEWAY_TOKENS: ' first-token-0123456789 ,, second-token-0123456789,' }).gatewayTokens,
    ).toEqual(['first-token-0123456789', 'second-token-0123456789']);
  });

  it('accepts a token of exactly 16 characters', () => {
    expect(loadConfig({ GATEWAY_TOKENS: 'abcdefghijklmnop' }).gatewayTokens).toEqual(['abcdefghijklmnop']);
  });

  const tokensProblem =
    'GATEWAY_TOKENS must be a comma-separated list of tokens of at least 16 printable ASCII characters without spaces.';

  it.each([
    ['a token of 15 characters', 'abcdefghijklmno', ['abcdefghijklmno']],
    [
      'a short token beside a valid one',
      'good-token-0123456789,short-secret',
      ['short-secret', 'good-token'],
    ],
    ['a token with a space inside', 'secret part-0123456789', ['secret part', 'part-0123456789']],
    ['a token with a non-ASCII character', 'sécret-token-0123456789', ['sécret']],
  ])('refuses %s with a problem that never shows a token', (_case, value, fragments) => {
    const error = loadConfigError({ GATEWAY_TOKENS: value });
    expect(error.problems).toEqual([tokensProblem]);
    for (const fragment of fragments) {
      expect(error.message).not.toContain(fragment);
      expect(error.problems.join('\n')).not.toContain(fragment);
    }
  });
});

describe('production turns introspection and GraphiQL off', () => {
  it('turns both off with NODE_ENV=production', () => {
    const { introspection, graphiql } = loadConfig({ NODE_ENV: 'production' });
    expect({ introspection, graphiql }).toEqual({ introspection: false, graphiql: false });
  });

  it('turns both back on in production with INTROSPECTION=true and GRAPHIQL=true', () => {
    expect(loadConfig({ NODE_ENV: 'production', INTROSPECTION: 'true', GRAPHIQL: 'true' })).toEqual({
      ...defaults,
      mode: 'LIVE',
      production: true,
      introspection: true,
      graphiql: true,
    });
  });

  it('turns each back on alone', () => {
    const introspectionOnly = loadConfig({ NODE_ENV: 'production', INTROSPECTION: 'true' });
    const graphiqlOnly = loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' });
    expect([introspectionOnly.introspection, introspectionOnly.graphiql]).toEqual([true, false]);
    expect([graphiqlOnly.introspection, graphiqlOnly.graphiql]).toEqual([false, true]);
  });

  it('turns them off outside production with INTROSPECTION=false and GRAPHIQL=false', () => {
    const { introspection, graphiql } = loadConfig({ INTROSPECTION: 'false', GRAPHIQL: 'false' });
    expect({ introspection, graphiql }).toEqual({ introspection: false, graphiql: false });
  });
});

describe('refusing to expose server-held keys without GATEWAY_TOKENS', () => {
  const blandKey = 'sk-expose-bland-0123456789';
  const bolnaKey = 'bn-expose-bolna-0123456789';
  const exposed = (host: string) =>
    `HOST=${host} would let anyone on the network delete with the server-held vendor keys: set GATEWAY_TOKENS or JWT sign-in, or listen on a loopback address.`;

  it.each([
    ['BLAND_API_KEY', blandKey, '0.0.0.0'],
    ['BOLNA_API_KEY', bolnaKey, '0.0.0.0'],
    ['BLAND_API_KEY', blandKey, '::'],
    ['BLAND_API_KEY', blandKey, '192.168.1.20'],
    ['BLAND_API_KEY', blandKey, 'gateway.internal'],
  ])(
    'refuses LIVE with %s on HOST=%s and no GATEWAY_TOKENS, in one ConfigError without the key',
    (name, key, host) => {
      const error = loadConfigError({ [name]: key, HOST: host });
      expect(error.problems).toEqual([exposed(host)]);
      expect(error.message).not.toContain(key);
    },
  );

  it('refuses it in production too, with both keys', () => {
    const error = loadConfigError({
      NODE_ENV: 'production',
      BLAND_API_KEY: blandKey,
      BOLNA_API_KEY: bolnaKey,
      HOST: '0.0.0.0',
    });
    expect(error.problems).toEqual([exposed('0.0.0.0')]);
    expect(error.message).not.toContain(blandKey);
    expect(error.message).not.toContain(bolnaKey);
  });

  it('does not count an invalid GATEWAY_TOKENS as set: both problems, in one ConfigError', () => {
    const error = loadConfigError({ BLAND_API_KEY: blandKey, HOST: '0.0.0.0', GATEWAY_TOKENS: 'short' });
    expect(error.problems).toEqual([
      'GATEWAY_TOKENS must be a comma-separated list of tokens of at least 16 printable ASCII characters without spaces.',
      exposed('0.0.0.0'),
    ]);
    expect(error.message).not.toContain(blandKey);
  });

  it('starts with a key on 0.0.0.0 when GATEWAY_TOKENS is set', () => {
    expect(
      loadConfig({ BLAND_API_KEY: blandKey, HOST: '0.0.0.0', GATEWAY_TOKENS: 'gateway-token-0123456789' }),
    ).toEqual({
      ...defaults,
      mode: 'LIVE',
      host: '0.0.0.0',
      bland: { ...defaults.bland, apiKey: blandKey },
      gatewayTokens: ['gateway-token-0123456789'],
    });
  });

  it.each(['127.0.0.1', '127.0.0.2', '::1', 'localhost'])(
    'starts with a key and no GATEWAY_TOKENS on the loopback address %s',
    (host) => {
      const config = loadConfig({ BLAND_API_KEY: blandKey, BOLNA_API_KEY: bolnaKey, HOST: host });
      expect([config.mode, config.host, config.gatewayTokens]).toEqual(['LIVE', host, []]);
    },
  );

  it('starts in sandbox mode on 0.0.0.0 without GATEWAY_TOKENS', () => {
    expect(loadConfig({ SANDBOX: 'true', HOST: '0.0.0.0' })).toEqual({ ...defaults, host: '0.0.0.0' });
  });

  it('starts LIVE on 0.0.0.0 without GATEWAY_TOKENS when it holds no key (requests bring their own)', () => {
    expect(loadConfig({ BLAND_BASE_URL: 'https://bland.example.com', HOST: '0.0.0.0' })).toEqual({
      ...defaults,
      mode: 'LIVE',
      host: '0.0.0.0',
      bland: { ...defaults.bland, baseUrl: 'https://bland.example.com' },
    });
  });
});

describe('the shared store, budgets and client limits', () => {
  const storeSecret = 's3cret-store-key-0123456789abcdefXYZ';
  const redisPassword = 'r3dis-pa55word-canary';

  it('reads every store, budget and limit setting', () => {
    expect(
      loadConfig({
        REDIS_URL: `rediss://gateway:${redisPassword}@redis.internal:6380/2`,
        STORE_SECRET: storeSecret,
        IDEMPOTENCY_TTL_S: '3600',
        IDEMPOTENCY_REQUIRED: 'true',
        BLAND_MAX_REQUESTS_PER_MIN: '600',
        BOLNA_MAX_REQUESTS_PER_MIN: '1000',
        CLIENT_MAX_REQUESTS_PER_MIN: '120',
        TRUSTED_PROXY_HOPS: '2',
      }),
    ).toEqual({
      ...defaults,
      redisUrl: `rediss://gateway:${redisPassword}@redis.internal:6380/2`,
      storeSecret,
      idempotencyTtlSeconds: 3600,
      idempotencyRequired: true,
      vendorRequestsPerMinute: { BLAND: 600, BOLNA: 1000 },
      clientRequestsPerMinute: 120,
      trustedProxyHops: 2,
    });
  });

  it('treats an empty value as unset, giving the default', () => {
    expect(
      loadConfig({
        REDIS_URL: '',
        STORE_SECRET: '',
        IDEMPOTENCY_TTL_S: '',
        IDEMPOTENCY_REQUIRED: '',
        BLAND_MAX_REQUESTS_PER_MIN: '',
        BOLNA_MAX_REQUESTS_PER_MIN: '',
        CLIENT_MAX_REQUESTS_PER_MIN: '',
        TRUSTED_PROXY_HOPS: '',
      }),
    ).toEqual(defaults);
  });

  it('accepts redis:// without credentials or a database', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', STORE_SECRET: storeSecret }).redisUrl).toBe(
      'redis://127.0.0.1:6379',
    );
  });

  it('stays in sandbox mode with vendor budgets set: they are not vendor locations', () => {
    const config = loadConfig({ BLAND_MAX_REQUESTS_PER_MIN: '10', BOLNA_MAX_REQUESTS_PER_MIN: '20' });
    expect(config.mode).toBe('SANDBOX');
    expect(config.vendorRequestsPerMinute).toEqual({ BLAND: 10, BOLNA: 20 });
    expect(loadConfig({ SANDBOX: 'true', BLAND_MAX_REQUESTS_PER_MIN: '10' }).mode).toBe('SANDBOX');
  });

  it('is still LIVE with a budget beside a vendor key', () => {
    expect(loadConfig({ BLAND_MAX_REQUESTS_PER_MIN: '10', BLAND_API_KEY: 'sk-live' }).mode).toBe('LIVE');
  });

  it('refuses REDIS_URL without STORE_SECRET', () => {
    expect(loadConfigError({ REDIS_URL: 'redis://127.0.0.1:6379' }).problems).toEqual([
      'STORE_SECRET must be set with REDIS_URL: every replica keys the shared store with the same secret.',
    ]);
  });

  it.each([
    ['http://redis.internal:6379', 'a redis:// or rediss:// URL with a host'],
    ['redis.internal:6379', 'a redis:// or rediss:// URL with a host'],
    [
      `redis://gateway:${redisPassword}@redis.internal/queue`,
      'a Redis URL whose path, if any, is a database number',
    ],
    [`ftp://gateway:${redisPassword}@redis.internal`, 'a redis:// or rediss:// URL with a host'],
  ])('refuses REDIS_URL=%s without echoing it', (value, expected) => {
    const error = loadConfigError({ REDIS_URL: value, STORE_SECRET: storeSecret });
    expect(error.problems).toEqual([`REDIS_URL must be ${expected}.`]);
    expect(error.message).not.toContain(redisPassword);
  });

  it('refuses a STORE_SECRET shorter than 32 characters without echoing it', () => {
    const short = 'short-secret-canary-0123456789a';
    const error = loadConfigError({ REDIS_URL: 'redis://127.0.0.1:6379', STORE_SECRET: short });
    expect(error.problems).toEqual([
      'STORE_SECRET must be at least 32 printable ASCII characters without spaces.',
    ]);
    expect(error.message).not.toContain(short);
  });

  it.each([
    ['IDEMPOTENCY_TTL_S', '0', 'a whole number from 1 to 2592000'],
    ['IDEMPOTENCY_REQUIRED', 'yes', '"true" or "false"'],
    ['BLAND_MAX_REQUESTS_PER_MIN', '0', 'a whole number from 1 to 100000'],
    ['BOLNA_MAX_REQUESTS_PER_MIN', '1000/min', 'a whole number from 1 to 100000'],
    ['CLIENT_MAX_REQUESTS_PER_MIN', '100001', 'a whole number from 1 to 100000'],
    ['TRUSTED_PROXY_HOPS', '-1', 'a whole number from 0 to 10'],
  ])('refuses %s=%s with one ConfigError naming it', (name, value, expected) => {
    expect(loadConfigError({ [name]: value }).problems).toEqual([
      `${name} must be ${expected} (got ${JSON.stringify(value)}).`,
    ]);
  });
});
