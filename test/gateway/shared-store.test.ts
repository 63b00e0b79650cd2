import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { createGatewayMetrics, type GatewayMetrics } from '../../src/observability/metrics.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { type FakeVendor, json, startFakeVendor } from '../helpers/fake-vendor.js';
import { deletePersonaMutation } from '../helpers/operations.js';
import { hasRedisServer, type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { type RunningMain, startMain } from '../helpers/start-main.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitUntil } from '../helpers/wait-until.js';

// Needs redis-server (Debian's package): skipped without it, except in CI.
const redisAvailable = hasRedisServer();

const personaId = '11111111-1111-4111-8111-111111111111';
const blandSuccessBody = { data: { success: true, message: 'Persona deleted successfully' }, errors: null };
const blandSuccess = {
  __typename: 'DeletePersonaSuccess',
  personaId,
  message: 'Persona deleted successfully',
};
const query = '{ gateway { mode } }';

/** Secrets the gateway is handed; none may reach Redis, in any form. */
const canaries = {
  storeSecret: `store-secret-canary-${randomUUID()}`,
  blandServerKey: `sk-server-canary-${randomUUID()}`,
  blandClientKey: `org_client-canary-${randomUUID()}`,
  tokens: [
    `token-a-canary-${randomUUID()}`,
    `token-b-canary-${randomUUID()}`,
    `token-c-canary-${randomUUID()}`,
    `token-d-canary-${randomUUID()}`,
  ],
  redisPassword: `redis-pa55-canary-${randomUUID()}`,
};

function budgetRefusal(retryAfterSeconds: number) {
  return {
    __typename: 'RateLimitedError',
    message: "The gateway's budget of requests to Bland is spent for this minute; nothing was sent to Bland.",
    vendor: 'BLAND',
    vendorCode: null,
    retryable: true,
    retryAfterSeconds,
  };
}

async function postGraphQL(
  origin: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; retryAfter: string | null; body: Record<string, unknown> }> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: JSON.parse(await response.text()),
  };
}

