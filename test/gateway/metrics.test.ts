import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { GraphQLEnumType, GraphQLUnionType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { storeOperations } from '../../src/store/store.js';
import { type FakeVendor, hang, json, startFakeVendor, text } from '../helpers/fake-vendor.js';
import { deleteRequest, followUpRead } from '../helpers/follow-up.js';
import { deleteDispositionMutation, deletePersonaMutation } from '../helpers/operations.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const prometheusContentType = 'text/plain; version=0.0.4; charset=utf-8';
const metricNames = [
  'gateway_graphql_operations_total',
  'gateway_graphql_operation_duration_seconds',
  'gateway_vendor_call_duration_seconds',
  'gateway_store_errors_total',
  'gateway_vendor_budget_refusals_total',
  'gateway_client_limit_refusals_total',
  'gateway_client_limit_unchecked_total',
];

const bolnaId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const blandSuccessBody = { data: { success: true, message: 'Persona deleted successfully' }, errors: null };
const bolnaSuccessBody = { message: 'Disposition deleted successfully', id: bolnaId };
const blandNotFoundBody = {
  data: null,
  errors: [{ error: 'PERSONA_NOT_FOUND', message: 'Persona not found', details: { persona_id: 'p-404' } }],
};

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Reads the Prometheus text exposition format: one sample per line, `#` lines skipped. */
function parseExposition(exposition: string): Sample[] {
  return exposition
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match?.[1] || !match[3]) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
        labels[key as string] = (value as string).replace(/\\(.)/g, (_all, escaped: string) =>
          escaped === 'n' ? '\n' : escaped,
        );
      }
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

/** Every sample of `name`, keyed by its labels (`key=value` pairs, sorted), `le` excluded. */
function valuesOf(samples: readonly Sample[], name: string): Record<string, number> {
  return Object.fromEntries(
    samples
      .filter((sample) => sample.name === name)
      .map((sample) => [
        Object.entries(sample.labels)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, value]) => `${key}=${value}`)
          .join(','),
        sample.value,
      ]),
  );
}

async function scrape(url: string, init?: RequestInit): Promise<{ response: Response; text: string }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  return { response, text: await response.text() };
}

