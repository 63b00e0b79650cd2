import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePersonaMutation } from './helpers/operations.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const startTimeoutMs = 15_000;

interface RunningMain {
  child: ChildProcess;
  stdoutLines(): string[];
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern`; rejects after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code and signal; rejects after `timeoutMs`. */
  waitForExit(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();

/** A clean environment: only PATH and HOME from ours, so no vendor variable or NODE_ENV leaks in. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  return { ...env, ...extra };
}

/** Starts `src/main.ts` as `node --import tsx src/main.ts`, the way an operator would (minus the build). */
function startMain(extraEnv: Record<string, string>): RunningMain {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: cleanEnv(extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  const lineListeners = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of lineListeners) listener();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      children.delete(child);
      for (const listener of lineListeners) listener();
      resolve(exit);
    });
  });
  const stdoutLines = () => stdout.split('\n').filter((line) => line.trim() !== '');

  return {
    child,
    stdoutLines,
    stderr: () => stderr,
    waitForLine: (pattern, timeoutMs = startTimeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const line = stdoutLines().find((candidate) => pattern.test(candidate));
          if (line !== undefined) {
            done();
            resolve(line);
          } else if (exit) {
            done();
            reject(
              new Error(
                `main exited (${JSON.stringify(exit)}) before printing ${pattern}:\n${stdout}${stderr}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${stdout}${stderr}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          lineListeners.delete(check);
        };
        lineListeners.add(check);
        check();
      }),
    waitForExit: (timeoutMs = startTimeoutMs) =>
      Promise.race([
        exited,
        new Promise<never>((_resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`main did not exit within ${timeoutMs} ms`)),
            timeoutMs,
          );
          void exited.then(() => clearTimeout(timer));
        }),
      ]),
  };
}

async function postGraphQL(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(5000),
  });
  return { status: response.status, body: JSON.parse(await response.text()) };
}

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

beforeAll(() => {
  if (!existsSync(`${projectRoot}node_modules/.bin/tsx`)) throw new Error('tsx is not installed: run npm ci');
});

describe('with no vendor variable and PORT=0', () => {
  const deletableId = '11111111-1111-4111-8111-111111111111';
  let main: RunningMain;
  let graphqlUrl: string;
  let startLine: string;

  beforeAll(async () => {
    main = startMain({ PORT: '0', HOST: '127.0.0.1' });
    startLine = await main.waitForLine(/sandbox mode/i);
    const match = /GraphiQL: (http:\/\/127\.0\.0\.1:(\d+)\/graphql)\b/.exec(startLine);
    if (!match?.[1]) throw new Error(`the sandbox line gives no GraphiQL URL: ${startLine}`);
    graphqlUrl = match[1];
  });
  afterAll(() => {
    main.child.kill('SIGKILL');
  });

  it('prints one line saying sandbox mode, with the GraphiQL URL on the real port, not 0', () => {
    expect(main.stdoutLines().filter((line) => /sandbox mode/i.test(line))).toEqual([startLine]);
    const port = Number(/127\.0\.0\.1:(\d+)\/graphql/.exec(startLine)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThanOrEqual(65_535);
  });

  it('answers gateway.mode SANDBOX at that URL', async () => {
    expect(await postGraphQL(graphqlUrl, '{ gateway { mode } }')).toEqual({
      status: 200,
      body: { data: { gateway: { mode: 'SANDBOX' } } },
    });
  });

  it('deletes the deletable seed persona once, then reports it not found', async () => {
    expect(await postGraphQL(graphqlUrl, deletePersonaMutation, { id: deletableId })).toEqual({
      status: 200,
      body: {
        data: {
          deletePersona: {
            __typename: 'DeletePersonaSuccess',
            personaId: deletableId,
            message: 'Persona deleted successfully',
          },
        },
      },
    });
    expect(await postGraphQL(graphqlUrl, deletePersonaMutation, { id: deletableId })).toEqual({
      status: 200,
      body: {
        data: {
          deletePersona: {
            __typename: 'PersonaNotFoundError',
            message: 'Persona not found',
            vendor: 'BLAND',
            vendorCode: 'PERSONA_NOT_FOUND',
            retryable: false,
            personaId: deletableId,
          },
        },
      },
    });
  });

  it('exits with code 0 on SIGTERM', async () => {
    main.child.kill('SIGTERM');
    expect(await main.waitForExit(10_000)).toEqual({ code: 0, signal: null });
  });
});

describe('with NODE_ENV=production and no vendor variable', () => {
  let main: RunningMain;
  afterAll(() => {
    main.child.kill('SIGKILL');
  });

  it('runs LIVE against the default origins, never assuming the sandbox', async () => {
    main = startMain({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' });
    const line = await main.waitForLine(/live mode/i);
    expect(main.stdoutLines().some((candidate) => /sandbox mode/i.test(candidate))).toBe(false);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/graphql)\b/.exec(line)?.[1];
    if (!url) throw new Error(`the live line gives no GraphQL URL: ${line}`);
    expect(await postGraphQL(url, '{ gateway { mode vendors { vendor baseUrl hasServerKey } } }')).toEqual({
      status: 200,
      body: {
        data: {
          gateway: {
            mode: 'LIVE',
            vendors: [
              { vendor: 'BLAND', baseUrl: 'https://api.bland.ai', hasServerKey: false },
              { vendor: 'BOLNA', baseUrl: 'https://api.bolna.ai', hasServerKey: false },
            ],
          },
        },
      },
    });
    main.child.kill('SIGTERM');
    expect(await main.waitForExit(10_000)).toEqual({ code: 0, signal: null });
  });
});

describe('with invalid configuration', () => {
  it('exits with code 1 and lists every problem in one message on stderr', async () => {
    const main = startMain({ PORT: 'abc', UPSTREAM_TIMEOUT_MS: 'soon', BLAND_BASE_URL: 'notaurl' });
    try {
      expect(await main.waitForExit()).toEqual({ code: 1, signal: null });
      const stderr = main.stderr();
      expect(stderr.match(/Invalid configuration/g)).toHaveLength(1);
      const message = stderr.slice(stderr.indexOf('Invalid configuration'));
      expect(message).toContain('PORT must be a whole number from 0 to 65535 (got "abc").');
      expect(message).toContain('UPSTREAM_TIMEOUT_MS must be a whole number from 1 to 3600000 (got "soon").');
      expect(message).toContain('BLAND_BASE_URL must be an http or https URL (got "notaurl").');
      expect(main.stdoutLines().some((line) => /(sandbox|live) mode/i.test(line))).toBe(false);
    } finally {
      main.child.kill('SIGKILL');
    }
  });

  it("exits with code 1 on a trusted-documents manifest it cannot read, listed with loadConfig's problems", async () => {
    const missing = '/nonexistent/persisted-documents.json';
    const main = startMain({ PORT: 'abc', TRUSTED_DOCUMENTS_FILE: missing });
    try {
      expect(await main.waitForExit()).toEqual({ code: 1, signal: null });
      const stderr = main.stderr();
      expect(stderr.match(/Invalid configuration/g)).toHaveLength(1);
      expect(stderr.slice(stderr.indexOf('Invalid configuration'))).toContain(
        [
          '  - PORT must be a whole number from 0 to 65535 (got "abc").',
          `  - TRUSTED_DOCUMENTS_FILE ${missing} cannot be read (ENOENT).`,
        ].join('\n'),
      );
    } finally {
      main.child.kill('SIGKILL');
    }
  });
});
