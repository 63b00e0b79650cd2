import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { type Environment, loadConfig } from '../../src/config/load-config.js';

function problemsOf(env: Environment): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const jwtEnv = {
  JWT_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
  JWT_ISSUER: 'https://id.example.com/',
  JWT_AUDIENCE: 'voice-ai-gateway',
};
const blandKey = 'sk-browser-bland-0123456789';
const bolnaKey = 'bn-browser-bolna-0123456789';
const corsProblem = (keys: string) =>
  `CORS_ORIGINS would let every visitor of those origins use the server-held ${keys}: configure JWT sign-in (JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE), or hold no vendor key.`;
const originsWanted =
  'CORS_ORIGINS must be comma-separated origins such as https://app.example.com or http://localhost:5173 (not * or null)';

describe('CORS_ORIGINS', () => {
  it('reads comma-separated exact origins, trimming spaces and dropping empty entries', () => {
    expect(
      loadConfig({ CORS_ORIGINS: 'http://localhost:5173, https://app.example.com,,http://[::1]:8080' })
        .corsOrigins,
    ).toEqual(['http://localhost:5173', 'https://app.example.com', 'http://[::1]:8080']);
  });

  it('is empty when unset: no CORS grant', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });

  it.each([
    ['*', '*'],
    ['null', 'null'],
    ['a trailing slash', 'http://localhost:5173/'],
    ['a path', 'https://app.example.com/app'],
    ['the default port written out', 'https://app.example.com:443'],
    ['upper case', 'https://App.Example.com'],
    ['no scheme', 'app.example.com'],
    ['credentials', 'https://user@app.example.com'],
    ['a query', 'https://app.example.com?x=1'],
    ['a wildcard subdomain', 'https://*.example.com'],
  ])('refuses an entry with %s, listed with the other problems', (_case, entry) => {
    const value = `http://localhost:5173,${entry}`;
    expect(problemsOf({ CORS_ORIGINS: value, PORT: 'x' })).toEqual([
      'PORT must be a whole number from 0 to 65535 (got "x").',
      `${originsWanted} (got ${JSON.stringify(value)}).`,
    ]);
  });

  it.each([
    ['BLAND_API_KEY', { BLAND_API_KEY: blandKey }],
    ['BOLNA_API_KEY', { BOLNA_API_KEY: bolnaKey }],
    ['BLAND_API_KEY and BOLNA_API_KEY', { BLAND_API_KEY: blandKey, BOLNA_API_KEY: bolnaKey }],
  ])('refuses CORS_ORIGINS with the server-held %s and no JWT sign-in, never showing a key', (keys, env) => {
    const problems = problemsOf({ ...env, CORS_ORIGINS: 'http://localhost:5173' });
    expect(problems).toEqual([corsProblem(keys)]);
    expect(problems.join('\n')).not.toMatch(/0123456789/);
  });

  it('refuses it with gateway tokens too: a token in a browser bundle is public', () => {
    expect(
      problemsOf({
        BLAND_API_KEY: blandKey,
        CORS_ORIGINS: 'http://localhost:5173',
        GATEWAY_TOKENS: 'gateway-token-0123456789',
      }),
    ).toEqual([corsProblem('BLAND_API_KEY')]);
  });

  it('accepts CORS_ORIGINS with a server-held key when users sign in with JWTs', () => {
    const config = loadConfig({ ...jwtEnv, BLAND_API_KEY: blandKey, CORS_ORIGINS: 'http://localhost:5173' });
    expect([config.mode, config.corsOrigins, config.jwt]).toEqual([
      'LIVE',
      ['http://localhost:5173'],
      { jwksUrl: jwtEnv.JWT_JWKS_URL, issuer: jwtEnv.JWT_ISSUER, audience: jwtEnv.JWT_AUDIENCE },
    ]);
  });

  it('accepts CORS_ORIGINS in sandbox mode, whose built-in keys are not live keys', () => {
    expect(loadConfig({ SANDBOX: 'true', CORS_ORIGINS: 'http://localhost:5173' }).corsOrigins).toEqual([
      'http://localhost:5173',
    ]);
  });

  it('accepts CORS_ORIGINS live with no server-held key', () => {
    expect(
      loadConfig({ BLAND_BASE_URL: 'https://bland.example.com', CORS_ORIGINS: 'https://app.example.com' })
        .corsOrigins,
    ).toEqual(['https://app.example.com']);
  });
});