describe('GET /metrics', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('answers the Prometheus text format with the gateway metrics, before any request', async () => {
    const { response, text: exposition } = await scrape(`${gateway.url}/metrics`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(prometheusContentType);
    for (const name of metricNames) {
      expect(exposition).toContain(`# TYPE ${name} `);
      expect(exposition).toContain(`# HELP ${name} `);
    }
    expect(exposition).toContain('# TYPE gateway_graphql_operations_total counter');
    expect(exposition).toContain('# TYPE gateway_graphql_operation_duration_seconds histogram');
    expect(exposition).toContain('# TYPE gateway_vendor_call_duration_seconds histogram');
    // Every line is a comment or a well-formed sample.
    expect(() => parseExposition(exposition)).not.toThrow();
  });

  it('refuses any other method with 405', async () => {
    const { response } = await scrape(`${gateway.url}/metrics`, { method: 'POST', body: '' });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});

describe('after a known sequence of requests', () => {
  let bland: FakeVendor;
  let bolna: FakeVendor;
  let gateway: TestGateway;
  let samples: Sample[];
  const timeoutMs = 300;

  beforeAll(async () => {
    bland = await startFakeVendor();
    bolna = await startFakeVendor();
    gateway = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: 'sk-metrics-bland' },
      bolna: { baseUrl: bolna.url, apiKey: 'bn-metrics-bolna' },
      upstreamRetries: 2,
      upstreamTimeoutMs: timeoutMs,
      retryAfterCapSeconds: 0,
    });
    const deletePersona = async (id: string) =>
      (await gateway.graphql(deletePersonaMutation, { variables: { id } })).body.data?.deletePersona;

    bland.setReply(json(200, blandSuccessBody));
    expect(await deletePersona('p-ok')).toMatchObject({ __typename: 'DeletePersonaSuccess' });
    bland.setReply(json(404, blandNotFoundBody));
    expect(await deletePersona('p-404')).toMatchObject({ __typename: 'PersonaNotFoundError' });
    bland.setReply(text(503, 'Service Unavailable', 'text/plain'));
    expect(await deletePersona('p-503')).toMatchObject({
      __typename: 'UpstreamError',
      reason: 'SERVER_ERROR',
      status: 503,
    });
    expect(await deletePersona('not a valid id')).toMatchObject({ __typename: 'InvalidInputError' });
    const sent = (fake: FakeVendor) => fake.requests.map(({ method, url }) => ({ method, url }));
    // The 503 is retried twice, then its ambiguous outcome is followed by one read, which meets a 503 too.
    expect(sent(bland)).toEqual([
      deleteRequest('BLAND', 'p-ok'),
      deleteRequest('BLAND', 'p-404'),
      deleteRequest('BLAND', 'p-503'),
      deleteRequest('BLAND', 'p-503'),
      deleteRequest('BLAND', 'p-503'),
      followUpRead('BLAND', 'p-503'),
    ]);

    bolna.setReply(json(200, bolnaSuccessBody));
    expect(
      (await gateway.graphql(deleteDispositionMutation, { variables: { id: bolnaId } })).body.data,
    ).toMatchObject({ deleteDisposition: { __typename: 'DeleteDispositionSuccess' } });
    bolna.setReply(hang());
    expect(
      (await gateway.graphql(deleteDispositionMutation, { variables: { id: bolnaId } })).body.data,
    ).toMatchObject({ deleteDisposition: { __typename: 'UpstreamError', reason: 'TIMEOUT' } });
    // The timeout is followed by one read, which times out too.
    expect(sent(bolna)).toEqual([
      deleteRequest('BOLNA', bolnaId),
      deleteRequest('BOLNA', bolnaId),
      followUpRead('BOLNA', bolnaId),
    ]);

    expect((await gateway.graphql('{ gateway { mode } }')).status).toBe(200);
    expect((await gateway.graphql('{ nope }')).status).toBe(400);
    // A missing variable: refused before it produced any data, so `rejected` (as a mutation).
    expect((await gateway.graphql(deletePersonaMutation)).body.errors).toHaveLength(1);
    const notJson = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query":"{ gateway { mode } }"}',
    });
    await notJson.text();
    expect(notJson.status).toBe(415);

    const { text: exposition } = await scrape(`${gateway.url}/metrics`);
    samples = parseExposition(exposition);
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all([bland.close(), bolna.close()]);
  });

  it('counts GraphQL operations by type and outcome', () => {
    expect(valuesOf(samples, 'gateway_graphql_operations_total')).toEqual({
      'outcome=ok,type=mutation': 6,
      'outcome=ok,type=query': 1,
      'outcome=rejected,type=mutation': 1,
      'outcome=rejected,type=none': 2,
    });
  });

  it('observes one operation duration per counted operation', () => {
    expect(valuesOf(samples, 'gateway_graphql_operation_duration_seconds_count')).toEqual({
      'outcome=ok,type=mutation': 6,
      'outcome=ok,type=query': 1,
      'outcome=rejected,type=mutation': 1,
      'outcome=rejected,type=none': 2,
    });
  });

  it('observes every HTTP call to a vendor, each retry and follow-up read included, by vendor, outcome and status class', () => {
    expect(valuesOf(samples, 'gateway_vendor_call_duration_seconds_count')).toEqual({
      'outcome=DeletePersonaSuccess,status_class=2xx,vendor=BLAND': 1,
      'outcome=PersonaNotFoundError,status_class=4xx,vendor=BLAND': 1,
      // Three deletes and the follow-up read.
      'outcome=SERVER_ERROR,status_class=5xx,vendor=BLAND': 4,
      'outcome=DeleteDispositionSuccess,status_class=2xx,vendor=BOLNA': 1,
      // The delete and the follow-up read.
      'outcome=TIMEOUT,status_class=none,vendor=BOLNA': 2,
    });
  });

  it('measures vendor calls in seconds: both 300 ms timeouts (delete and follow-up read) land between the 0.25 and 2.5 buckets', () => {
    const buckets = valuesOf(samples, 'gateway_vendor_call_duration_seconds_bucket');

    expect(buckets['le=0.25,outcome=TIMEOUT,status_class=none,vendor=BOLNA']).toBe(0);
    expect(buckets['le=2.5,outcome=TIMEOUT,status_class=none,vendor=BOLNA']).toBe(2);
    expect(buckets['le=+Inf,outcome=TIMEOUT,status_class=none,vendor=BOLNA']).toBe(2);
  });
});

describe('a chunked POST (no content-length)', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('is counted like any other operation', async () => {
    const body = new TextEncoder().encode(JSON.stringify({ query: '{ gateway { mode } }' }));
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(body);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(await response.json()).toEqual({ data: { gateway: { mode: 'LIVE' } } });

    const { text: exposition } = await scrape(`${gateway.url}/metrics`);

    expect(valuesOf(parseExposition(exposition), 'gateway_graphql_operations_total')).toEqual({
      'outcome=ok,type=query': 1,
    });
  });
});

