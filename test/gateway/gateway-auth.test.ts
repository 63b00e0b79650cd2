import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/observability/audit-log.js';
import { type FakeVendor, json, startFakeVendor } from '../helpers/fake-vendor.js';
import { deletePersonaMutation } from '../helpers/operations.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/** The random part of each token: searched for alone, so a token cut down to it still counts. */
const secrets = [randomBytes(12).toString('hex'), randomBytes(12).toString('hex')];
const tokens = [`gw-first-${secrets[0]}`, `gw-second-${secrets[1]}`] as const;
const [firstToken, secondToken] = tokens;
const canaries = [...tokens, ...secrets];
const blandKey = 'sk-auth-bland-server-key';

const blandSuccessBody = '{"data":{"success":true,"message":"Persona deleted successfully"},"errors":null}';
const unauthorizedBody = {
  errors: [
    {
      message: 'This gateway needs a bearer token: send Authorization: Bearer <token>.',
      extensions: { code: 'UNAUTHENTICATED' },
    },
  ],
};
const bearerChallenge = 'Bearer realm="voice-ai-gateway"';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let bland: FakeVendor;
let gateway: TestGateway;
beforeAll(async () => {
  bland = await startFakeVendor(json(200, blandSuccessBody));
  gateway = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: blandKey },
    gatewayTokens: tokens,
  });
});
afterAll(async () => {
  await gateway.close();
  await bland.close();
});
beforeEach(() => {
  bland.requests.length = 0;
  gateway.logs.length = 0;
});

function vendorCalls(): string[] {
  return bland.requests.map(({ method, url }) => `${method} ${url}`);
}

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

async function send(path: string, init?: RequestInit): Promise<RawResponse> {
  const response = await fetch(`${gateway.url}${path}`, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** POSTs the real deletePersona mutation as a JSON client would, with `headers` added. */
function postDelete(id: string, headers: Record<string, string> = {}, path = '/graphql') {
  return send(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query: deletePersonaMutation, variables: { id } }),
  });
}

function personaSuccess(personaId: string) {
  return {
    data: {
      deletePersona: {
        __typename: 'DeletePersonaSuccess',
        personaId,
        message: 'Persona deleted successfully',
      },
    },
  };
}

/** The audit record of one successful Bland delete, with the fields that vary left open. */
function successRecord(id: string, client: string, requestId: unknown = expect.stringMatching(uuid)) {
  return {
    time: expect.any(String),
    requestId,
    client,
    vendor: 'BLAND',
    operation: 'persona.delete',
    id,
    force: false,
    outcome: 'DeletePersonaSuccess',
    reason: null,
    vendorStatus: 200,
    attempts: 1,
    followUp: null,
    redeleteOutcome: null,
    confirmedBy: 'VENDOR_ANSWER',
    fromStore: false,
    durationMs: expect.any(Number),
  } satisfies Record<keyof AuditRecord, unknown>;
}

describe('with GATEWAY_TOKENS, a request without a valid bearer token', () => {
  it.each<[string, Record<string, string>]>([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: `Bearer gw-wrong-${randomBytes(12).toString('hex')}` }],
    ['Bearer with nothing after it', { authorization: 'Bearer' }],
    ['Bearer and a space with nothing after it', { authorization: 'Bearer \t' }],
    ['a valid token in a different case', { authorization: `Bearer ${firstToken.toUpperCase()}` }],
    ['a valid token cut short by one character', { authorization: `Bearer ${firstToken.slice(0, -1)}` }],
    ['a valid token with a character added', { authorization: `Bearer ${firstToken}x` }],
    ['a valid token without the Bearer scheme', { authorization: firstToken }],
    ['both tokens joined by a comma', { authorization: `Bearer ${firstToken},${secondToken}` }],
    [
      'the Basic scheme carrying a valid token',
      { authorization: `Basic ${Buffer.from(`user:${firstToken}`).toString('base64')}` },
    ],
    ['a valid token in another header', { 'x-api-key': firstToken, 'x-gateway-token': firstToken }],
  ])('with %s is answered 401 with a GraphQL error body and reaches no vendor', async (_case, headers) => {
    const response = await postDelete('unauthorized', headers);

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('www-authenticate')).toBe(bearerChallenge);
    expect(JSON.parse(response.text)).toEqual(unauthorizedBody);
    expect(vendorCalls()).toEqual([]);
    expect(gateway.auditRecords()).toEqual([]);
  });

  it('is answered 401 to a query over GET', async () => {
    const response = await send(`/graphql?query=${encodeURIComponent('{gateway{mode}}')}`);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(bearerChallenge);
    expect(JSON.parse(response.text)).toEqual(unauthorizedBody);
  });

  it('gets the GraphiQL page, never the result, for a query over GET that accepts text/html', async () => {
    const response = await send(`/graphql?query=${encodeURIComponent('{gateway{mode}}')}`, {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).not.toContain('"LIVE"');
  });

  // Yoga answers GraphQL at any URL that ends in /graphql or /graphql/ (its use-unhandled-route
  // plugin), so each of these would run the delete if authentication looked at one exact path.
  it.each(['/graphql/', '//graphql', '/anything/graphql', '/?next=/graphql'])(
    'sent to %s, another path Yoga answers as GraphQL, is refused and reaches no vendor',
    async (path) => {
      const response = await postDelete('other-path', {}, path);

      expect({ path, status: response.status, vendorCalls: vendorCalls() }).toEqual({
        path,
        status: expect.toBeOneOf([401, 404]),
        vendorCalls: [],
      });
    },
  );
});

