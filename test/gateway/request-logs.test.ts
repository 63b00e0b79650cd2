import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { openAuditLog } from '../../src/observability/audit-log.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway } from '../../src/server/create-gateway.js';
import { type FakeVendor, findClosedPortUrl, json, startFakeVendor } from '../helpers/fake-vendor.js';
import { deletePersonaMutation } from '../helpers/operations.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const personaId = 'persona-1';
const blandSuccessBody = { data: { success: true, message: 'Persona deleted successfully' }, errors: null };
const blandNotFoundBody = {
  data: null,
  errors: [{ error: 'PERSONA_NOT_FOUND', message: 'Persona not found', details: { persona_id: personaId } }],
};
const successPayload = {
  deletePersona: {
    __typename: 'DeletePersonaSuccess',
    personaId,
    message: 'Persona deleted successfully',
  },
};

/** A `graphql request` line as the observer writes it, in the test process (same pid and host). */
function requestLine(fields: {
  requestId: unknown;
  operationName: string | null;
  operationType: string;
  status: number;
  outcome: string;
}): Record<string, unknown> {
  return {
    level: 30,
    time: expect.any(Number),
    pid: process.pid,
    hostname: hostname(),
    ...fields,
    durationMs: expect.any(Number),
    msg: 'graphql request',
  };
}

