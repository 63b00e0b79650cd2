import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleGateway, withoutLoadingNativeRequest } from '../../scripts/bundle.js';
import { type FakeVendor, json, startFakeVendor } from '../helpers/fake-vendor.js';
import {
  createSigningKey,
  type IdentityProvider,
  type SigningKey,
  signToken,
  startIdentityProvider,
} from '../helpers/identity-provider.js';
import { deletePersonaMutation } from '../helpers/operations.js';
import { type OtlpReceiver, startOtlpReceiver } from '../helpers/otlp-receiver.js';
import { hasRedisServer, type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { type RunningMain, startMain } from '../helpers/start-main.js';
import { blandDeleteSuccess } from '../helpers/vendor-bodies.js';
import { waitUntil } from '../helpers/wait-until.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const blandKey = 'sk-bundle-test-key';
/** The sandbox's seeded persona that no number uses. */
const sandboxPersona = '11111111-1111-4111-8111-111111111111';
const success = (personaId: string) => ({
  data: {
    deletePersona: {
      __typename: 'DeletePersonaSuccess',
      personaId,
      message: 'Persona deleted successfully',
    },
  },
});

// Inside the project, so that the bundle's source map points at the real src/ and the launcher
// finds node_modules (pino-pretty is loaded from there on a terminal).
let outdir: string;
let entry: string;
let bland: FakeVendor;
let main: RunningMain | undefined;

beforeAll(async () => {
  const cache = join(projectRoot, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  outdir = mkdtempSync(join(cache, 'bundle-test-'));
  entry = (await bundleGateway({ outdir })).entry;
  bland = await startFakeVendor(json(200, blandDeleteSuccess));
}, 120_000);
afterAll(async () => {
  await bland?.close();
  rmSync(outdir, { recursive: true, force: true });
});
afterEach(async () => {
  await main?.stop();
  main = undefined;
});

function live(env: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    BLAND_BASE_URL: bland.url,
    BLAND_API_KEY: blandKey,
    ...env,
  };
}

async function post(origin: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return response.json();
}

const deletePersona = (origin: string, id: string, headers?: Record<string, string>) =>
  post(origin, { query: deletePersonaMutation, variables: { id } }, headers);

async function ready(origin: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${origin}/ready`, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: await response.json() };
}

describe('the bundle npm run build writes (launcher, gateway.js, lazy chunks)', () => {
  it('serves a live gateway: /ready, and a delete through the vendor', async () => {
    main = await startMain(live(), { entry: [entry] });

    expect(await ready(main.origin)).toEqual({
      status: 200,
      body: {
        status: 'ready',
        vendors: { BLAND: { circuit: 'CLOSED' }, BOLNA: { circuit: 'CLOSED' } },
        store: 'memory',
      },
    });
    expect(await deletePersona(main.origin, 'persona-1')).toEqual(success('persona-1'));
  });

  it("answers without loading Node's own fetch: Yoga's HTTP layer no longer reads globalThis.Request", async () => {
    // Node's fetch classes are lazy globals: the first read of one loads Node's bundled undici.
    const probe = join(outdir, 'native-undici-probe.mjs');
    writeFileSync(
      probe,
      [
        "const loaded = () => process.moduleLoadList.some((name) => name.endsWith('internal/deps/undici/undici'));",
        "process.on('SIGUSR2', () => process.stderr.write('native undici loaded: ' + loaded() + '\\n'));",
      ].join('\n'),
    );
    main = await startMain(live(), { entry: ['--import', probe, entry] });
    expect(await deletePersona(main.origin, 'persona-2')).toEqual(success('persona-2'));
    expect((await ready(main.origin)).status).toBe(200);

    const running = main;
    running.child.kill('SIGUSR2');
    await waitUntil(() => running.stderr().includes('native undici loaded'), 'the probe to answer');
    expect(running.stderr()).toContain('native undici loaded: false');
  });

  it('refuses to build when createServerAdapter no longer reads globalThis.Request as expected', () => {
    const check = 'const custom = fetchAPI.Request !== globalThis.Request;';
    expect(withoutLoadingNativeRequest(check)).toBe(
      "const custom = fetchAPI.Request !== Object.getOwnPropertyDescriptor(globalThis, 'Request')?.value;",
    );
    expect(() => withoutLoadingNativeRequest('const custom = true;')).toThrow(/expected "fetchAPI.Request/);
    expect(() => withoutLoadingNativeRequest(`${check}${check}`)).toThrow(/once in createServerAdapter/);
  });

  it('writes the version package.json gives into the bundle', async () => {
    const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    main = await startMain(live({ INTROSPECTION: 'true' }), { entry: [entry] });

    expect(await post(main.origin, { query: '{ gateway { version } }' })).toEqual({
      data: { gateway: { version } },
    });
  });

  it('loads the sandbox and GraphiQL from their chunks, in sandbox mode', async () => {
    main = await startMain({ HOST: '127.0.0.1', PORT: '0' }, { entry: [entry] });

    expect(await deletePersona(main.origin, sandboxPersona)).toEqual(success(sandboxPersona));
    const page = await fetch(`${main.origin}/graphql`, {
      headers: { accept: 'text/html' },
      signal: AbortSignal.timeout(10_000),
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<title>Voice AI gateway</title>');
  });

  describe('with tracing on', () => {
    let receiver: OtlpReceiver;
    beforeAll(async () => {
      receiver = await startOtlpReceiver();
    });
    afterAll(async () => {
      await receiver.close();
    });

    it('loads the OpenTelemetry SDK from its chunk and exports the three spans of a delete', async () => {
      main = await startMain(
        live({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '50' }),
        {
          entry: [entry],
        },
      );

      expect(await deletePersona(main.origin, 'persona-2')).toEqual(success('persona-2'));
      await waitUntil(() => receiver.spans().length >= 3, 'three exported spans');
      expect(
        receiver
          .spans()
          .map(({ name, kind }) => ({ name, kind }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      ).toEqual([
        { name: 'DELETE /v1/personas/{persona_id}', kind: 'CLIENT' },
        { name: 'mutation DeletePersona', kind: 'INTERNAL' },
        { name: 'POST /graphql', kind: 'SERVER' },
      ]);
    });
  });

  describe('with JWT sign-in', () => {
    let identity: IdentityProvider;
    let key: SigningKey;
    beforeAll(async () => {
      key = await createSigningKey('bundle-key');
      identity = await startIdentityProvider([key]);
    });
    afterAll(async () => {
      await identity.close();
    });

    it('loads jose from its chunk: a valid token is served, another refused', async () => {
      main = await startMain(
        live({
          JWT_JWKS_URL: identity.jwksUrl,
          JWT_ISSUER: identity.issuer,
          JWT_AUDIENCE: identity.audience,
        }),
        { entry: [entry] },
      );

      expect(
        await deletePersona(main.origin, 'persona-3', { authorization: `Bearer ${await signToken(key)}` }),
      ).toEqual(success('persona-3'));
      expect(await deletePersona(main.origin, 'persona-3', { authorization: 'Bearer not-a-token' })).toEqual({
        errors: [
          expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
        ],
      });
    });
  });

  describe.skipIf(!hasRedisServer())('with Redis', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(async () => {
      await redis.close();
    });

    it('loads the Redis client from its chunk and keeps an idempotency record there', async () => {
      main = await startMain(live({ REDIS_URL: redis.url, STORE_SECRET: 's'.repeat(32) }), {
        entry: [entry],
      });
      const origin = main.origin;
      await waitUntil(
        async () => ((await ready(origin)).body as { store: string }).store === 'ready',
        'Redis',
      );

      expect(await deletePersona(origin, 'persona-4', { 'idempotency-key': 'bundle-key-1' })).toEqual(
        success('persona-4'),
      );
      expect((await redis.dump()).length).toBeGreaterThan(0);
    });
  });

  it('prints stack traces that name src/*.ts lines: the source map is on', async () => {
    const missing = join(outdir, 'no-such-directory', 'audit.jsonl');
    const failed = await run(process.execPath, [entry], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', ...live({ AUDIT_LOG_FILE: missing }) },
      timeout: 15_000,
    }).then(
      () => null,
      (error: { code?: unknown; stderr?: string }) => error,
    );

    const lineOf = (file: string, text: string) =>
      readFileSync(join(projectRoot, file), 'utf8')
        .split('\n')
        .findIndex((line) => line.includes(text)) + 1;
    const frame = (name: string, file: string, text: string) =>
      `at async ${name} (${join(projectRoot, file)}:${lineOf(file, text)}:`;
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(`ENOENT: no such file or directory, open '${missing}'`);
    expect(failed?.stderr).toContain(
      frame('openAuditLog', 'src/observability/audit-log.ts', 'await open(filePath'),
    );
    expect(failed?.stderr).toContain(frame('serve', 'src/main.ts', 'await openAuditLog('));
  });
});