describe('JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE', () => {
  it('are read together', () => {
    expect(loadConfig(jwtEnv).jwt).toEqual({
      jwksUrl: 'https://id.example.com/.well-known/jwks.json',
      issuer: 'https://id.example.com/',
      audience: 'voice-ai-gateway',
    });
  });

  it('are off when none is set', () => {
    expect(loadConfig({}).jwt).toBeUndefined();
  });

  it.each([
    [['JWT_JWKS_URL'], 'set JWT_ISSUER and JWT_AUDIENCE too'],
    [['JWT_ISSUER'], 'set JWT_JWKS_URL and JWT_AUDIENCE too'],
    [['JWT_AUDIENCE'], 'set JWT_JWKS_URL and JWT_ISSUER too'],
    [['JWT_JWKS_URL', 'JWT_ISSUER'], 'set JWT_AUDIENCE too'],
    [['JWT_ISSUER', 'JWT_AUDIENCE'], 'set JWT_JWKS_URL too'],
  ])('refuses %j without the others', (names, advice) => {
    const env = Object.fromEntries(names.map((name) => [name, jwtEnv[name as keyof typeof jwtEnv]]));
    expect(problemsOf(env)).toEqual([`JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE go together: ${advice}.`]);
  });

  it.each(['not a url', 'ftp://id.example.com/jwks.json', 'file:///etc/jwks.json'])(
    'refuses JWT_JWKS_URL=%s, which is no http(s) URL',
    (url) => {
      expect(problemsOf({ ...jwtEnv, JWT_JWKS_URL: url })).toEqual([
        `JWT_JWKS_URL must be an http or https URL (got ${JSON.stringify(url)}).`,
      ]);
    },
  );

  it('refuses a JWKS URL with credentials without showing them', () => {
    const problems = problemsOf({ ...jwtEnv, JWT_JWKS_URL: 'https://user:hunter2@id.example.com/jwks' });
    expect(problems).toEqual(['JWT_JWKS_URL must be a URL without credentials.']);
  });

  it('counts as authentication for a server-held key on a non-loopback address', () => {
    const config = loadConfig({ ...jwtEnv, BLAND_API_KEY: blandKey, HOST: '0.0.0.0' });
    expect([config.host, config.gatewayTokens, config.jwt?.issuer]).toEqual([
      '0.0.0.0',
      [],
      'https://id.example.com/',
    ]);
  });
});

describe('TRUSTED_DOCUMENTS_FILE and TRUSTED_DOCUMENTS_ONLY', () => {
  it('reads comma-separated manifest paths; loadConfig never opens them', () => {
    const config = loadConfig({ TRUSTED_DOCUMENTS_FILE: '/nowhere/web.json, /nowhere/admin.json' });
    expect([config.trustedDocumentsFiles, config.trustedDocumentsOnly]).toEqual([
      ['/nowhere/web.json', '/nowhere/admin.json'],
      false,
    ]);
  });

  it.each<[string, Environment, boolean]>([
    ['with a manifest in production', { NODE_ENV: 'production', TRUSTED_DOCUMENTS_FILE: '/m.json' }, true],
    ['with a manifest outside production', { TRUSTED_DOCUMENTS_FILE: '/m.json' }, false],
    ['without a manifest in production', { NODE_ENV: 'production' }, false],
    ['without a manifest', {}, false],
    [
      'in production when turned off',
      { NODE_ENV: 'production', TRUSTED_DOCUMENTS_FILE: '/m.json', TRUSTED_DOCUMENTS_ONLY: 'false' },
      false,
    ],
    [
      'outside production when turned on',
      { TRUSTED_DOCUMENTS_FILE: '/m.json', TRUSTED_DOCUMENTS_ONLY: 'true' },
      true,
    ],
  ])('TRUSTED_DOCUMENTS_ONLY %s is %s', (_case, env, only) => {
    expect(loadConfig(env).trustedDocumentsOnly).toBe(only);
  });

  it('refuses TRUSTED_DOCUMENTS_ONLY=true without a manifest, and a value that is no boolean', () => {
    expect(problemsOf({ TRUSTED_DOCUMENTS_ONLY: 'true' })).toEqual([
      'TRUSTED_DOCUMENTS_ONLY=true needs TRUSTED_DOCUMENTS_FILE: without a manifest nothing could run.',
    ]);
    expect(problemsOf({ TRUSTED_DOCUMENTS_FILE: '/m.json', TRUSTED_DOCUMENTS_ONLY: 'yes' })).toEqual([
      'TRUSTED_DOCUMENTS_ONLY must be "true" or "false" (got "yes").',
    ]);
  });
});