describe('label values', () => {
  /** Every member of every union in the schema, and every UpstreamFailure reason. */
  function vendorCallOutcomes(): Set<string> {
    const outcomes = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (type instanceof GraphQLUnionType) for (const member of type.getTypes()) outcomes.add(member.name);
    }
    const reasons = schema.getType('UpstreamFailure');
    if (!(reasons instanceof GraphQLEnumType)) throw new Error('no UpstreamFailure enum in the schema');
    for (const { name } of reasons.getValues()) outcomes.add(name);
    return outcomes;
  }

  const operationLabels = {
    type: new Set(['query', 'mutation', 'subscription', 'none']),
    outcome: new Set(['ok', 'errors', 'rejected', 'failed']),
  };
  /** Each gateway metric family and the values each of its labels may take. */
  const closedSets: Record<string, Record<string, Set<string>>> = {
    gateway_graphql_operations_total: operationLabels,
    gateway_graphql_operation_duration_seconds: operationLabels,
    gateway_vendor_call_duration_seconds: {
      vendor: new Set(['BLAND', 'BOLNA']),
      outcome: vendorCallOutcomes(),
      status_class: new Set(['1xx', '2xx', '3xx', '4xx', '5xx', 'none']),
    },
    gateway_store_errors_total: { operation: new Set(storeOperations) },
    gateway_vendor_budget_refusals_total: { vendor: new Set(['BLAND', 'BOLNA']) },
    gateway_client_limit_refusals_total: {},
    gateway_client_limit_unchecked_total: {},
    gateway_idempotency_replays_total: {},
    gateway_idempotency_conflicts_total: { reason: new Set(['in_use', 'reused']) },
  };

  const marker = randomBytes(12).toString('hex');
  let bland: FakeVendor;
  let gateway: TestGateway;
  let exposition: string;

  beforeAll(async () => {
    bland = await startFakeVendor(
      json(418, { data: null, errors: [{ error: `CODE_${marker}`, message: `message ${marker}` }] }),
    );
    gateway = await startTestGateway({ bland: { baseUrl: bland.url, apiKey: 'sk-labels-bland' } });
    const hostile = { 'x-request-id': `rid-${marker}`, 'x-bland-api-key': `sk-${marker}` };
    const answers = [
      await gateway.graphql(
        `mutation Evil_${marker} { deletePersona(id: "id-${marker}") { __typename ... on UpstreamError { reason vendorCode } } }`,
        { headers: hostile },
      ),
      await gateway.graphql(`mutation Evil_${marker}_2($id: ID!) { deletePersona(id: $id) { __typename } }`, {
        variables: { id: `../${marker}` },
        headers: hostile,
      }),
      await gateway.graphql(
        `mutation Evil_${marker}_3 { deleteDisposition(id: "${marker}") { __typename } }`,
      ),
      await gateway.graphql(`query Evil_${marker}_4 { gateway { mode } }`, { headers: hostile }),
      await gateway.graphql(`query Evil_${marker}_5 { nope_${marker} }`, { headers: hostile }),
      await gateway.graphql(`query Evil_${marker}_6 {`),
    ];
    expect(answers.map(({ status }) => status)).toEqual([200, 200, 200, 200, 400, 400]);
    expect(answers[0]?.body.data).toEqual({
      deletePersona: { __typename: 'UpstreamError', reason: 'VENDOR_ERROR', vendorCode: `CODE_${marker}` },
    });
    const unknownOperation = await fetch(`${gateway.url}/graphql?evil=${marker}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': `rid-${marker}` },
      body: JSON.stringify({ query: 'query Known { gateway { mode } }', operationName: `Evil_${marker}_7` }),
    });
    await unknownOperation.text();
    expect(bland.requests).toHaveLength(1);

    exposition = (await scrape(`${gateway.url}/metrics`)).text;
  });
  afterAll(async () => {
    await gateway.close();
    await bland.close();
  });

  it('never carry an id, a message, a vendor code, a request id or an operation name a client invented', () => {
    expect(exposition).toContain('gateway_vendor_call_duration_seconds_count{');
    expect(exposition).not.toContain(marker);
    expect(exposition).not.toMatch(/Evil_/);
  });

  it('come from closed sets on every gateway metric', () => {
    const gatewaySamples = parseExposition(exposition).filter(({ name }) => name.startsWith('gateway_'));
    expect(gatewaySamples.length).toBeGreaterThan(0);
    for (const { name, labels } of gatewaySamples) {
      const family = Object.keys(closedSets).find(
        (candidate) => name === candidate || name.startsWith(`${candidate}_`),
      );
      if (family === undefined) throw new Error(`a gateway metric this test does not know: ${name}`);
      for (const [label, value] of Object.entries(labels)) {
        if (label === 'le') continue;
        const allowed = closedSets[family]?.[label];
        if (!allowed) throw new Error(`${name} has a label this test does not know: ${label}`);
        expect(allowed.has(value), `${name} ${label}="${value}"`).toBe(true);
      }
    }
  });

  it('record the invented operations under their type alone', () => {
    expect(valuesOf(parseExposition(exposition), 'gateway_graphql_operations_total')).toEqual({
      'outcome=ok,type=mutation': 3,
      'outcome=ok,type=query': 1,
      'outcome=rejected,type=none': 3,
    });
  });
});

describe('with GATEWAY_TOKENS set', () => {
  const token = `metrics-token-${randomBytes(12).toString('hex')}`;
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ gatewayTokens: [token] });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('answers 401 to GET /metrics without a token, with no metric in the body', async () => {
    const { response, text: body } = await scrape(`${gateway.url}/metrics`);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="voice-ai-gateway"');
    expect(body).not.toContain('gateway_');
  });

  it('answers 401 to GET /metrics with a wrong token', async () => {
    const { response } = await scrape(`${gateway.url}/metrics`, {
      headers: { authorization: `Bearer ${token}x` },
    });

    expect(response.status).toBe(401);
  });

  it('serves GET /metrics with a valid token', async () => {
    const { response, text: exposition } = await scrape(`${gateway.url}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(prometheusContentType);
    for (const name of metricNames) expect(exposition).toContain(`# TYPE ${name} `);
  });
});