/** A child's environment: only PATH and HOME from ours, so no vendor variable or NODE_ENV leaks in. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  return { ...env, ...extra };
}

function requestLines(logs: readonly string[]): Record<string, unknown>[] {
  return logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === 'graphql request');
}

let bland: FakeVendor;
let gateway: TestGateway;
beforeAll(async () => {
  bland = await startFakeVendor(json(200, blandSuccessBody));
  gateway = await startTestGateway({ bland: { baseUrl: bland.url, apiKey: 'sk-server-held-key' } });
});
afterAll(async () => {
  await gateway.close();
  await bland.close();
});
beforeEach(() => {
  bland.setReply(json(200, blandSuccessBody));
  bland.requests.length = 0;
  gateway.logs.length = 0;
});

describe('the graphql request line', () => {
  it('is written once for a delete, with the request id of the response header and every field', async () => {
    const response = await gateway.graphql(deletePersonaMutation, { variables: { id: personaId } });

    expect(response.body).toEqual({ data: successPayload });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(uuid);
    expect(requestLines(gateway.logs)).toEqual([
      requestLine({
        requestId,
        operationName: 'DeletePersona',
        operationType: 'mutation',
        status: 200,
        outcome: 'ok',
      }),
    ]);
  });

  it('carries a duration in whole milliseconds that covers the vendor call', async () => {
    bland.setReply((request, response) => {
      request.resume();
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(blandSuccessBody));
      }, 150);
    });

    await gateway.graphql(deletePersonaMutation, { variables: { id: personaId } });

    const [line] = requestLines(gateway.logs);
    expect(Number.isInteger(line?.durationMs)).toBe(true);
    expect(line?.durationMs).toBeGreaterThanOrEqual(140);
    expect(line?.durationMs).toBeLessThan(2000);
  });

  it('logs a query by its name and type, and an anonymous one with a null name', async () => {
    await gateway.graphql('query WhereAmI { gateway { mode } }');
    await gateway.graphql('{ gateway { mode } }');

    expect(requestLines(gateway.logs)).toEqual([
      requestLine({
        requestId: expect.stringMatching(uuid),
        operationName: 'WhereAmI',
        operationType: 'query',
        status: 200,
        outcome: 'ok',
      }),
      requestLine({
        requestId: expect.stringMatching(uuid),
        operationName: null,
        operationType: 'query',
        status: 200,
        outcome: 'ok',
      }),
    ]);
  });

  it('logs the operation chosen by operationName when the document holds several', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({
        query: 'query First { gateway { mode } } query Second { gateway { version } }',
        operationName: 'Second',
      }),
    });
    await response.text();

    expect(requestLines(gateway.logs)).toEqual([
      requestLine({
        requestId: response.headers.get('x-request-id'),
        operationName: 'Second',
        operationType: 'query',
        status: 200,
        outcome: 'ok',
      }),
    ]);
  });

  it('reports a union error member as ok: union members are data, not errors', async () => {
    bland.setReply(json(404, blandNotFoundBody));

    const response = await gateway.graphql(deletePersonaMutation, { variables: { id: personaId } });

    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'PersonaNotFoundError',
          message: 'Persona not found',
          vendor: 'BLAND',
          vendorCode: 'PERSONA_NOT_FOUND',
          retryable: false,
          personaId,
        },
      },
    });
    expect(requestLines(gateway.logs)).toEqual([
      requestLine({
        requestId: response.headers.get('x-request-id'),
        operationName: 'DeletePersona',
        operationType: 'mutation',
        status: 200,
        outcome: 'ok',
      }),
    ]);
  });

  it('reports an InvalidInputError refused before any vendor call as ok', async () => {
    const response = await gateway.graphql(deletePersonaMutation, { variables: { id: 'not a valid id' } });

    expect(response.body.data).toEqual({
      deletePersona: expect.objectContaining({ __typename: 'InvalidInputError', field: 'id' }),
    });
    expect(bland.requests).toEqual([]);
    expect(requestLines(gateway.logs)).toEqual([
      requestLine({
        requestId: response.headers.get('x-request-id'),
        operationName: 'DeletePersona',
        operationType: 'mutation',
        status: 200,
        outcome: 'ok',
      }),
    ]);
  });

  it('reports an operation refused before it produced data (a missing variable, 400) as rejected, keeping its name', async () => {
    const response = await gateway.graphql(deletePersonaMutation);

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        {
          message: 'Variable "$id" of required type "ID!" was not provided.',
          locations: [expect.any(Object)],
        },
      ],
    });
    expect(bland.requests).toEqual([]);
    expect(requestLines(gateway.logs)).toEqual([
      requestLine({
        requestId: response.headers.get('x-request-id'),
        operationName: 'DeletePersona',
        operationType: 'mutation',
        status: 400,
        outcome: 'rejected',
      }),
    ]);
  });

  it('reports a document that fails validation, and so never runs, as rejected with status 400', async () => {
    const response = await gateway.graphql('{ nope }');

    expect(response.status).toBe(400);
    expect(requestLines(gateway.logs)).toEqual([
      requestLine({
        requestId: response.headers.get('x-request-id'),
        operationName: null,
        operationType: 'none',
        status: 400,
        outcome: 'rejected',
      }),
    ]);
  });

  it('reports a document that does not parse as rejected with status 400', async () => {
    const response = await gateway.graphql('mutation {');

    expect(response.status).toBe(400);
    expect(requestLines(gateway.logs)).toEqual([
      requestLine({
        requestId: response.headers.get('x-request-id'),
        operationName: null,
        operationType: 'none',
        status: 400,
        outcome: 'rejected',
      }),
    ]);
  });

  it('reports a POST that is not JSON (415) as rejected, and never calls the vendor', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: 'mutation { deletePersona(id: "persona-1") { __typename } }' }),
    });
    await response.text();

    expect(response.status).toBe(415);
    expect(bland.requests).toEqual([]);
    expect(requestLines(gateway.logs)).toEqual([
      requestLine({
        requestId: response.headers.get('x-request-id'),
        operationName: null,
        operationType: 'none',
        status: 415,
        outcome: 'rejected',
      }),
    ]);
  });

  it('reports a mutation over GET (405) as rejected', async () => {
    const query = encodeURIComponent('mutation { deletePersona(id: "persona-1") { __typename } }');
    const response = await fetch(`${gateway.url}/graphql?query=${query}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    await response.text();

    expect(response.status).toBe(405);
    expect(bland.requests).toEqual([]);
    expect(requestLines(gateway.logs)).toEqual([
      requestLine({
        requestId: response.headers.get('x-request-id'),
        operationName: null,
        operationType: 'none',
        status: 405,
        outcome: 'rejected',
      }),
    ]);
  });

  it('writes no request line for /health, /ready, /metrics or an unknown path', async () => {
    for (const path of ['/health', '/ready', '/metrics', '/graphql/', '/nothing-here']) {
      const response = await fetch(`${gateway.url}${path}`);
      await response.text();
    }

    expect(requestLines(gateway.logs)).toEqual([]);
  });

  it('writes one line for a chunked POST (no content-length), as for any other request', async () => {
    const body = JSON.stringify({ query: deletePersonaMutation, variables: { id: personaId } });
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(body));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    const payload = JSON.parse(await response.text());

    expect(payload).toEqual({ data: successPayload });
    const requestId = response.headers.get('x-request-id');
    expect(bland.requests.map(({ headers }) => headers['x-request-id'])).toEqual([requestId]);
    expect(requestLines(gateway.logs)).toEqual([
      requestLine({
        requestId,
        operationName: 'DeletePersona',
        operationType: 'mutation',
        status: 200,
        outcome: 'ok',
      }),
    ]);
  });

  it('keeps concurrent requests apart: one line each, with its own request id and outcome', async () => {
    // The vendor answers the requests in reverse order of arrival, so the lines come out of order.
    bland.setReply((request, response) => {
      request.resume();
      const delayMs = request.url?.includes('persona-slow') ? 200 : 20;
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(blandSuccessBody));
      }, delayMs);
    });
    const ids = ['persona-slow', 'persona-fast', 'not a valid id'];

    const responses = await Promise.all(
      ids.map((id, index) =>
        gateway.graphql(deletePersonaMutation, {
          variables: { id },
          headers: { 'x-request-id': `concurrent-${index}` },
        }),
      ),
    );

    expect(responses.map(({ headers }) => headers.get('x-request-id'))).toEqual([
      'concurrent-0',
      'concurrent-1',
      'concurrent-2',
    ]);
    const lines = requestLines(gateway.logs);
    expect(lines.map(({ requestId }) => requestId).sort()).toEqual([
      'concurrent-0',
      'concurrent-1',
      'concurrent-2',
    ]);
    expect(lines.at(-1)?.requestId).toBe('concurrent-0');
    for (const line of lines) {
      expect(line).toEqual(
        requestLine({
          requestId: line.requestId,
          operationName: 'DeletePersona',
          operationType: 'mutation',
          status: 200,
          outcome: 'ok',
        }),
      );
    }
    const slow = lines.find(({ requestId }) => requestId === 'concurrent-0');
    expect(slow?.durationMs).toBeGreaterThanOrEqual(190);
    expect(bland.requests.map(({ headers }) => headers['x-request-id']).sort()).toEqual([
      'concurrent-0',
      'concurrent-1',
    ]);
  });

  it('carries no part of the x-bland-api-key a delete was sent with', async () => {
    const secret = randomBytes(16).toString('hex');
    const key = `sk-LOGCANARY-${secret}`;

    const response = await gateway.graphql(deletePersonaMutation, {
      variables: { id: personaId },
      headers: { 'x-bland-api-key': key },
    });

    expect(bland.requests.map(({ headers }) => headers.authorization)).toEqual([key]);
    const lines = gateway.logs.filter((line) => JSON.parse(line).msg === 'graphql request');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      requestLine({
        requestId: response.headers.get('x-request-id'),
        operationName: 'DeletePersona',
        operationType: 'mutation',
        status: 200,
        outcome: 'ok',
      }),
    ]);
    for (const line of lines) {
      expect(line).not.toContain(secret);
      expect(line).not.toContain(key);
    }
  });
});

describe('with GATEWAY_TOKENS set', () => {
  const token = `gw-token-${randomBytes(12).toString('hex')}`;
  let guarded: TestGateway;
  beforeAll(async () => {
    guarded = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: 'sk-server-held-key' },
      gatewayTokens: [token],
    });
  });
  afterAll(async () => {
    await guarded.close();
  });

  it('reports a request without a token (401) as rejected, with the request id it answered', async () => {
    const response = await guarded.graphql(deletePersonaMutation, {
      variables: { id: personaId },
      headers: { 'x-request-id': 'client-req-401' },
    });

    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe('client-req-401');
    expect(bland.requests).toEqual([]);
    expect(requestLines(guarded.logs)).toEqual([
      requestLine({
        requestId: 'client-req-401',
        operationName: null,
        operationType: 'none',
        status: 401,
        outcome: 'rejected',
      }),
    ]);
  });

  it('logs no part of the bearer token', async () => {
    guarded.logs.length = 0;
    await guarded.graphql('{ gateway { mode } }', { headers: { authorization: `Bearer ${token}` } });

    expect(requestLines(guarded.logs)).toHaveLength(1);
    expect(guarded.logs.join('')).not.toContain(token.slice('gw-token-'.length));
  });
});

describe('the request id', () => {
  const delete_ = (requestId: string) =>
    gateway.graphql(deletePersonaMutation, {
      variables: { id: personaId },
      headers: { 'x-request-id': requestId },
    });

  it.each([
    ['letters, digits and . _ : -', 'Client.req_42:a-b'],
    ['a UUID', '0b8c9a1e-3f0e-4d4e-9a3c-7d1f2e3a4b5c'],
    ['exactly 128 characters', 'r'.repeat(128)],
  ])(
    'uses a safe client x-request-id (%s) in the log line, the response header and the vendor call',
    async (_name, sent) => {
      const response = await delete_(sent);

      expect(response.body).toEqual({ data: successPayload });
      expect(response.headers.get('x-request-id')).toBe(sent);
      expect(bland.requests.map(({ headers }) => headers['x-request-id'])).toEqual([sent]);
      expect(requestLines(gateway.logs)).toEqual([
        requestLine({
          requestId: sent,
          operationName: 'DeletePersona',
          operationType: 'mutation',
          status: 200,
          outcome: 'ok',
        }),
      ]);
    },
  );

  it.each([
    ['with spaces', 'hello world'],
    ['129 characters long', 'r'.repeat(129)],
    ['non-ASCII', 'caf\u00e9-1'],
    ['with a quote and a slash', 'id"/../x'],
    ['with a backslash', 'id\\nforged'],
    ['with braces', '{"level":60}'],
  ])(
    'replaces an unsafe client x-request-id (%s) by one UUID used in all three places',
    async (_name, sent) => {
      const response = await delete_(sent);

      expect(response.body).toEqual({ data: successPayload });
      const requestId = response.headers.get('x-request-id');
      expect(requestId).toMatch(uuid);
      expect(bland.requests.map(({ headers }) => headers['x-request-id'])).toEqual([requestId]);
      expect(requestLines(gateway.logs)).toEqual([
        requestLine({
          requestId,
          operationName: 'DeletePersona',
          operationType: 'mutation',
          status: 200,
          outcome: 'ok',
        }),
      ]);
    },
  );

  it('generates a different id for each request that sends none', async () => {
    const first = await gateway.graphql('{ gateway { mode } }');
    const second = await gateway.graphql('{ gateway { mode } }');

    expect(first.headers.get('x-request-id')).toMatch(uuid);
    expect(second.headers.get('x-request-id')).toMatch(uuid);
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });
});

describe('LOG_LEVEL', () => {
  it('warn: a gateway writes no request line, though it serves the request', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'warn',
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    const gatewayAtWarn = createGateway({
      ...loadConfig({ SANDBOX: 'false' }),
      bland: { baseUrl: bland.url, apiKey: 'sk-server-held-key' },
      upstreamRetries: 0,
      auditLog: await openAuditLog({ logger }),
      logger,
    });
    try {
      const response = await gatewayAtWarn.handler.fetch('http://127.0.0.1/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: deletePersonaMutation, variables: { id: personaId } }),
      });

      expect(await response.json()).toEqual({ data: successPayload });
      expect(bland.requests).toHaveLength(1);
      expect(lines.filter((line) => line.includes('graphql request'))).toEqual([]);
    } finally {
      await gatewayAtWarn.close();
    }
  });

  it('info (the default): the same gateway writes the request line', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    const gatewayAtInfo = createGateway({
      ...loadConfig({ SANDBOX: 'false' }),
      auditLog: await openAuditLog({ logger }),
      logger,
    });
    try {
      const response = await gatewayAtInfo.handler.fetch('http://127.0.0.1/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'at-info-level' },
        body: JSON.stringify({ query: '{ gateway { mode } }' }),
      });
      await response.text();

      expect(requestLines(lines)).toEqual([
        requestLine({
          requestId: 'at-info-level',
          operationName: null,
          operationType: 'query',
          status: 200,
          outcome: 'ok',
        }),
      ]);
    } finally {
      await gatewayAtInfo.close();
    }
  });
});

describe('LOG_LEVEL on the real entry point', () => {
  it('warn: serves requests and writes nothing at all to standard output, start-up and stop included', async () => {
    const port = Number(new URL(await findClosedPortUrl()).port);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot,
      env: cleanEnv({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DRAIN_DELAY_MS: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      let answer: unknown;
      while (answer === undefined) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`the gateway did not answer on port ${port}:\n${stdout}${stderr}`);
        }
        try {
          const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ gateway { mode } }' }),
            signal: AbortSignal.timeout(2000),
          });
          answer = await response.json();
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      expect(answer).toEqual({ data: { gateway: { mode: 'SANDBOX' } } });

      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<never>((_resolve, reject) =>
          setTimeout(() => reject(new Error('no exit within 10 s after SIGTERM')), 10_000),
        ),
      ]);
      expect(code).toBe(0);
      expect(stdout).toBe('');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('output format', () => {
  const children = new Set<ReturnType<typeof spawn>>();
  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
    children.clear();
  });

  it('pretty: true writes a human-readable line, not JSON, to standard output', async () => {
    const marker = `pretty-${randomBytes(6).toString('hex')}`;
    const script = [
      "import { createLogger } from './src/observability/logger.ts';",
      `createLogger({ pretty: true }).info({ requestId: 'rid-1' }, '${marker}');`,
    ].join('\n');

    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd: projectRoot, env: cleanEnv(), timeout: 15_000, killSignal: 'SIGKILL' },
    );

    const lines = stripVTControlCharacters(stdout)
      .split('\n')
      .filter((line) => line.trim() !== '');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^\\[\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\] INFO \\(\\d+\\): ${marker}$`)),
      '    requestId: "rid-1"',
    ]);
    for (const line of lines) expect(() => JSON.parse(line)).toThrow();
  });

  it.skipIf(!hasScript)(
    'the real entry point writes readable lines, not JSON, when standard output is a terminal',
    async () => {
      // util-linux `script` runs the entry point on a pseudo-terminal and copies what it prints.
      const command = `'${process.execPath}' --import tsx src/main.ts`;
      const child = spawn('script', ['-qefc', command, '/dev/null'], {
        cwd: projectRoot,
        env: cleanEnv({ PORT: '0', HOST: '127.0.0.1' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      let output = '';
      child.stdout.setEncoding('utf8');
      const startLine = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line within 15 s:\n${output}`)), 15_000);
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          const line = stripVTControlCharacters(output)
            .split(/\r?\n/)
            .find((candidate) => /Sandbox mode/.test(candidate));
          if (line !== undefined) {
            clearTimeout(timer);
            resolve(line.trimEnd());
          }
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`script exited with ${code}:\n${output}`));
        });
      });

      expect(startLine).toMatch(
        /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO \(\d+\): Sandbox mode: .* GraphiQL: http:\/\/127\.0\.0\.1:\d+\/graphql$/,
      );
      expect(() => JSON.parse(startLine)).toThrow();
    },
  );

  it('the real entry point writes JSON lines when standard output is not a terminal', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot,
      env: cleanEnv({ PORT: '0', HOST: '127.0.0.1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const started = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line within 15 s:\n${stdout}`)), 15_000);
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        const url = /GraphiQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(stdout)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`main exited with ${code}:\n${stdout}`));
      });
    });
    const url = await started;

    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'json-line-check' },
      body: JSON.stringify({ query: 'query Mode { gateway { mode } }' }),
      signal: AbortSignal.timeout(5000),
    });
    expect(await response.json()).toEqual({ data: { gateway: { mode: 'SANDBOX' } } });
    const deadline = Date.now() + 5000;
    while (!stdout.includes('json-line-check') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const lines = stdout.split('\n').filter((line) => line.trim() !== '');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.filter((entry) => entry.msg === 'graphql request')).toEqual([
      {
        level: 30,
        time: expect.any(Number),
        pid: child.pid,
        hostname: expect.any(String),
        requestId: 'json-line-check',
        operationName: 'Mode',
        operationType: 'query',
        status: 200,
        outcome: 'ok',
        durationMs: expect.any(Number),
        msg: 'graphql request',
      },
    ]);
    expect(entries.some((entry) => /sandbox mode/i.test(String(entry.msg)))).toBe(true);
  });
});
