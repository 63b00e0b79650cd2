import { ConfigError } from './errors/config-error.js';

export type GatewayMode = 'LIVE' | 'SANDBOX';

/** Where one vendor is and the key the gateway holds for it. */
export interface VendorSettings {
  baseUrl: string;
  /** The server-held key; undefined when requests must bring their own. */
  apiKey: string | undefined;
}

export interface GatewayConfig {
  port: number;
  host: string;
  /** SANDBOX: both vendors are simulated in-process; `bland` and `bolna` are then replaced at start-up. */
  mode: GatewayMode;
  bland: VendorSettings;
  bolna: VendorSettings;
  upstreamTimeoutMs: number;
  /** NODE_ENV=production: nothing is assumed (no sandbox, no GraphiQL). */
  production: boolean;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const maxTimeoutMs = 3_600_000;

/**
 * Reads the gateway's configuration from environment variables. Pure: it reads only `env`, and
 * throws one {@link ConfigError} that lists every problem.
 */
export function loadConfig(env: Environment): GatewayConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);

  const production = read('NODE_ENV') === 'production';
  const vendorVariables = Object.keys(env)
    .filter((name) => /^(BLAND|BOLNA)_/.test(name) && read(name) !== undefined)
    .sort();
  const sandbox = read('SANDBOX');
  if (sandbox !== undefined && sandbox !== 'true' && sandbox !== 'false') {
    problems.push(`SANDBOX must be "true" or "false" (got ${JSON.stringify(sandbox)}).`);
  }
  if (sandbox === 'true' && vendorVariables.length > 0) {
    problems.push(
      `SANDBOX=true simulates both vendors, so ${vendorVariables.join(', ')} would be ignored: unset them.`,
    );
  }
  const mode: GatewayMode =
    sandbox === 'true' || (sandbox === undefined && !production && vendorVariables.length === 0)
      ? 'SANDBOX'
      : 'LIVE';

  const config: GatewayConfig = {
    port: readInteger(read('PORT'), 'PORT', 4000, 0, 65_535, problems),
    host: read('HOST') ?? '127.0.0.1',
    mode,
    bland: {
      baseUrl: readBaseUrl(read('BLAND_BASE_URL'), 'BLAND_BASE_URL', 'https://api.bland.ai', problems),
      apiKey: readApiKey(read('BLAND_API_KEY'), 'BLAND_API_KEY', problems),
    },
    bolna: {
      baseUrl: readBaseUrl(read('BOLNA_BASE_URL'), 'BOLNA_BASE_URL', 'https://api.bolna.ai', problems),
      apiKey: readApiKey(read('BOLNA_API_KEY'), 'BOLNA_API_KEY', problems),
    },
    upstreamTimeoutMs: readInteger(
      read('UPSTREAM_TIMEOUT_MS'),
      'UPSTREAM_TIMEOUT_MS',
      10_000,
      1,
      maxTimeoutMs,
      problems,
    ),
    production,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function readInteger(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  if (value === undefined) return fallback;
  const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (Number.isInteger(number) && number >= min && number <= max) return number;
  problems.push(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)}).`);
  return fallback;
}

function readBaseUrl(value: string | undefined, name: string, fallback: string, problems: string[]): string {
  if (value === undefined) return fallback;
  const url = URL.canParse(value) ? new URL(value) : null;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    problems.push(`${name} must be an http or https URL (got ${JSON.stringify(value)}).`);
  } else if (url.username || url.password) {
    problems.push(`${name} must not carry credentials: set the API key variable instead.`);
  } else if (url.search || url.hash) {
    problems.push(`${name} must not have a query or a fragment (got ${JSON.stringify(value)}).`);
  } else {
    return url.href.replace(/\/+$/, '');
  }
  return fallback;
}

function readApiKey(value: string | undefined, name: string, problems: string[]): string | undefined {
  if (value === undefined || /^[\x21-\x7e]+$/.test(value)) return value;
  // Never echo the value: it is a credential.
  problems.push(`${name} must be printable ASCII without spaces.`);
  return undefined;
}