describe('with a metrics port set', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ metricsPort: 0 });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('does not serve /metrics on the main port', async () => {
    const { response, text: body } = await scrape(`${gateway.url}/metrics`);

    expect(response.status).toBe(404);
    expect(body).not.toContain('gateway_');
  });

  it('still serves GraphQL on the main port', async () => {
    expect((await gateway.graphql('{ gateway { mode } }')).body).toEqual({
      data: { gateway: { mode: 'LIVE' } },
    });
  });
});

describe('the entry point with METRICS_PORT=0 and GATEWAY_TOKENS', () => {
  const token = `metrics-token-${randomBytes(12).toString('hex')}`;
  let child: ChildProcess;
  let stdout = '';
  let graphqlUrl: string;
  let metricsUrl: string;

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = { PORT: '0', HOST: '127.0.0.1', METRICS_PORT: '0', GATEWAY_TOKENS: token };
    if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
    if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.setEncoding('utf8');
    [graphqlUrl, metricsUrl] = await new Promise<[string, string]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no metrics line within 15 s:\n${stdout}`)), 15_000);
      child.stdout?.on('data', (chunk: string) => {
        stdout += chunk;
        const graphql = /GraphiQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)\b/.exec(stdout)?.[1];
        const metrics = /Metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)\b/.exec(stdout)?.[1];
        if (graphql && metrics) {
          clearTimeout(timer);
          resolve([graphql, metrics]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`main exited with ${code}:\n${stdout}`));
      });
    });
  });
  afterAll(() => {
    child.kill('SIGKILL');
  });

  it('prints the metrics URL on a real port of its own', () => {
    const metricsPort = Number(new URL(metricsUrl).port);
    expect(metricsPort).toBeGreaterThan(0);
    expect(metricsPort).not.toBe(Number(new URL(graphqlUrl).port));
  });

  it('serves /metrics on that port, without a token, counting the main port requests', async () => {
    const query = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ gateway { mode } }' }),
      signal: AbortSignal.timeout(5000),
    });
    expect(await query.json()).toEqual({ data: { gateway: { mode: 'SANDBOX' } } });

    const { response, text: exposition } = await scrape(metricsUrl);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(prometheusContentType);
    expect(valuesOf(parseExposition(exposition), 'gateway_graphql_operations_total')).toEqual({
      'outcome=ok,type=query': 1,
    });
  });

  it('answers 404 on the metrics port for any other path', async () => {
    const { response } = await scrape(new URL('/graphql', metricsUrl).href);

    expect(response.status).toBe(404);
  });

  it('does not serve /metrics on the main port, even with a valid token', async () => {
    const { response, text: body } = await scrape(new URL('/metrics', graphqlUrl).href, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(response.status).toBe(404);
    expect(body).not.toContain('gateway_');
  });
});