async function readReady(origin: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${origin}/ready`, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: await response.json() };
}

/** Polls /ready until it shows the store ready (the gateway does not wait for Redis to start). */
async function untilStoreReady(origin: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await readReady(origin)).body.store === 'ready') return;
    await sleep(50);
  }
  throw new Error(`${origin} never showed the store ready`);
}

describe.skipIf(!redisAvailable)('two gateway processes sharing one Redis', () => {
  let redis: RedisServer;
  let bland: FakeVendor;
  let mains: RunningMain[] = [];
  const bearer = (token: number) => ({ authorization: `Bearer ${canaries.tokens[token]}` });

  beforeAll(async () => {
    redis = await startRedisServer({ user: { name: 'gateway', password: canaries.redisPassword } });
    bland = await startFakeVendor(json(200, blandSuccessBody));
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: redis.url,
      STORE_SECRET: canaries.storeSecret,
      BLAND_BASE_URL: bland.url,
      BLAND_API_KEY: canaries.blandServerKey,
      BLAND_MAX_REQUESTS_PER_MIN: '10',
      GATEWAY_TOKENS: canaries.tokens.join(','),
      CLIENT_MAX_REQUESTS_PER_MIN: '15',
      UPSTREAM_RETRIES: '0',
    };
    mains = await Promise.all([startMain(env), startMain(env)]);
    await Promise.all(mains.map(({ origin }) => untilStoreReady(origin)));
  }, 40_000);
  afterAll(async () => {
    await Promise.all(mains.map((main) => main.stop()));
    await bland?.close();
    await redis?.close();
  });

  it('shows the store ready in /ready, which is 200', async () => {
    for (const { origin } of mains) {
      expect(await readReady(origin)).toEqual({
        status: 200,
        body: {
          status: 'ready',
          vendors: { BLAND: { circuit: 'CLOSED' }, BOLNA: { circuit: 'CLOSED' } },
          store: 'ready',
        },
      });
    }
  });

  it('sends the vendor exactly its budget of 10 out of 30 deletes made through both, and refuses the rest at once', async () => {
    // Two callers, 15 each (exactly their client limit), every other request through the other process.
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        postGraphQL(
          (mains[index % 2] as RunningMain).origin,
          { query: deletePersonaMutation, variables: { id: personaId } },
          bearer(index < 15 ? 0 : 1),
        ),
      ),
    );

    expect(bland.requests).toHaveLength(10);
    expect(answers.map(({ status }) => status)).toEqual(Array(30).fill(200));
    const payloads = answers.map(
      ({ body }) => (body.data as { deletePersona: Record<string, unknown> }).deletePersona,
    );
    const successes = payloads.filter((payload) => payload.__typename === 'DeletePersonaSuccess');
    const refusals = payloads.filter((payload) => payload.__typename !== 'DeletePersonaSuccess');
    expect(successes).toEqual(Array(10).fill(blandSuccess));
    expect(refusals).toEqual(refusals.map((refusal) => budgetRefusal(refusal.retryAfterSeconds as number)));
    // The window opened with the first request counted; a loaded machine may take seconds for 30.
    const elapsedS = Math.ceil((performance.now() - started) / 1000);
    for (const { retryAfterSeconds } of refusals) {
      expect(retryAfterSeconds).toBeGreaterThanOrEqual(59 - elapsedS);
      expect(retryAfterSeconds).toBeLessThanOrEqual(60);
    }
  });

  it('limits one caller across both processes: exactly 15 pass, then 429 with an integer Retry-After', async () => {
    const answers = [];
    const started = performance.now();
    for (let index = 0; index < 20; index++) {
      answers.push(await postGraphQL((mains[index % 2] as RunningMain).origin, { query }, bearer(2)));
    }

    expect(answers.slice(0, 15)).toEqual(
      Array(15).fill({ status: 200, retryAfter: null, body: { data: { gateway: { mode: 'LIVE' } } } }),
    );
    const elapsedS = Math.ceil((performance.now() - started) / 1000);
    for (const { status, retryAfter, body } of answers.slice(15)) {
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(59 - elapsedS);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
      expect(retryAfter).toMatch(/^\d+$/);
      expect({ status, body }).toEqual({
        status: 429,
        body: {
          errors: [
            {
              message: `Too many requests: at most 15 per minute per client. Retry after ${retryAfter} s.`,
              extensions: { code: 'RATE_LIMITED' },
            },
          ],
        },
      });
    }
  });

  it('stores nothing secret: no key or value in Redis holds a credential, a token or the store secret, nor a plain hash of one', async () => {
    // One more delete, from a caller with a key of its own, so that key is counted too.
    const own = await postGraphQL(
      (mains[0] as RunningMain).origin,
      { query: deletePersonaMutation, variables: { id: personaId } },
      { ...bearer(3), 'x-bland-api-key': canaries.blandClientKey },
    );
    expect(own.body).toEqual({ data: { deletePersona: blandSuccess } });
    expect(bland.requests.at(-1)?.headers.authorization).toBe(canaries.blandClientKey);

    const stored = await redis.dump();

    // One budget counter per vendor key and one client counter per caller, nothing else.
    expect(stored.map(({ key }) => key.replace(/:[A-Za-z0-9_-]{43}$/, '')).sort()).toEqual([
      'voice-ai-gateway:budget',
      'voice-ai-gateway:budget',
      'voice-ai-gateway:client',
      'voice-ai-gateway:client',
      'voice-ai-gateway:client',
      'voice-ai-gateway:client',
    ]);
    const everything = JSON.stringify(stored);
    for (const secret of [
      canaries.storeSecret,
      canaries.blandServerKey,
      canaries.blandClientKey,
      ...canaries.tokens,
      canaries.redisPassword,
    ]) {
      expect(everything).not.toContain(secret);
      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        expect(everything).not.toContain(createHash('sha256').update(secret).digest(encoding));
      }
    }
  });

  it('logs no credential, token, store secret or Redis password, in either process', () => {
    const logged = mains.map((main) => `${main.lines().join('\n')}${main.stderr()}`).join('\n');
    expect(logged).toContain('store: connected to Redis at redis://127.0.0.1:');
    for (const secret of [
      canaries.storeSecret,
      canaries.blandServerKey,
      canaries.blandClientKey,
      ...canaries.tokens,
      canaries.redisPassword,
    ]) {
      expect(logged).not.toContain(secret);
    }
  });
});

describe.skipIf(!redisAvailable)('one gateway while Redis is stopped, then restarted', () => {
  let redis: RedisServer;
  let bland: FakeVendor;
  let store: Store;
  let metrics: GatewayMetrics;
  let gateway: TestGateway;
  const deleter = 'deleter-token-0123456789';
  const asker = 'asker-token-0123456789';

  beforeAll(async () => {
    redis = await startRedisServer();
    bland = await startFakeVendor(json(200, blandSuccessBody));
    metrics = createGatewayMetrics();
    store = createRedisStore({ url: redis.url, logger: createLogger({ level: 'silent' }), metrics });
    await waitUntil(() => store.state === 'ready', 'the store is ready');
    gateway = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: 'sk-outage-server-key' },
      vendorRequestsPerMinute: { BLAND: 3, BOLNA: undefined },
      clientRequestsPerMinute: 4,
      gatewayTokens: [deleter, asker],
      store,
      storeSecret: canaries.storeSecret,
      metrics,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await store?.close();
    await bland?.close();
    await redis?.close();
  });

  const deletePersona = async () => {
    const { body } = await gateway.graphql(deletePersonaMutation, {
      variables: { id: personaId },
      headers: { authorization: `Bearer ${deleter}` },
    });
    return (body.data as { deletePersona: { __typename: string } }).deletePersona.__typename;
  };
  const ask = async () =>
    (await postGraphQL(gateway.url, { query }, { authorization: `Bearer ${asker}` })).status;
  const repeat = async <T>(times: number, call: () => Promise<T>): Promise<T[]> => {
    const results: T[] = [];
    for (let index = 0; index < times; index++) results.push(await call());
    return results;
  };
  const messages = () => gateway.logs.map((line) => JSON.parse(line).msg as string);

  it('counts budgets in memory and lets client requests through while Redis is down, and both come back after', async () => {
    expect(await repeat(2, deletePersona)).toEqual(['DeletePersonaSuccess', 'DeletePersonaSuccess']);
    expect(await repeat(5, ask)).toEqual([200, 200, 200, 200, 429]);

    await redis.stop();
    await waitUntil(() => store.state === 'down', 'the store sees Redis go');

    // This replica alone: a fresh count in memory, still capped at the budget.
    expect(await repeat(4, deletePersona)).toEqual([
      'DeletePersonaSuccess',
      'DeletePersonaSuccess',
      'DeletePersonaSuccess',
      'RateLimitedError',
    ]);
    // Unchecked, past the limit of 4.
    expect(await repeat(6, ask)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await readReady(gateway.url)).toEqual({
      status: 200,
      body: {
        status: 'ready',
        vendors: { BLAND: { circuit: 'CLOSED' }, BOLNA: { circuit: 'CLOSED' } },
        store: 'down',
      },
    });

    await redis.start();
    await waitUntil(() => store.state === 'ready', 'the store reconnects by itself');

    // Counted in Redis again (empty after its restart), not in the memory count that is spent.
    expect(await repeat(4, deletePersona)).toEqual([
      'DeletePersonaSuccess',
      'DeletePersonaSuccess',
      'DeletePersonaSuccess',
      'RateLimitedError',
    ]);
    expect(await repeat(5, ask)).toEqual([200, 200, 200, 200, 429]);
    expect(bland.requests).toHaveLength(8);
    expect((await readReady(gateway.url)).body.store).toBe('ready');

    // A delete meets the client limit first, then the budget: each says so once per outage.
    expect(messages().filter((message) => /shared store/.test(message))).toEqual([
      'client rate limit: the shared store is unavailable, so requests pass unchecked until it is back',
      'Bland budget: the shared store is unavailable, so this replica counts requests on its own until it is back',
      'client rate limit: the shared store answers again; limits apply',
      'Bland budget: the shared store answers again; counting fleet-wide',
    ]);
    const exposition = await metrics.registry.metrics();
    // Every request while Redis was down: 4 deletes and 6 queries passed the client limit unchecked;
    // the 4 deletes' budget takes failed too.
    expect(exposition).toContain('\ngateway_client_limit_unchecked_total 10\n');
    expect(exposition).toContain('\ngateway_store_errors_total{operation="take"} 14\n');
    expect(exposition).toContain('\ngateway_store_errors_total{operation="claim"} 0\n');
  });
});
