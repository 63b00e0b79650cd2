import { describe, expect, it } from 'vitest';
import { type Environment, type GatewayConfig, loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors/config-error.js';

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
  bodyLimitBytes: 102_400,
  shutdownTimeoutMs: 10_000,
  drainDelayMs: 5000,
  auditLogFile: undefined,
  logLevel: 'info',
  introspection: true,
  graphiql: true,
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
