import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeVendor, hang, json, type Reply, startFakeVendor } from './helpers/fake-vendor.js';
import { deletePersonaMutation } from './helpers/operations.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const blandKey = 'sk-shutdown-bland-key';
const drainDelayMs = 800;
const shutdownTimeoutMs = 2500;
/** Longer than the shutdown deadline, so the deadline, not the vendor timeout, ends the hung call. */
const upstreamTimeoutMs = 10_000;
/** How long the fake Bland takes to answer the slow delete: after the drain delay, before the deadline. */
const slowAnswerMs = 1500;
const exitBoundMs = 8000;

const slowId = 'persona-slow';
const hungId = 'persona-hung';
const successBody = '{"data":{"success":true,"message":"Persona deleted successfully"},"errors":null}';

interface RunningMain {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>`, read from the start-up line. */
  origin: string;
  /** Resolves with the first stdout line matching `pattern`; rejects after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Resolves with the exit code and signal; rejects after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();

interface StartOptions {
  /** Overrides of the environment below. */
  env?: Record<string, string>;
  /** Sent from the very handler that first sees the start-up line, before anything else runs. */
  signalOnStartLine?: NodeJS.Signals;
}

/** Starts `node --import tsx src/main.ts` in LIVE mode against `blandUrl`, with only PATH and HOME of ours. */
async function startMain(blandUrl: string, options: StartOptions = {}): Promise<RunningMain> {
  const env: NodeJS.ProcessEnv = {
    HOST: '127.0.0.1',
    PORT: '0',
    BLAND_BASE_URL: blandUrl,
    BLAND_API_KEY: blandKey,
    DRAIN_DELAY_MS: String(drainDelayMs),
    SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
    UPSTREAM_TIMEOUT_MS: String(upstreamTimeoutMs),
    ...options.env,
  };
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  let signalled = false;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (options.signalOnStartLine && !signalled && /Live mode/.test(output)) {
      signalled = true;
      child.kill(options.signalOnStartLine);
    }
    notify();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      children.delete(child);
      notify();
      resolve(exit);
    });
  });

  const waitForLine = (pattern: RegExp, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = output.split('\n').find((candidate) => pattern.test(candidate));
        if (line !== undefined) {
          done();
          resolve(line);
        } else if (exit) {
          done();
          reject(new Error(`main exited (${JSON.stringify(exit)}) before printing ${pattern}:\n${output}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const startLine = await waitForLine(/Live mode/, 15_000);
  const origin = /GraphQL: (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(startLine)?.[1];
  if (!origin) throw new Error(`the start-up line gives no GraphQL URL: ${startLine}`);
  return {
    child,
    origin,
    waitForLine,
    waitForExit: (timeoutMs) =>
      Promise.race([
        exited,
        sleep(timeoutMs).then(() => {
          throw new Error(`main did not exit within ${timeoutMs} ms:\n${output}`);
        }),
      ]),
  };
}

interface HttpAnswer {
  status: number;
  /** Parsed when the answer is JSON, else the text. */
  body: unknown;
  /** `Date.now()` when the whole answer had arrived. */
  arrivedAt: number;
}

/**
 * One request on a connection of its own (`agent: false`: no keep-alive), so a refused connection
 * shows as `ECONNREFUSED` instead of a pooled socket being reused.
 */
function send(url: string, options: { method?: string; body?: unknown } = {}): Promise<HttpAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'GET',
        agent: false,
        headers: payload
          ? { 'content-type': 'application/json', accept: 'application/graphql-response+json' }
          : {},
        signal: AbortSignal.timeout(exitBoundMs + 2000),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          const isJson = /json/.test(res.headers['content-type'] ?? '');
          try {
            resolve({
              status: res.statusCode ?? 0,
              body: isJson ? JSON.parse(text) : text,
              arrivedAt: Date.now(),
            });
          } catch (error) {
            reject(error);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function deletePersona(origin: string, id: string): Promise<HttpAnswer> {
  return send(`${origin}/graphql`, {
    method: 'POST',
    body: { query: deletePersonaMutation, variables: { id } },
  });
}

/** Waits, in bounded steps, until the fake vendor has received `count` requests. */
async function untilReceived(vendor: FakeVendor, count: number): Promise<void> {
  for (let step = 0; step < 300 && vendor.requests.length < count; step += 1) await sleep(10);
  expect(vendor.requests).toHaveLength(count);
}

/** The slow id is answered with success after {@link slowAnswerMs}; the hung id never. */
function slowAndHungBland(): Reply {
  const answerSuccess = json(200, successBody);
  const neverAnswer = hang();
  return (request, response) => {
    if (request.url?.startsWith(`/v1/personas/${slowId}?`)) {
      const timer = setTimeout(() => answerSuccess(request, response), slowAnswerMs);
      response.on('close', () => clearTimeout(timer));
      return;
    }
    neverAnswer(request, response);
  };
}

let bland: FakeVendor;

beforeAll(async () => {
  bland = await startFakeVendor(slowAndHungBland());
});

afterEach(() => {
  bland.requests.length = 0;
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await bland.close();
});

describe('on SIGTERM with deletes in flight', () => {
  let main: RunningMain;
  let signalAt: number;
  let slow: Promise<HttpAnswer>;
  let hung: Promise<HttpAnswer>;

  beforeAll(async () => {
    main = await startMain(bland.url);
    slow = deletePersona(main.origin, slowId);
    hung = deletePersona(main.origin, hungId);
    // Rejections are asserted by the tests below; this keeps them from being unhandled meanwhile.
    slow.catch(() => {});
    hung.catch(() => {});
    await untilReceived(bland, 2);
    signalAt = Date.now();
    main.child.kill('SIGTERM');
  });

  afterAll(() => {
    main?.child.kill('SIGKILL');
  });

  it('answers /ready 503 at once, while a new query is still served during the drain delay', async () => {
    await main.waitForLine(/SIGTERM: draining/, drainDelayMs);
    const ready = await send(`${main.origin}/ready`);
    const query = await send(`${main.origin}/graphql`, {
      method: 'POST',
      body: { query: '{ gateway { mode } }' },
    });
    expect(ready).toEqual({
      status: 503,
      body: {
        status: 'draining',
        vendors: { BLAND: { circuit: 'CLOSED' }, BOLNA: { circuit: 'CLOSED' } },
        store: 'memory',
      },
      arrivedAt: expect.any(Number),
    });
    expect(query).toEqual({
      status: 200,
      body: { data: { gateway: { mode: 'LIVE' } } },
      arrivedAt: expect.any(Number),
    });
    expect(query.arrivedAt - signalAt).toBeLessThan(drainDelayMs);
  });

  it('refuses new connections once the drain delay has passed', async () => {
    await sleep(Math.max(0, signalAt + drainDelayMs + 300 - Date.now()));
    await expect(send(`${main.origin}/health`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(Date.now() - signalAt).toBeLessThan(shutdownTimeoutMs);
  });

  it('gives the delete the vendor answers in time its real DeletePersonaSuccess', async () => {
    const answer = await slow;
    expect(answer).toEqual({
      status: 200,
      body: {
        data: {
          deletePersona: {
            __typename: 'DeletePersonaSuccess',
            personaId: slowId,
            message: 'Persona deleted successfully',
          },
        },
      },
      arrivedAt: expect.any(Number),
    });
    // It finished after new connections were refused: it was drained, not merely quick.
    expect(answer.arrivedAt - signalAt).toBeGreaterThan(drainDelayMs);
  });

  it('answers the delete the vendor never answers UpstreamError TIMEOUT at the shutdown deadline', async () => {
    const answer = await hung;
    expect(answer).toEqual({
      status: 200,
      body: {
        data: {
          deletePersona: {
            __typename: 'UpstreamError',
            message: 'The gateway shut down before Bland answered; the delete may or may not have happened.',
            vendor: 'BLAND',
            vendorCode: null,
            retryable: true,
            reason: 'TIMEOUT',
            status: null,
          },
        },
      },
      arrivedAt: expect.any(Number),
    });
    expect(answer.arrivedAt - signalAt).toBeGreaterThanOrEqual(shutdownTimeoutMs - 200);
    expect(answer.arrivedAt - signalAt).toBeLessThan(shutdownTimeoutMs + 1500);
  });

  it('exits with code 0 within the bound', async () => {
    expect(await main.waitForExit(Math.max(0, signalAt + exitBoundMs - Date.now()))).toEqual({
      code: 0,
      signal: null,
    });
    expect(Date.now() - signalAt).toBeLessThan(exitBoundMs);
  });
});

describe('on SIGINT', () => {
  it('answers /ready 503 while draining, then exits with code 0', async () => {
    const main = await startMain(bland.url);
    try {
      expect((await send(`${main.origin}/health`)).status).toBe(200);
      const signalAt = Date.now();
      main.child.kill('SIGINT');
      await main.waitForLine(/SIGINT: draining/, drainDelayMs);
      expect(await send(`${main.origin}/ready`)).toEqual({
        status: 503,
        body: {
          status: 'draining',
          vendors: { BLAND: { circuit: 'CLOSED' }, BOLNA: { circuit: 'CLOSED' } },
          store: 'memory',
        },
        arrivedAt: expect.any(Number),
      });
      expect(await main.waitForExit(exitBoundMs)).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalAt).toBeLessThan(exitBoundMs);
    } finally {
      main.child.kill('SIGKILL');
    }
  });
});

describe('a signal right after start-up', () => {
  // The start-up line says the gateway serves; from then on a signal must drain, not kill. Each try
  // sends SIGTERM from the very handler that reads that line, to catch a gap before the handlers.
  it('exits with code 0 on SIGTERM sent the moment the start-up line appears (5 tries)', async () => {
    const exits: { code: number | null; signal: NodeJS.Signals | null }[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const main = await startMain(bland.url, {
        env: { DRAIN_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: '1000' },
        signalOnStartLine: 'SIGTERM',
      });
      try {
        exits.push(await main.waitForExit(exitBoundMs));
      } finally {
        main.child.kill('SIGKILL');
      }
    }
    expect(exits).toEqual(Array.from({ length: 5 }, () => ({ code: 0, signal: null })));
  }, 60_000);
});