describe('with GATEWAY_TOKENS, a request with a valid bearer token', () => {
  it.each([{ index: 0 }, { index: 1 }])(
    'runs the delete with token $index and audits it as client token:$index',
    async ({ index }) => {
      const response = await postDelete(`persona-${index}`, { authorization: `Bearer ${tokens[index]}` });

      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toEqual(personaSuccess(`persona-${index}`));
      expect(vendorCalls()).toEqual([`DELETE /v1/personas/persona-${index}?force=false`]);
      expect(bland.requests[0]?.headers.authorization).toBe(blandKey);
      expect(gateway.auditRecords()).toEqual([successRecord(`persona-${index}`, `token:${index}`)]);
    },
  );

  it('knows each token again on later requests, and still refuses near misses of one it knows', async () => {
    const bothTwice = [firstToken, secondToken, firstToken, secondToken];
    for (const [index, token] of bothTwice.entries()) {
      expect(
        JSON.parse((await postDelete(`again-${index}`, { authorization: `Bearer ${token}` })).text),
      ).toEqual(personaSuccess(`again-${index}`));
    }
    const nearMisses = [
      `${firstToken}x`,
      firstToken.slice(0, -1),
      firstToken.toUpperCase(),
      `x${firstToken}`,
    ];
    for (const nearMiss of nearMisses) {
      const response = await postDelete('near-miss', { authorization: `Bearer ${nearMiss}` });
      expect({ status: response.status, body: JSON.parse(response.text) }).toEqual({
        status: 401,
        body: unauthorizedBody,
      });
    }

    expect(vendorCalls()).toEqual(
      bothTwice.map((_, index) => `DELETE /v1/personas/again-${index}?force=false`),
    );
    expect(gateway.auditRecords()).toEqual(
      ['token:0', 'token:1', 'token:0', 'token:1'].map((client, index) =>
        successRecord(`again-${index}`, client),
      ),
    );
  });

  it('accepts the Bearer scheme in any case, as HTTP authentication schemes are case-insensitive', async () => {
    const response = await postDelete('scheme-case', { authorization: `bearer ${secondToken}` });

    expect(JSON.parse(response.text)).toEqual(personaSuccess('scheme-case'));
    expect(vendorCalls()).toEqual(['DELETE /v1/personas/scheme-case?force=false']);
  });

  it('runs a query over GET', async () => {
    const response = await send(`/graphql?query=${encodeURIComponent('{gateway{mode}}')}`, {
      headers: { authorization: `Bearer ${firstToken}` },
    });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ data: { gateway: { mode: 'LIVE' } } });
  });
});

