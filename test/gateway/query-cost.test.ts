import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, json, startFakeVendor } from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { blandData, blandPersonaWire, personaFields } from '../helpers/vendor-bodies.js';

const blandKey = 'sk-cost-bland-key';

let bland: FakeVendor;
let gateway: TestGateway;
beforeAll(async () => {
  bland = await startFakeVendor();
  gateway = await startTestGateway({ bland: { baseUrl: bland.url, apiKey: blandKey } });
});
afterAll(async () => {
  await gateway.close();
  await bland.close();
});
beforeEach(() => {
  bland.requests.length = 0;
});

const personas = (count: number) => Array.from({ length: count }, (_, n) => blandPersonaWire(`persona-${n}`));

function aliasedPersonas(count: number): string {
  const fields = Array.from({ length: count }, (_, n) => `p${n}: persona(id: "persona-${n}") { __typename }`);
  return `query { ${fields.join('\n')} }`;
}

function tooManyCalls(calls: number) {
  return {
    errors: [
      {
        message: `A query may make at most 10 vendor calls; this one can make ${calls}.`,
        locations: [{ line: 1, column: 1 }],
        extensions: { code: 'TOO_MANY_VENDOR_CALLS' },
      },
    ],
  };
}

describe('a query costs the vendor calls it can make (MAX_QUERY_VENDOR_CALLS, 10 by default)', () => {
  it('accepts personas(first: 100) with every Persona field: one vendor call', async () => {
    bland.setReply(json(200, blandData(personas(100))));

    const response = await gateway.graphql(`query {
      personas(first: 100) { __typename ... on PersonaConnection { edges { cursor node { ${personaFields} } } pageInfo { hasNextPage endCursor } } }
    }`);

    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const connection = (response.body.data?.personas ?? {}) as { edges: unknown[]; pageInfo: unknown };
    expect(connection.edges).toHaveLength(100);
    expect(connection.pageInfo).toEqual({
      hasNextPage: true,
      endCursor: Buffer.from('v1:99').toString('base64url'),
    });
    expect(bland.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /v1/personas?page=1&limit=100',
    ]);
  });

  it('accepts 10 aliased persona fields (10 calls)', async () => {
    bland.setReply(json(200, blandData(blandPersonaWire('persona-x'))));

    const response = await gateway.graphql(aliasedPersonas(10));

    expect(response.status).toBe(200);
    expect(Object.keys(response.body.data ?? {})).toHaveLength(10);
    expect(bland.requests).toHaveLength(10);
  });

  it('refuses 11 aliased persona fields before any vendor call', async () => {
    const response = await gateway.graphql(aliasedPersonas(11));

    expect({ status: response.status, body: response.body }).toEqual({ status: 400, body: tooManyCalls(11) });
    expect(bland.requests).toEqual([]);
  });

  it('counts personas as 2 (a window may straddle two Bland pages): 6 aliases are 12 calls, refused', async () => {
    const fields = Array.from({ length: 6 }, (_, n) => `l${n}: personas(first: ${n + 1}) { __typename }`);

    const response = await gateway.graphql(`query { ${fields.join('\n')} }`);

    expect({ status: response.status, body: response.body }).toEqual({ status: 400, body: tooManyCalls(12) });
    expect(bland.requests).toEqual([]);
  });

  it('follows fragments and counts fields sharing a response key once', async () => {
    const response = await gateway.graphql(`
      query { ...Many p0: persona(id: "persona-0") { __typename } }
      fragment Many on Query { ${Array.from({ length: 11 }, (_, n) => `p${n}: persona(id: "persona-${n}") { __typename }`).join(' ')} }
    `);

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [{ ...tooManyCalls(11).errors[0], locations: [{ line: 2, column: 7 }] }],
    });
    expect(bland.requests).toEqual([]);
  });

  it('refuses 500 aliased persona fields before any vendor call (the token limit sees it first)', async () => {
    const response = await gateway.graphql(aliasedPersonas(500));

    expect({ status: response.status, body: response.body }).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'Syntax Error: Token limit of 1000 exceeded.',
            extensions: { code: 'GRAPHQL_PARSE_FAILED' },
          },
        ],
      },
    });
    expect(bland.requests).toEqual([]);
  });

  it('prices the gateway field and __typename at nothing', async () => {
    const response = await gateway.graphql(
      `query { __typename gateway { mode } ${Array.from({ length: 10 }, (_, n) => `p${n}: persona(id: "persona-${n}") { __typename }`).join(' ')} }`,
    );

    expect(response.status).toBe(200);
    expect(bland.requests).toHaveLength(10);
  });
});
