import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  byId,
  delayed,
  type FakeVendor,
  hang,
  json,
  type Reply,
  startFakeVendor,
} from '../helpers/fake-vendor.js';
import { hasRedisServer, type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { type RunningMain, startMain } from '../helpers/start-main.js';
import { blandDeleteSuccess, blandNotFound } from '../helpers/vendor-bodies.js';
import { pollUntil, waitUntil } from '../helpers/wait-until.js';

// Needs redis-server (Debian's package): skipped without it, except in CI.
const redisAvailable = hasRedisServer();

const deleteOne =
  'mutation Delete($id: ID!) { deletePersona(id: $id) { __typename ... on DeletePersonaSuccess { personaId confirmedBy } ... on Error { retryable } } }';

const canaries = {
  storeSecret: `store-secret-canary-${randomUUID()}`,
  blandServerKey: `sk-server-canary-${randomUUID()}`,
  blandClientKey: `org_client-canary-${randomUUID()}`,
  token: `token-canary-${randomUUID()}`,
  idempotencyKey: `idempotency-key-canary-${randomUUID()}`,
};

interface Answer {
  status: number;
  replayed: string | null;
  body: Record<string, unknown>;
}

async function deletePersona(
  origin: string,
  id: string,
  key: string | null,
  extra: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${canaries.token}`,
      ...(key === null ? {} : { 'idempotency-key': key }),
      ...extra,
    },
    body: JSON.stringify({ query: deleteOne, variables: { id } }),
    signal: AbortSignal.timeout(15_000),
  });
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed'),
    body: await response.json(),
  };
}

async function storeState(origin: string): Promise<unknown> {
  const response = await fetch(`${origin}/ready`, { signal: AbortSignal.timeout(5000) });
  return ((await response.json()) as { store: unknown }).store;
}

const success = (personaId: string, confirmedBy = 'VENDOR_ANSWER') => ({
  data: { deletePersona: { __typename: 'DeletePersonaSuccess', personaId, confirmedBy } },
});

describe.skipIf(!redisAvailable)('idempotency keys shared by two gateway processes on one Redis', () => {
  let redis: RedisServer;
  let bland: FakeVendor;
  let reply: Reply;
  let mains: RunningMain[] = [];
  const env = () => ({
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: redis.url,
    STORE_SECRET: canaries.storeSecret,
    BLAND_BASE_URL: bland.url,
    BLAND_API_KEY: canaries.blandServerKey,
    GATEWAY_TOKENS: canaries.token,
    UPSTREAM_RETRIES: '0',
    UPSTREAM_TIMEOUT_MS: '500',
  });

  beforeAll(async () => {
    redis = await startRedisServer();
    bland = await startFakeVendor((request, response) => reply(request, response));
    mains = await Promise.all([startMain(env()), startMain(env())]);
    await Promise.all(
      mains.map(({ origin }) => waitUntil(async () => (await storeState(origin)) === 'ready', 'store ready')),
    );
  }, 40_000);
  afterAll(async () => {
    await Promise.all(mains.map((main) => main.stop()));
    await bland?.close();
    await redis?.close();
  });
  beforeEach(() => {
    bland.requests.length = 0;
    reply = json(200, blandDeleteSuccess);
  });

  const [first, second] = [() => mains[0] as RunningMain, () => mains[1] as RunningMain];
  const requests = () => bland.requests.map(({ method, url }) => `${method} ${url.split('?')[0]}`);

  it('answers a retry on the other replica from the store, with no vendor call', async () => {
    const key = `replay-${randomUUID()}`;
    const original = await deletePersona(first().origin, 'persona-replay', key);
    const retry = await deletePersona(second().origin, 'persona-replay', key);

    expect(original).toEqual({ status: 200, replayed: null, body: success('persona-replay') });
    expect(retry).toEqual({ status: 200, replayed: 'true', body: success('persona-replay') });
    expect(requests()).toEqual(['DELETE /v1/personas/persona-replay']);
  });

  it('answers 409 on one replica while the other still runs the request under the key', async () => {
    const slow = delayed(400, json(200, blandDeleteSuccess));
    reply = slow.reply;
    const key = `busy-${randomUUID()}`;
    const running = deletePersona(first().origin, 'persona-busy', key);
    await waitUntil(() => bland.requests.length === 1, 'the first replica called the vendor');

    const refused = await deletePersona(second().origin, 'persona-busy', key);

    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      errors: [
        {
          message:
            'A request under this Idempotency-Key is still running: wait for its answer, then send this again.',
          extensions: { code: 'IDEMPOTENCY_KEY_IN_USE' },
        },
      ],
    });
    expect((await running).body).toEqual(success('persona-busy'));
    expect(requests()).toEqual(['DELETE /v1/personas/persona-busy']);
  });

  it('treats a claim left by a killed replica as an ambiguous earlier attempt once it expires', async () => {
    // A third replica starts the delete; the vendor deletes but never answers; the replica is killed.
    reply = byId((id) => (id === 'persona-killed' ? hang() : json(200, blandDeleteSuccess)));
    const doomed = await startMain(env());
    await waitUntil(async () => (await storeState(doomed.origin)) === 'ready', 'store ready');
    const key = `killed-${randomUUID()}`;
    const lost = deletePersona(doomed.origin, 'persona-killed', key).catch(() => null);
    await waitUntil(() => bland.requests.length === 1, 'the doomed replica called the vendor');
    await doomed.stop();
    await lost;
    reply = json(404, blandNotFound('persona-killed'));

    const whileClaimed = await deletePersona(first().origin, 'persona-killed', key);
    expect(whileClaimed.status).toBe(409);

    // The claim lasts the worst case (1 attempt x 500 ms, two reads, 5 s margin): 6.5 s.
    const afterExpiry = await pollUntil(
      async () => {
        const answer = await deletePersona(first().origin, 'persona-killed', key);
        return answer.status === 409 ? null : answer;
      },
      'the dead claim expired',
      { timeoutMs: 12_000, intervalMs: 500 },
    );
    expect(afterExpiry).toEqual({
      status: 200,
      replayed: null,
      body: success('persona-killed', 'EARLIER_ATTEMPT'),
    });
    expect(requests()).toEqual(['DELETE /v1/personas/persona-killed', 'DELETE /v1/personas/persona-killed']);
  }, 30_000);

  it('never sends a create again under the key of a killed replica: the earlier attempt may have made it', async () => {
    reply = hang();
    const doomed = await startMain(env());
    await waitUntil(async () => (await storeState(doomed.origin)) === 'ready', 'store ready');
    const key = `killed-create-${randomUUID()}`;
    const create = (origin: string) =>
      fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${canaries.token}`,
          'idempotency-key': key,
        },
        body: JSON.stringify({
          query:
            'mutation { createPersona(input: { name: "Made Once" }) { __typename ... on Error { message retryable } } }',
        }),
        signal: AbortSignal.timeout(15_000),
      }).then(async (response) => ({ status: response.status, body: await response.json() }));
    const lost = create(doomed.origin).catch(() => null);
    await waitUntil(() => bland.requests.length === 1, 'the doomed replica sent the create');
    await doomed.stop();
    await lost;

    const afterExpiry = await pollUntil(
      async () => {
        const answer = await create(first().origin);
        return answer.status === 409 ? null : answer;
      },
      'the dead claim expired',
      { timeoutMs: 12_000, intervalMs: 500 },
    );

    expect(afterExpiry).toEqual({
      status: 200,
      body: {
        data: {
          createPersona: {
            __typename: 'UpstreamError',
            message:
              'An earlier request under this Idempotency-Key lost its answer and may have created the persona; nothing was sent again, since that could make a duplicate. Read what exists before trying again with a new key.',
            retryable: false,
          },
        },
      },
    });
    expect(requests()).toEqual(['POST /v1/personas']);
  }, 30_000);

  it('keeps no secret in Redis: every key and value is free of keys, tokens, the store secret and the idempotency key', async () => {
    await deletePersona(first().origin, 'persona-scan', canaries.idempotencyKey, {
      'x-bland-api-key': canaries.blandClientKey,
    });
    const dump = JSON.stringify(await redis.dump());

    expect(dump).toContain('idempotency:');
    for (const [name, canary] of Object.entries(canaries)) expect(dump.includes(canary), name).toBe(false);
  });

  it('answers 503 IDEMPOTENCY_STORE_UNAVAILABLE within a second while Redis is down, serves requests without a key, and recovers', async () => {
    await redis.stop();
    try {
      const started = performance.now();
      const refused = await deletePersona(first().origin, 'persona-down', `down-${randomUUID()}`);
      const elapsedMs = performance.now() - started;

      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 503,
        body: {
          errors: [
            {
              message:
                'The idempotency store cannot answer, so a mutation under an Idempotency-Key cannot run safely now; nothing was sent. Send it again shortly, or without the key.',
              extensions: { code: 'IDEMPOTENCY_STORE_UNAVAILABLE' },
            },
          ],
        },
      });
      expect(elapsedMs).toBeLessThan(1000);
      expect(bland.requests).toEqual([]);
      expect(await deletePersona(first().origin, 'persona-down', null)).toEqual({
        status: 200,
        replayed: null,
        body: success('persona-down'),
      });
    } finally {
      await redis.start();
    }
    await waitUntil(async () => (await storeState(first().origin)) === 'ready', 'store ready again');
    const key = `recovered-${randomUUID()}`;
    await deletePersona(first().origin, 'persona-back', key);
    expect(await deletePersona(second().origin, 'persona-back', key)).toEqual({
      status: 200,
      replayed: 'true',
      body: success('persona-back'),
    });
  }, 30_000);
});
