import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Environment, loadConfig } from '../src/config/load-config.js';
import { settings } from '../src/config/settings.js';
import { tracingVariables } from '../src/config/tracing-settings.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
/** Each child is killed after this; each test may take longer, as some run two children. */
const childTimeoutMs = 15_000;
const testTimeoutMs = 40_000;
const helpHint = 'Run main.ts --help for the options.';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node --import tsx src/main.ts <args>` with a clean environment (PATH, HOME and `env`),
 * killed after {@link childTimeoutMs}: a command that should exit must not start serving instead.
 */
function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = { ...env };
  if (process.env.PATH !== undefined) childEnv.PATH = process.env.PATH;
  if (process.env.HOME !== undefined) childEnv.HOME = process.env.HOME;
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', ...args],
      { cwd: projectRoot, env: childEnv, timeout: childTimeoutMs, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (child.signalCode !== null) {
          reject(
            new Error(`main.ts ${args.join(' ')} was killed (${child.signalCode}):\n${stdout}${stderr}`),
          );
          return;
        }
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: child.exitCode, stdout, stderr });
      },
    );
  });
}

/** Every environment variable `loadConfig` reads, recorded by a Proxy around the environment. */
function variablesLoadConfigReads(): string[] {
  const read = new Set<string>();
  const probes: Environment[] = [
    {},
    { NODE_ENV: 'production' },
    { SANDBOX: 'true' },
    { SANDBOX: 'false' },
    { BLAND_API_KEY: 'sk-probe', HOST: '0.0.0.0' },
    { METRICS_PORT: '9100' },
  ];
  for (const env of probes) {
    const recording = new Proxy(env, {
      get(target, key, receiver) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key, receiver);
      },
    });
    try {
      loadConfig(recording);
    } catch {
      // A probe may be invalid on purpose: what it read still counts.
    }
  }
  return [...read].sort();
}

/** The help's lines for the settings' variables: `  NAME  meaning (default: value)`. */
function helpVariables(help: string): Map<string, string> {
  return variablesIn(help.slice(help.indexOf('Environment variables:'), help.indexOf('Tracing (')));
}

/** The help's lines for tracing's OTEL_* variables, after the settings'. */
function helpTracingVariables(help: string): Map<string, string> {
  return variablesIn(help.slice(help.indexOf('Tracing (')));
}

function variablesIn(section: string): Map<string, string> {
  const variables = new Map<string, string>();
  for (const line of section.split('\n')) {
    const match = /^ {2}([A-Z][A-Z0-9_]*) +\S.* \(default: (.+)\)$/.exec(line);
    if (match?.[1] && match[2]) variables.set(match[1], match[2]);
  }
  return variables;
}

/** `--help` runs once; the tests below read its output. */
let helpRun: Promise<CliRun> | undefined;
const runHelp = () => {
  helpRun ??= runCli(['--help']);
  return helpRun;
};

describe('--help', { timeout: testTimeoutMs }, () => {
  it('exits 0, prints usage and both options on stdout, and starts nothing', async () => {
    const { code, stdout, stderr } = await runHelp();

    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n')[0]).toBe('Usage: main.ts [--help | --print-schema]');
    expect(stdout).toMatch(/^ {2}--help, -h +\S/m);
    expect(stdout).toMatch(/^ {2}--print-schema +\S/m);
    expect(stdout).not.toMatch(/sandbox mode|live mode/i);
  });

  it('lists every environment variable loadConfig reads, each with its default', async () => {
    const { code, stdout } = await runHelp();
    const listed = helpVariables(stdout);
    const read = variablesLoadConfigReads();

    expect(code).toBe(0);
    expect(read.length).toBeGreaterThan(10);
    expect([...listed.keys()].sort()).toEqual(read);
    for (const name of read) {
      const documented = settings.find((setting) => setting.name === name)?.defaultValue;
      expect(listed.get(name), name).toBe(documented);
    }
  });

  it('lists the OTEL_* variables tracing honours, after the settings, each with its default', async () => {
    const { stdout } = await runHelp();

    expect(stdout).toContain('Tracing (OpenTelemetry; on when an OTLP endpoint is set');
    expect(Object.fromEntries(helpTracingVariables(stdout))).toEqual(
      Object.fromEntries(tracingVariables.map(({ name, defaultValue }) => [name, defaultValue])),
    );
    expect(tracingVariables.map(({ name }) => name)).toEqual(
      expect.arrayContaining([
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
        'OTEL_EXPORTER_OTLP_PROTOCOL',
        'OTEL_SERVICE_NAME',
        'OTEL_TRACES_SAMPLER',
        'OTEL_TRACES_SAMPLER_ARG',
        'OTEL_EXPORTER_OTLP_HEADERS',
        'OTEL_RESOURCE_ATTRIBUTES',
        'OTEL_BSP_SCHEDULE_DELAY',
      ]),
    );
  });

  it('shows the defaults loadConfig really applies for ports, origins, timeouts and the log level', async () => {
    const listed = helpVariables((await runHelp()).stdout);
    const defaults = loadConfig({});

    expect({
      PORT: listed.get('PORT'),
      HOST: listed.get('HOST'),
      BLAND_BASE_URL: listed.get('BLAND_BASE_URL'),
      BOLNA_BASE_URL: listed.get('BOLNA_BASE_URL'),
      UPSTREAM_TIMEOUT_MS: listed.get('UPSTREAM_TIMEOUT_MS'),
      LOG_LEVEL: listed.get('LOG_LEVEL'),
    }).toEqual({
      PORT: String(defaults.port),
      HOST: defaults.host,
      BLAND_BASE_URL: defaults.bland.baseUrl,
      BOLNA_BASE_URL: defaults.bolna.baseUrl,
      UPSTREAM_TIMEOUT_MS: String(defaults.upstreamTimeoutMs),
      LOG_LEVEL: defaults.logLevel,
    });
  });

  it('-h prints the same help', async () => {
    const [long, short] = await Promise.all([runHelp(), runCli(['-h'])]);

    expect(short).toEqual({ code: 0, stdout: long.stdout, stderr: '' });
  });

  it('works even when the configuration is invalid: help reads no configuration', async () => {
    const { code, stdout, stderr } = await runCli(['--help'], { PORT: 'abc', BLAND_BASE_URL: 'notaurl' });

    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('Environment variables:');
  });
});

describe('--print-schema', { timeout: testTimeoutMs }, () => {
  it('exits 0 and prints exactly the committed schema.graphql', async () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

    expect(await runCli(['--print-schema'])).toEqual({ code: 0, stdout: committed, stderr: '' });
  });

  it('works even when the configuration is invalid', async () => {
    const { code, stdout } = await runCli(['--print-schema'], { PORT: 'abc' });

    expect(code).toBe(0);
    expect(stdout).toContain('type Mutation {');
  });
});

describe('an argument it does not know', { timeout: testTimeoutMs }, () => {
  it.for<[readonly string[], string]>([
    [['--nope'], 'Unknown option: --nope'],
    [['-x'], 'Unknown option: -x'],
    [['--HELP'], 'Unknown option: --HELP'],
    [['--help=yes'], 'Unknown option: --help=yes'],
    [['serve'], 'Unknown option: serve'],
    [['--help', 'extra'], 'Unexpected argument: extra'],
    [['--print-schema', '--help'], 'Unexpected argument: --help'],
  ])('%j exits 2 and names it on stderr: %s', async ([args, message], { expect }) => {
    expect(await runCli(args)).toEqual({ code: 2, stdout: '', stderr: `${message}\n${helpHint}\n` });
  });

  it.for<[readonly string[], string]>([
    [['serve', 'extra'], 'serve'],
    [['--port', '4000'], '--port'],
    [['--nope', '--help'], '--nope'],
  ])(
    '%j exits 2 and names the first argument it does not know (%s), not a later one',
    async ([args, unknown], { expect }) => {
      const { code, stdout, stderr } = await runCli(args);

      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`Unknown option: ${unknown}\n${helpHint}\n`);
    },
  );
});

describe('package.json', () => {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

  it('declares the bin that runs the built entry point', () => {
    expect(packageJson.bin).toEqual({ 'voice-ai-gateway': 'dist/main.js' });
  });

  it('has an entry point that starts with a node shebang, which the build keeps', () => {
    const source = readFileSync(new URL('../src/main.ts', import.meta.url), 'utf8');

    expect(source.split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