describe('with GATEWAY_TOKENS, what stays open', () => {
  it('answers GET /health with 200 without a token', async () => {
    const response = await send('/health');

    expect(response.status).toBe(200);
  });

  it('answers GET /ready with 200 and its body without a token', async () => {
    const response = await send('/ready');

    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({
      status: 'ready',
      vendors: { BLAND: { circuit: 'CLOSED' }, BOLNA: { circuit: 'CLOSED' } },
      store: 'memory',
    });
  });

  it('serves the GraphiQL page (GET /graphql accepting text/html, no query) without a token', async () => {
    const response = await send('/graphql', {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).toContain('<title>Voice AI gateway</title>');
    expect(vendorCalls()).toEqual([]);
  });
});

describe('tokens never leak', () => {
  it('keeps both tokens out of every response, header, log line and audit record', async () => {
    const responses = [
      await postDelete('leak-check', { authorization: `Bearer ${secondToken}` }),
      await postDelete('leak-check-refused', { authorization: `Bearer ${firstToken}x` }),
      await postDelete('leak-check-basic', {
        authorization: `Basic ${Buffer.from(`${secondToken}:`).toString('base64')}`,
      }),
      await send(`/graphql?query=${encodeURIComponent('{gateway{mode version}}')}`, {
        headers: { authorization: `Bearer ${firstToken}` },
      }),
      await send('/graphql', { headers: { accept: 'text/html' } }),
      await send('/ready'),
    ];

    expect(gateway.auditRecords()).toEqual([successRecord('leak-check', 'token:1')]);
    const everything = [
      ...responses.flatMap(({ headers, text }) => [text, JSON.stringify([...headers])]),
      ...gateway.logs,
    ].join('\n');
    expect(gateway.logs.length).toBeGreaterThan(0);
    for (const canary of canaries) expect(everything).not.toContain(canary);
  });
});

describe('without GATEWAY_TOKENS', () => {
  let open: TestGateway;
  beforeAll(async () => {
    open = await startTestGateway({ bland: { baseUrl: bland.url, apiKey: blandKey } });
  });
  afterAll(async () => {
    await open.close();
  });

  it('runs a delete without a token and audits it as client anonymous', async () => {
    const response = await open.graphql(deletePersonaMutation, { variables: { id: 'anonymous-1' } });

    expect(response.status).toBe(200);
    expect(response.body).toEqual(personaSuccess('anonymous-1'));
    expect(open.auditRecords()).toEqual([successRecord('anonymous-1', 'anonymous')]);
  });

  it('audits a delete sent with some bearer token as client anonymous too', async () => {
    const response = await open.graphql(deletePersonaMutation, {
      variables: { id: 'anonymous-2' },
      headers: { authorization: `Bearer ${firstToken}` },
    });

    expect(response.body).toEqual(personaSuccess('anonymous-2'));
    expect(open.auditRecords().filter((record) => record.id === 'anonymous-2')).toEqual([
      successRecord('anonymous-2', 'anonymous'),
    ]);
  });
});

describe('request ids', () => {
  it('echoes a safe x-request-id in the response header and records it as the audit requestId', async () => {
    const requestId = 'req-42.abc_DEF:9';

    const response = await postDelete('with-request-id', {
      authorization: `Bearer ${firstToken}`,
      'x-request-id': requestId,
    });

    expect(JSON.parse(response.text)).toEqual(personaSuccess('with-request-id'));
    expect(response.headers.get('x-request-id')).toBe(requestId);
    expect(gateway.auditRecords()).toEqual([successRecord('with-request-id', 'token:0', requestId)]);
  });

  it.each([
    ['spaces', 'my request id'],
    ['200 characters', 'a'.repeat(200)],
    ['markup', '<script>alert(1)</script>'],
    ['quotes and braces', '"},{"client":"token:9'],
  ])(
    'replaces an x-request-id with %s by a generated UUID, in the header and the audit record',
    async (_case, sent) => {
      const response = await postDelete('unsafe-request-id', {
        authorization: `Bearer ${firstToken}`,
        'x-request-id': sent,
      });

      const echoed = response.headers.get('x-request-id');
      expect(echoed).toMatch(uuid);
      expect(gateway.auditRecords()).toEqual([successRecord('unsafe-request-id', 'token:0', echoed)]);
      expect(gateway.logs.join('\n')).not.toContain(sent);
    },
  );

  it('generates a different UUID for each request that sends none', async () => {
    const first = await postDelete('no-request-id-1', { authorization: `Bearer ${firstToken}` });
    const second = await postDelete('no-request-id-2', { authorization: `Bearer ${firstToken}` });

    const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
    expect(ids).toEqual([expect.stringMatching(uuid), expect.stringMatching(uuid)]);
    expect(ids[0]).not.toBe(ids[1]);
    expect(gateway.auditRecords().map((record) => record.requestId)).toEqual(ids);
  });
});
