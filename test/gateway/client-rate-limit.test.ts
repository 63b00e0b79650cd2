import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayOptions } from '../../src/server/create-gateway.js';
import { storeVariants } from '../helpers/store-variants.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

// The Redis half needs redis-server (Debian's package): skipped without it, except in CI.

const tokenA = 'client-token-a-0123456789';
const tokenB = 'client-token-b-0123456789';
const query = '{ gateway { mode } }';
const answered = { data: { gateway: { mode: 'LIVE' } } };

/** The 429 body for a limit of `limit` per minute and a wait of `seconds`. */
function limited(limit: number, seconds: number) {
  return {
    errors: [
      {
        message: `Too many requests: at most ${limit} per minute per client. Retry after ${seconds} s.`,
        extensions: { code: 'RATE_LIMITED' },
      },
    ],
  };
}

interface Answer {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

describe.each(storeVariants())('client rate limits on the $name store', (variant) => {
  let gateway: TestGateway;

  beforeAll(() => variant.setUp());
  afterAll(() => variant.tearDown());
  afterEach(async () => {
    await gateway?.close();
  });

  async function start(options: Partial<GatewayOptions>): Promise<void> {
    gateway = await startTestGateway({ ...(await variant.gatewayOptions()), ...options });
  }

  async function send(path: string, init: RequestInit = {}): Promise<Answer> {
    const response = await fetch(`${gateway.url}${path}`, init);
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('json');
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: isJson ? JSON.parse(text) : text.slice(0, 15),
    };
  }
  const post = (headers: Record<string, string> = {}, body = JSON.stringify({ query })) =>
    send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const withToken = (token: string) => ({ authorization: `Bearer ${token}` });

  it('answers a verified caller past its limit 429 with an integer Retry-After, and other callers normally', async () => {
    await start({ gatewayTokens: [tokenA, tokenB], clientRequestsPerMinute: 3 });
    const answers: Answer[] = [];
    for (let call = 0; call < 5; call++) answers.push(await post(withToken(tokenA)));

    const ok: Answer = { status: 200, retryAfter: null, body: answered };
    const retryAfter = answers[3]?.retryAfter ?? '';
    expect(['59', '60']).toContain(retryAfter);
    const refused: Answer = { status: 429, retryAfter, body: limited(3, Number(retryAfter)) };
    expect(answers).toEqual([ok, ok, ok, refused, refused]);
    expect(await post(withToken(tokenB))).toEqual(ok);
  });

  it('refuses before parsing: a caller past its limit gets 429 even for a body that is not JSON', async () => {
    await start({ gatewayTokens: [tokenA], clientRequestsPerMinute: 1 });
    expect((await post(withToken(tokenA))).status).toBe(200);

    expect((await post(withToken(tokenA), '{not json')).status).toBe(429);
  });

  it('answers a bad token 401 first and does not count it', async () => {
    await start({ gatewayTokens: [tokenA], clientRequestsPerMinute: 2 });
    // Counted by address before the auth gate, the third would be 429.
    for (let call = 0; call < 4; call++) {
      expect((await post({ authorization: 'Bearer not-a-token-of-this-gateway' })).status).toBe(401);
      expect((await post()).status).toBe(401);
    }

    expect((await post(withToken(tokenA))).status).toBe(200);
    expect((await post(withToken(tokenA))).status).toBe(200);
    expect((await post(withToken(tokenA))).status).toBe(429);
  });

  it('never counts /health, /ready or /metrics', async () => {
    await start({ clientRequestsPerMinute: 1 });
    for (let call = 0; call < 3; call++) {
      for (const path of ['/health', '/ready', '/metrics']) expect((await send(path)).status).toBe(200);
    }

    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(429);
  });

  it('counts a caller without tokens by its address, ignoring X-Forwarded-For with no trusted hop', async () => {
    await start({ clientRequestsPerMinute: 2 });

    expect((await post({ 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await post({ 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
    expect((await post({ 'x-forwarded-for': '203.0.113.3' })).status).toBe(429);
  });

  it('counts by the address the trusted proxy saw with TRUSTED_PROXY_HOPS=1, whatever the client wrote before it', async () => {
    await start({ clientRequestsPerMinute: 1, trustedProxyHops: 1 });

    expect((await post({ 'x-forwarded-for': '198.51.100.7, 203.0.113.1' })).status).toBe(200);
    expect((await post({ 'x-forwarded-for': '198.51.100.8, 203.0.113.1' })).status).toBe(429);
    expect((await post({ 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
    // No header at all: the proxy is the client (the loopback peer here).
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(429);
  });

  it('counts each refusal in gateway_client_limit_refusals_total', async () => {
    await start({ clientRequestsPerMinute: 1 });
    for (let call = 0; call < 4; call++) await post();

    const exposition = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(exposition).toContain('\ngateway_client_limit_refusals_total 3\n');
    expect(exposition).toContain('\ngateway_client_limit_unchecked_total 0\n');
  });
});
